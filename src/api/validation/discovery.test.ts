import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { applyDefaults } from '../defaults/index.js';
import { validate } from './index.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Any = any;
const check = (group: string, resource: string, o: Any) => {
  applyDefaults(group, resource, o);
  return validate(group, resource, o).map(String);
};

describe('discovery and events', () => {
  it('checks endpoint slices', () => {
    const s = {
      metadata: { name: 's', namespace: 'd' },
      addressType: 'IPv4',
      endpoints: [{ addresses: [] }],
      ports: [
        { name: 'http', port: 80 },
        { name: 'http', port: 81 },
      ],
    };
    assert.deepEqual(check('discovery.k8s.io', 'endpointslices', s), [
      'endpoints[0].addresses: Required value: must contain at least 1 address',
      'ports[1].name: Duplicate value: "http"',
    ]);
    assert.deepEqual(
      check('discovery.k8s.io', 'endpointslices', { metadata: { name: 's', namespace: 'd' }, addressType: 'IPX' }),
      ['addressType: Unsupported value: "IPX": supported values: "FQDN", "IPv4", "IPv6"'],
    );
  });

  it('checks events.k8s.io events strictly, in core field names', () => {
    const ev = {
      metadata: { name: 'e', namespace: 'd' },
      eventTime: '2024-01-01T00:00:00.000000Z',
      regarding: { kind: 'Pod', namespace: 'd', name: 'p' },
      reason: 'Started',
      action: 'Start',
      type: 'Normal',
      reportingController: 'kubelet',
      reportingInstance: 'node-1',
    };
    assert.deepEqual(check('events.k8s.io', 'events', ev), []);
    const errs = check('events.k8s.io', 'events', { ...ev, type: 'Odd', reportingController: '' });
    assert.equal(errs[0], 'reportingController: Required value');
    assert.equal(errs[1], 'reportingController: Invalid value: "": name part must be non-empty');
    assert.equal(errs.at(-1), 'type: Invalid value: "": has invalid value: Odd');
  });
});
