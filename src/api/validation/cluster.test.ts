import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { applyDefaults } from '../defaults/index.js';
import { validate, validateUpdate } from './index.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Any = any;
const check = (group: string, resource: string, o: Any) => {
  applyDefaults(group, resource, o);
  return validate(group, resource, o).map(String);
};

describe('policy, scheduling, node and coordination', () => {
  it('checks pod disruption budgets', () => {
    assert.deepEqual(
      check('policy', 'poddisruptionbudgets', {
        metadata: { name: 'p', namespace: 'd' },
        spec: { minAvailable: '50%', selector: { matchLabels: { app: 'a' } } },
      }),
      [],
    );
    const errs = check('policy', 'poddisruptionbudgets', {
      metadata: { name: 'p', namespace: 'd' },
      spec: { minAvailable: -1, maxUnavailable: 'half' },
    });
    assert.deepEqual(errs.slice(1), [
      'spec.minAvailable: Invalid value: -1: must be greater than or equal to 0',
      "spec.maxUnavailable: Invalid value: intstr.IntOrString{Type:1, IntVal:0, StrVal:\"half\"}: a valid percent string must be a numeric string followed by an ending '%' (e.g. '1%',  or '93%', regex used for validation is '[0-9]+%')",
    ]);
    assert.match(errs[0], /^spec: Invalid value: .*: minAvailable and maxUnavailable cannot be both set$/);
  });

  it('checks priority classes', () => {
    const S = 'scheduling.k8s.io';
    assert.deepEqual(
      check(S, 'priorityclasses', { metadata: { name: 'system-node-critical' }, value: 2000001000 }),
      [],
    );
    assert.deepEqual(check(S, 'priorityclasses', { metadata: { name: 'system-cluster-critical' }, value: 5 }), [
      "metadata.name: Forbidden: priority class names with 'system-' prefix are reserved for system use only. error: value of system-cluster-critical PriorityClass must be 2000000000",
    ]);
    assert.deepEqual(check(S, 'priorityclasses', { metadata: { name: 'big' }, value: 1000000001 }), [
      'value: Forbidden: maximum allowed value of a user defined priority is 1000000000',
    ]);
    const old = { metadata: { name: 'p', resourceVersion: '1' }, value: 1, preemptionPolicy: 'Never' };
    assert.deepEqual(validateUpdate(S, 'priorityclasses', { ...old, value: 2 }, old).map(String), [
      'value: Forbidden: may not be changed in an update.',
    ]);
  });

  it('checks runtime classes and leases', () => {
    assert.deepEqual(check('node.k8s.io', 'runtimeclasses', { metadata: { name: 'gvisor' }, handler: 'runsc' }), []);
    const old = { metadata: { name: 'g', resourceVersion: '1' }, handler: 'runsc' };
    assert.deepEqual(validateUpdate('node.k8s.io', 'runtimeclasses', { ...old, handler: 'runc' }, old).map(String), [
      'handler: Invalid value: "runc": field is immutable',
    ]);
    assert.deepEqual(
      check('coordination.k8s.io', 'leases', {
        metadata: { name: 'l', namespace: 'd' },
        spec: { leaseDurationSeconds: 0, leaseTransitions: -1 },
      }),
      [
        'spec.leaseDurationSeconds: Invalid value: 0: must be greater than 0',
        'spec.leaseTransitions: Invalid value: -1: must be greater than or equal to 0',
      ],
    );
  });
});
