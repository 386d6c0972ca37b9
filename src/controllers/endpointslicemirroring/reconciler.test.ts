/** The mirroring plan: Endpoints subsets to EndpointSlices. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Endpoints } from 'kubernetes-types/core/v1.js';
import type { EndpointSlice } from 'kubernetes-types/discovery/v1.js';
import { addressToEndpoint, MIRRORING_CONTROLLER_NAME, planMirroredSlices } from './reconciler.js';

const endpoints = (subsets: Endpoints['subsets'], extra: Partial<Endpoints['metadata']> = {}): Endpoints => ({
  apiVersion: 'v1',
  kind: 'Endpoints',
  metadata: { name: 'ext', namespace: 'ns', uid: 'ep-uid', labels: { team: 'a' }, ...extra },
  subsets,
});

describe('addressToEndpoint', () => {
  it('types and restringifies IPs, refusing anything else', () => {
    assert.deepEqual(addressToEndpoint({ ip: '10.0.0.1', nodeName: 'n1', hostname: 'h' }, true), [
      { addresses: ['10.0.0.1'], conditions: { ready: true }, nodeName: 'n1', hostname: 'h' },
      'IPv4',
    ]);
    assert.equal(addressToEndpoint({ ip: 'FD00::1' }, false)?.[1], 'IPv6');
    assert.deepEqual(addressToEndpoint({ ip: '::ffff:10.0.0.1' }, true)?.[0].addresses, ['10.0.0.1']);
    assert.equal(addressToEndpoint({ ip: 'example.com' }, true), undefined);
  });
});

describe('planMirroredSlices', () => {
  const subsets = [
    {
      addresses: [{ ip: '10.0.0.1' }, { ip: '10.0.0.2' }],
      notReadyAddresses: [{ ip: '10.0.0.3' }],
      ports: [{ name: 'http', port: 80, protocol: 'TCP' }],
    },
  ];

  it('mirrors a subset into one slice with the Endpoints labels, owner and readiness', () => {
    const p = planMirroredSlices(
      endpoints(subsets, { annotations: { note: 'x', 'endpoints.kubernetes.io/last-change-trigger-time': 't' } }),
      [],
      1000,
    );
    assert.equal(p.toCreate.length, 1);
    const s = p.toCreate[0];
    assert.equal(s.metadata?.generateName, 'ext-');
    assert.deepEqual(s.metadata?.labels, {
      team: 'a',
      'kubernetes.io/service-name': 'ext',
      'endpointslice.kubernetes.io/managed-by': MIRRORING_CONTROLLER_NAME,
    });
    assert.deepEqual(s.metadata?.annotations, { note: 'x' });
    assert.equal(s.metadata?.ownerReferences?.[0].kind, 'Endpoints');
    assert.deepEqual(s.ports, [{ name: 'http', port: 80, protocol: 'TCP' }]);
    assert.deepEqual(
      s.endpoints.map((e) => [e.addresses[0], e.conditions?.ready]),
      [
        ['10.0.0.1', true],
        ['10.0.0.2', true],
        ['10.0.0.3', false],
      ],
    );
  });

  it('does nothing when the slice already matches, updates it in place otherwise', () => {
    const ep = endpoints(subsets);
    const created: EndpointSlice = { ...planMirroredSlices(ep, [], 1000).toCreate[0] };
    created.metadata = { ...created.metadata, name: 'ext-abc', generateName: undefined };
    let p = planMirroredSlices(ep, [created], 1000);
    assert.deepEqual([p.toCreate.length, p.toUpdate.length, p.toDelete.length], [0, 0, 0]);
    p = planMirroredSlices(endpoints([{ ...subsets[0], addresses: [{ ip: '10.0.0.1' }] }]), [created], 1000);
    assert.deepEqual([p.toCreate.length, p.toUpdate.length, p.toDelete.length], [0, 1, 0]);
    assert.equal(p.toUpdate[0].metadata?.name, 'ext-abc');
    p = planMirroredSlices(endpoints(subsets, { labels: { team: 'b' } }), [created], 1000);
    assert.equal(p.toUpdate.length, 1, 'a label change is mirrored');
    p = planMirroredSlices(endpoints([]), [created], 1000);
    assert.deepEqual([p.toCreate.length, p.toUpdate.length, p.toDelete.length], [0, 0, 1]);
  });

  it('splits address types, skips invalid addresses and caps each subset', () => {
    const ports = [{ port: 80, protocol: 'TCP' }];
    let p = planMirroredSlices(
      endpoints([{ addresses: [{ ip: '10.0.0.1' }, { ip: 'fd00::1' }, { ip: 'nope' }, { ip: '10.0.0.2' }], ports }]),
      [],
      1000,
    );
    assert.deepEqual(p.toCreate.map((s) => [s.addressType, s.endpoints.length]).sort(), [
      ['IPv4', 2],
      ['IPv6', 1],
    ]);
    assert.deepEqual([p.invalid, p.skipped], [1, 1]);
    p = planMirroredSlices(
      endpoints([{ addresses: [{ ip: '10.0.0.1' }, { ip: '10.0.0.2' }, { ip: '10.0.0.3' }], ports }]),
      [],
      2,
    );
    assert.equal(p.toCreate[0].endpoints.length, 2);
    assert.deepEqual([p.invalid, p.skipped], [0, 1]);
  });
});
