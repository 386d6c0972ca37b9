/** The EndpointSlice mirroring controller end to end on a real apiserver. */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Endpoints, Service } from 'kubernetes-types/core/v1.js';
import type { EndpointSlice } from 'kubernetes-types/discovery/v1.js';
import { RESOURCES } from '../context.js';
import { eventually, startControllers, type ControllerHarness } from '../testing.js';
import { endpointSliceMirroringController, MIRRORING_CONTROLLER_NAME } from './index.js';

const NS = 'default';

describe('endpointslice mirroring controller', { timeout: 30_000 }, () => {
  let h: ControllerHarness;
  const endpoints = () => h.resource<Endpoints>(RESOURCES.endpoints);
  const slicesOf = async (svc: string) =>
    (
      await h
        .resource<EndpointSlice>(RESOURCES.endpointslices)
        .list({ namespace: NS, labelSelector: `kubernetes.io/service-name=${svc}` })
    ).items;

  before(async () => {
    h = await startControllers([endpointSliceMirroringController]);
  });
  after(async () => {
    await h.stop();
  });

  it('mirrors the hand-made Endpoints of a service without a selector, and follows their changes', async () => {
    await h.resource<Service>(RESOURCES.services).create(
      {
        apiVersion: 'v1',
        kind: 'Service',
        metadata: { name: 'ext', namespace: NS },
        spec: { ports: [{ name: 'pg', port: 5432, protocol: 'TCP' }] },
      },
      { namespace: NS },
    );
    await endpoints().create(
      {
        apiVersion: 'v1',
        kind: 'Endpoints',
        metadata: { name: 'ext', namespace: NS, labels: { db: 'main' } },
        subsets: [
          {
            addresses: [{ ip: '192.168.10.1' }, { ip: '192.168.10.2' }],
            notReadyAddresses: [{ ip: '192.168.10.3' }],
            ports: [{ name: 'pg', port: 5432, protocol: 'TCP' }],
          },
        ],
      },
      { namespace: NS },
    );
    const [slice] = await eventually(
      async () => {
        const ss = await slicesOf('ext');
        return ss.length === 1 && ss;
      },
      10_000,
      'the mirrored slice',
    );
    assert.equal(slice.metadata?.labels?.['endpointslice.kubernetes.io/managed-by'], MIRRORING_CONTROLLER_NAME);
    assert.equal(slice.metadata?.labels?.db, 'main');
    assert.equal(slice.metadata?.ownerReferences?.[0].kind, 'Endpoints');
    assert.equal(slice.addressType, 'IPv4');
    assert.deepEqual(slice.ports, [{ name: 'pg', port: 5432, protocol: 'TCP' }]);
    assert.deepEqual(slice.endpoints.map((e) => [e.addresses[0], e.conditions?.ready]).sort(), [
      ['192.168.10.1', true],
      ['192.168.10.2', true],
      ['192.168.10.3', false],
    ]);

    const ep = await endpoints().get('ext', { namespace: NS });
    ep.subsets = [{ addresses: [{ ip: '192.168.10.9' }], ports: [{ name: 'pg', port: 5432, protocol: 'TCP' }] }];
    await endpoints().update(ep, { namespace: NS });
    await eventually(
      async () => {
        const ss = await slicesOf('ext');
        return ss.length === 1 && ss[0].endpoints?.length === 1 && ss[0].endpoints[0].addresses[0] === '192.168.10.9';
      },
      10_000,
      'the mirrored slice updated',
    );
  });

  it('does not mirror Endpoints marked skip-mirror (as the apiserver marks `kubernetes`)', async () => {
    await h.resource<Service>(RESOURCES.services).create(
      {
        apiVersion: 'v1',
        kind: 'Service',
        metadata: { name: 'skip', namespace: NS },
        spec: { ports: [{ port: 80, protocol: 'TCP' }] },
      },
      { namespace: NS },
    );
    await endpoints().create(
      {
        apiVersion: 'v1',
        kind: 'Endpoints',
        metadata: { name: 'skip', namespace: NS, labels: { 'endpointslice.kubernetes.io/skip-mirror': 'true' } },
        subsets: [{ addresses: [{ ip: '192.168.20.1' }], ports: [{ port: 80, protocol: 'TCP' }] }],
      },
      { namespace: NS },
    );
    // Give the controller time to (wrongly) act; the mirrored `ext` shows it is running.
    await new Promise((r) => setTimeout(r, 500));
    assert.deepEqual(await slicesOf('skip'), []);
    const k = await slicesOf('kubernetes');
    assert.ok(
      k.every((s) => s.metadata?.labels?.['endpointslice.kubernetes.io/managed-by'] !== MIRRORING_CONTROLLER_NAME),
    );
  });
});
