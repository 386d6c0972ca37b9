/**
 * The EndpointSlice controller end to end on a real apiserver: 150 pods make 2 slices of at most
 * 100, and the placeholder slice of a service without pods. Pod IPs and readiness are written
 * through the status subresource (there is no kubelet).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Node, Pod, Service } from 'kubernetes-types/core/v1.js';
import type { EndpointSlice } from 'kubernetes-types/discovery/v1.js';
import { RESOURCES } from '../context.js';
import { eventually, startControllers, type ControllerHarness } from '../testing.js';
import { endpointSliceController } from './index.js';

const NS = 'default';

describe('endpointslice controller', { timeout: 30_000 }, () => {
  let h: ControllerHarness;
  const pods = () => h.resource<Pod>(RESOURCES.pods);
  const slicesOf = async (svc: string) =>
    (
      await h
        .resource<EndpointSlice>(RESOURCES.endpointslices)
        .list({ namespace: NS, labelSelector: `kubernetes.io/service-name=${svc}` })
    ).items;

  before(async () => {
    h = await startControllers([endpointSliceController]);
    await h.resource<Node>(RESOURCES.nodes).create({ apiVersion: 'v1', kind: 'Node', metadata: { name: 'node-1' } });
  });
  after(async () => {
    await h.stop();
  });

  const service = (name: string) =>
    h.resource<Service>(RESOURCES.services).create(
      {
        apiVersion: 'v1',
        kind: 'Service',
        metadata: { name, namespace: NS },
        spec: { selector: { app: name }, ports: [{ port: 80, targetPort: 8080, protocol: 'TCP' }] },
      },
      { namespace: NS },
    );

  it('keeps a placeholder slice for a service without pods', async () => {
    await service('empty');
    const [s] = await eventually(
      async () => {
        const ss = await slicesOf('empty');
        return ss.length === 1 && ss;
      },
      10_000,
      'the placeholder slice',
    );
    assert.deepEqual(s.endpoints ?? [], []);
    assert.deepEqual(s.ports ?? [], []);
  });

  it('spreads 150 pods over 2 slices of at most 100', async () => {
    const names = Array.from({ length: 150 }, (_, i) => `big-${i}`);
    // Create and start the pods in parallel batches.
    for (let b = 0; b < names.length; b += 50) {
      await Promise.all(
        names.slice(b, b + 50).map(async (name, j) => {
          await pods().create(
            {
              apiVersion: 'v1',
              kind: 'Pod',
              metadata: { name, namespace: NS, labels: { app: 'big' } },
              spec: { nodeName: 'node-1', containers: [{ name: 'c', image: 'nginx' }] },
            },
            { namespace: NS },
          );
          const podIP = `10.244.1.${b + j + 1}`;
          await pods().patch(
            name,
            'merge',
            {
              status: {
                phase: 'Running',
                podIP,
                podIPs: [{ ip: podIP }],
                conditions: [{ type: 'Ready', status: 'True' }],
              },
            },
            { subresource: 'status', namespace: NS },
          );
        }),
      );
    }
    // The service comes last, so the controller syncs once rather than on every pod change.
    await service('big');
    const slices = await eventually(
      async () => {
        const ss = await slicesOf('big');
        const total = ss.reduce((n, s) => n + (s.endpoints?.length ?? 0), 0);
        return total === 150 && ss;
      },
      20_000,
      '150 endpoints in slices',
    );
    assert.equal(slices.length, 2);
    assert.ok(slices.every((s) => s.endpoints.length <= 100));
    assert.ok(slices.every((s) => s.endpoints.every((e) => e.conditions?.ready === true)));
    const addresses = new Set(slices.flatMap((s) => s.endpoints.map((e) => e.addresses[0])));
    assert.equal(addresses.size, 150);
  });
});
