import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { applyDefaults } from '../defaults/index.js';
import { validate, validateStatusUpdate, validateUpdate } from './index.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Any = any;
const template = (labels: Any = { app: 'web' }, spec: Any = {}) => ({
  metadata: { labels },
  spec: { containers: [{ name: 'c', image: 'nginx' }], ...spec },
});
const workload = (resource: string, spec: Any, name = 'web'): Any => {
  const o = { metadata: { name, namespace: 'default', resourceVersion: '1' }, spec };
  applyDefaults('apps', resource, o);
  return o;
};
const errors = (resource: string, o: Any) => validate('apps', resource, o).map(String);

describe('deployments', () => {
  const valid = () => workload('deployments', { selector: { matchLabels: { app: 'web' } }, template: template() });

  it('accepts a defaulted deployment', () => {
    assert.deepEqual(errors('deployments', valid()), []);
  });

  it('requires a selector that matches the template and a template that restarts Always', () => {
    // As upstream: a missing selector selects nothing, so the labels do not match it either.
    const d = workload('deployments', { template: template({ app: 'web' }, { restartPolicy: 'OnFailure' }) });
    assert.deepEqual(errors('deployments', d), [
      'spec.selector: Required value',
      'spec.template.metadata.labels: Invalid value: map[string]string{"app":"web"}: `selector` does not match template `labels`',
      'spec.template.spec.restartPolicy: Unsupported value: "OnFailure": supported values: "Always"',
    ]);
    const mismatch = workload('deployments', { selector: { matchLabels: { app: 'api' } }, template: template() });
    assert.deepEqual(errors('deployments', mismatch), [
      'spec.template.metadata.labels: Invalid value: map[string]string{"app":"web"}: `selector` does not match template `labels`',
    ]);
    const empty = workload('deployments', { selector: {}, template: template() });
    assert.deepEqual(errors('deployments', empty), [
      'spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string(nil), MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: empty selector is invalid for deployment',
    ]);
  });

  it('checks replicas and the rolling update parameters', () => {
    const d = valid();
    d.spec.replicas = -1;
    d.spec.strategy.rollingUpdate = { maxSurge: 0, maxUnavailable: '0%' };
    assert.deepEqual(errors('deployments', d), [
      'spec.replicas: Invalid value: -1: must be greater than or equal to 0',
      'spec.strategy.rollingUpdate.maxUnavailable: Invalid value: intstr.IntOrString{Type:1, IntVal:0, StrVal:"0%"}: may not be 0 when `maxSurge` is 0',
    ]);
    const bad = valid();
    bad.spec.strategy.rollingUpdate.maxUnavailable = '110%';
    bad.spec.progressDeadlineSeconds = 5;
    bad.spec.minReadySeconds = 10;
    assert.deepEqual(errors('deployments', bad), [
      'spec.strategy.rollingUpdate.maxUnavailable: Invalid value: intstr.IntOrString{Type:1, IntVal:0, StrVal:"110%"}: must not be greater than 100%',
      'spec.progressDeadlineSeconds: Invalid value: 5: must be greater than minReadySeconds',
    ]);
    const recreate = valid();
    recreate.spec.strategy.type = 'Recreate';
    assert.deepEqual(errors('deployments', recreate), [
      "spec.strategy.rollingUpdate: Forbidden: may not be specified when strategy `type` is 'Recreate'",
    ]);
  });

  it('keeps the selector on update', () => {
    const old = valid();
    const upd = structuredClone(old);
    upd.spec.selector.matchLabels = { app: 'web2' };
    upd.spec.template.metadata.labels = { app: 'web2' };
    assert.deepEqual(validateUpdate('apps', 'deployments', upd, old).map(String), [
      'spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string{"app":"web2"}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: field is immutable',
    ]);
    const scaled = structuredClone(old);
    scaled.spec.replicas = 5;
    assert.deepEqual(validateUpdate('apps', 'deployments', scaled, old).map(String), []);
  });

  it('checks status updates', () => {
    const old = valid();
    const upd = structuredClone(old);
    upd.status = { replicas: 1, readyReplicas: 2, availableReplicas: 2 };
    assert.deepEqual(validateStatusUpdate('apps', 'deployments', upd, old).map(String), [
      'status.readyReplicas: Invalid value: 2: cannot be greater than status.replicas',
      'status.availableReplicas: Invalid value: 2: cannot be greater than status.replicas',
    ]);
  });
});

describe('replica sets, stateful sets and daemon sets', () => {
  it('checks replica sets like deployments', () => {
    const rs = workload('replicasets', { selector: { matchLabels: { app: 'x' } }, template: template() });
    assert.deepEqual(errors('replicasets', rs), [
      'spec.template.metadata.labels: Invalid value: map[string]string{"app":"web"}: `selector` does not match template `labels`',
    ]);
  });

  it('checks stateful sets: DNS label names, policies, immutable fields', () => {
    const ss = workload(
      'statefulsets',
      { selector: { matchLabels: { app: 'web' } }, template: template(), podManagementPolicy: 'Random' },
      'web.v1',
    );
    assert.deepEqual(errors('statefulsets', ss), [
      'metadata.name: Invalid value: "web.v1": must not contain dots',
      "spec.podManagementPolicy: Invalid value: \"Random\": must be 'OrderedReady' or 'Parallel'",
    ]);
    const old = workload('statefulsets', {
      selector: { matchLabels: { app: 'web' } },
      template: template(),
      serviceName: 'web',
    });
    const upd = structuredClone(old);
    upd.spec.serviceName = 'other';
    assert.deepEqual(validateUpdate('apps', 'statefulsets', upd, old).map(String), [
      "spec: Forbidden: updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden",
    ]);
  });

  it('checks daemon sets', () => {
    const ds = workload('daemonsets', { selector: { matchLabels: { app: 'web' } }, template: template() });
    assert.deepEqual(errors('daemonsets', ds), []);
    ds.spec.updateStrategy.rollingUpdate = { maxUnavailable: 1, maxSurge: 1 };
    assert.deepEqual(errors('daemonsets', ds), [
      'spec.updateStrategy.rollingUpdate.maxSurge: Invalid value: intstr.IntOrString{Type:0, IntVal:1, StrVal:""}: may not be set when maxUnavailable is non-zero',
    ]);
    ds.spec.updateStrategy.rollingUpdate = { maxUnavailable: 0, maxSurge: 0 };
    assert.deepEqual(errors('daemonsets', ds), [
      'spec.updateStrategy.rollingUpdate.maxUnavailable: Required value: cannot be 0 when maxSurge is 0',
    ]);
  });
});
