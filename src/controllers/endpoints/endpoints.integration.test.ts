/**
 * The Endpoints and EndpointSlice controllers end to end on a real apiserver. There is no kubelet:
 * the tests write each pod's IP and readiness through the status subresource.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Endpoints, Node, Pod, Service } from 'kubernetes-types/core/v1.js';
import type { EndpointSlice } from 'kubernetes-types/discovery/v1.js';
import { RESOURCES } from '../context.js';
import { endpointSliceController } from '../endpointslice/index.js';
import { eventually, startControllers, type ControllerHarness } from '../testing.js';
import { endpointsController } from './index.js';

const NS = 'default';

describe('endpoints and endpointslice controllers', { timeout: 30_000 }, () => {
  let h: ControllerHarness;
  const pods = () => h.resource<Pod>(RESOURCES.pods);
  const services = () => h.resource<Service>(RESOURCES.services);
  const endpoints = () => h.resource<Endpoints>(RESOURCES.endpoints);
  const slices = () => h.resource<EndpointSlice>(RESOURCES.endpointslices);
  let ip = 10;

  before(async () => {
    h = await startControllers([endpointsController, endpointSliceController]);
    await h.resource<Node>(RESOURCES.nodes).create({
      apiVersion: 'v1',
      kind: 'Node',
      metadata: { name: 'node-1', labels: { 'topology.kubernetes.io/zone': 'zone-a' } },
    });
  });
  after(async () => {
    await h.stop();
  });

  /** Creates a running pod of `app` on node-1 with an IP, Ready as given. */
  async function runPod(name: string, app: string, ready: boolean): Promise<void> {
    await pods().create(
      {
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name, namespace: NS, labels: { app } },
        spec: {
          nodeName: 'node-1',
          containers: [
            { name: 'c', image: 'nginx', ports: [{ name: 'web-port', containerPort: 8080, protocol: 'TCP' }] },
          ],
        },
      },
      { namespace: NS },
    );
    const podIP = `10.244.0.${ip++}`;
    await pods().patch(
      name,
      'merge',
      {
        status: {
          phase: 'Running',
          podIP,
          podIPs: [{ ip: podIP }],
          conditions: [
            {
              type: 'Ready',
              status: ready ? 'True' : 'False',
              lastTransitionTime: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
            },
          ],
        },
      },
      { subresource: 'status', namespace: NS },
    );
  }

  async function service(name: string, spec: Partial<Service['spec']> = {}): Promise<void> {
    await services().create(
      {
        apiVersion: 'v1',
        kind: 'Service',
        metadata: { name, namespace: NS, labels: { team: 'blue' } },
        spec: {
          selector: { app: name },
          ports: [{ name: 'http', port: 80, targetPort: 'web-port', protocol: 'TCP' }],
          ...spec,
        },
      },
      { namespace: NS },
    );
  }

  const slicesOf = async (svc: string) =>
    (await slices().list({ namespace: NS, labelSelector: `kubernetes.io/service-name=${svc}` })).items;

  it('lists 2 ready and 1 not-ready address on the named target port, and a slice with matching conditions', async () => {
    await service('web');
    await runPod('web-1', 'web', true);
    await runPod('web-2', 'web', false);
    await runPod('web-3', 'web', true);

    const ep = await eventually(
      async () => {
        const e = await endpoints().get('web', { namespace: NS });
        const s = e.subsets?.[0];
        return s?.addresses?.length === 2 && s.notReadyAddresses?.length === 1 && e;
      },
      10_000,
      'Endpoints web with 2 ready and 1 not-ready address',
    );
    assert.equal(ep.subsets!.length, 1);
    assert.deepEqual(ep.subsets![0].ports, [{ name: 'http', port: 8080, protocol: 'TCP' }]);
    assert.deepEqual(ep.subsets![0].addresses!.map((a) => a.targetRef?.name).sort(), ['web-1', 'web-3']);
    const addr = ep.subsets![0].notReadyAddresses![0];
    assert.equal(addr.nodeName, 'node-1');
    assert.deepEqual({ kind: addr.targetRef?.kind, name: addr.targetRef?.name }, { kind: 'Pod', name: 'web-2' });
    assert.match(addr.ip, /^10\.244\.0\.\d+$/);
    assert.equal(ep.metadata?.labels?.team, 'blue');
    assert.equal(ep.metadata?.labels?.['service.kubernetes.io/headless'], undefined);
    assert.ok(ep.metadata?.annotations?.['endpoints.kubernetes.io/last-change-trigger-time']);

    const [slice] = await eventually(
      async () => {
        const ss = await slicesOf('web');
        return ss.length === 1 && ss[0].endpoints?.length === 3 && ss;
      },
      10_000,
      'one EndpointSlice of 3 endpoints',
    );
    assert.match(slice.metadata!.name!, /^web-/);
    assert.equal(slice.metadata?.labels?.['endpointslice.kubernetes.io/managed-by'], 'endpointslice-controller.k8s.io');
    assert.equal(slice.metadata?.labels?.team, 'blue');
    assert.equal(slice.metadata?.ownerReferences?.[0].kind, 'Service');
    assert.equal(slice.addressType, 'IPv4');
    assert.deepEqual(slice.ports, [{ name: 'http', port: 8080, protocol: 'TCP' }]);
    const byPod = Object.fromEntries(slice.endpoints.map((e) => [e.targetRef?.name, e]));
    assert.deepEqual(byPod['web-1'].conditions, { ready: true, serving: true, terminating: false });
    assert.deepEqual(byPod['web-2'].conditions, { ready: false, serving: false, terminating: false });
    assert.equal(byPod['web-1'].nodeName, 'node-1');
    assert.equal(byPod['web-1'].zone, 'zone-a');

    // Readiness follows the pod.
    const p = await pods().get('web-2', { namespace: NS });
    await pods().updateStatus(
      { ...p, status: { ...p.status, conditions: [{ type: 'Ready', status: 'True' }] } },
      { namespace: NS },
    );
    await eventually(
      async () => {
        const e = await endpoints().get('web', { namespace: NS });
        return e.subsets?.[0]?.addresses?.length === 3 && !e.subsets[0].notReadyAddresses;
      },
      10_000,
      'web-2 ready in Endpoints',
    );
    await eventually(
      async () => {
        const [s] = await slicesOf('web');
        return s?.endpoints?.every((e) => e.conditions?.ready === true);
      },
      10_000,
      'web-2 ready in the slice',
    );
  });

  it('publishes not-ready pods as ready with publishNotReadyAddresses, and labels a headless service', async () => {
    await service('pub', { publishNotReadyAddresses: true, clusterIP: 'None' });
    await runPod('pub-1', 'pub', true);
    await runPod('pub-2', 'pub', false);
    const ep = await eventually(
      async () => {
        const e = await endpoints().get('pub', { namespace: NS });
        return e.subsets?.[0]?.addresses?.length === 2 && e;
      },
      10_000,
      'Endpoints pub with 2 addresses',
    );
    assert.equal(ep.subsets![0].notReadyAddresses, undefined);
    assert.equal(ep.metadata?.labels?.['service.kubernetes.io/headless'], '');
    const [slice] = await eventually(
      async () => {
        const ss = await slicesOf('pub');
        return ss[0]?.endpoints?.length === 2 && ss;
      },
      10_000,
      'the pub slice',
    );
    assert.equal(slice.metadata?.labels?.['service.kubernetes.io/headless'], '');
    const byPod = Object.fromEntries(slice.endpoints.map((e) => [e.targetRef?.name, e]));
    assert.deepEqual(byPod['pub-2'].conditions, { ready: true, serving: false, terminating: false });
  });

  it('leaves the Endpoints of a service without a selector alone, and deletes those of a deleted service', async () => {
    await services().create(
      {
        apiVersion: 'v1',
        kind: 'Service',
        metadata: { name: 'manual', namespace: NS },
        spec: { ports: [{ port: 80, protocol: 'TCP' }] },
      },
      { namespace: NS },
    );
    await endpoints().create(
      {
        apiVersion: 'v1',
        kind: 'Endpoints',
        metadata: { name: 'manual', namespace: NS },
        subsets: [{ addresses: [{ ip: '192.168.1.1' }], ports: [{ port: 80, protocol: 'TCP' }] }],
      },
      { namespace: NS },
    );
    await services().delete('web', { namespace: NS });
    await eventually(
      async () => {
        try {
          await endpoints().get('web', { namespace: NS });
          return false;
        } catch {
          return true;
        }
      },
      10_000,
      'Endpoints web deleted',
    );
    const manual = await endpoints().get('manual', { namespace: NS });
    assert.equal(manual.subsets?.[0]?.addresses?.[0]?.ip, '192.168.1.1');
    // The apiserver's own `kubernetes` Endpoints is never touched.
    const k = await endpoints().get('kubernetes', { namespace: NS });
    assert.equal(k.subsets?.length, 1);
  });
});
