/** The EndpointSlice plan: packing, in-place updates, placeholders, recycling. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Node, Pod, Service } from 'kubernetes-types/core/v1.js';
import type { EndpointSlice } from 'kubernetes-types/discovery/v1.js';
import { planEndpointSlices, recycleDeletes, type SlicePlan } from './reconciler.js';
import { podToEndpoint } from './slice-utils.js';

const CONTROLLER = 'endpointslice-controller.k8s.io';
const svc: Service = {
  apiVersion: 'v1',
  kind: 'Service',
  metadata: { name: 'web', namespace: 'ns', uid: 'svc-uid', labels: { team: 'a' } },
  spec: {
    clusterIP: '10.96.0.10',
    ipFamilies: ['IPv4'],
    selector: { app: 'web' },
    ports: [{ name: 'http', port: 80, targetPort: 8080, protocol: 'TCP' }],
  },
};
const nodes: Record<string, Node> = {
  n1: { metadata: { name: 'n1', labels: { 'topology.kubernetes.io/zone': 'z1' } } },
};

function pod(i: number, ready = true): Pod {
  return {
    metadata: { name: `p${i}`, namespace: 'ns', uid: `uid-${i}` },
    spec: { nodeName: 'n1', containers: [{ name: 'c' }] },
    status: {
      phase: 'Running',
      podIP: `10.1.${i >> 8}.${i & 255}`,
      conditions: [{ type: 'Ready', status: ready ? 'True' : 'False' }],
    },
  };
}
const pods = (n: number, from = 0) => Array.from({ length: n }, (_, i) => pod(i + from));

const plan = (ps: Pod[], existing: EndpointSlice[] = [], max = 100, service = svc): SlicePlan =>
  planEndpointSlices({
    service,
    pods: ps,
    existing,
    getNode: (n) => nodes[n],
    maxEndpointsPerSlice: max,
    controllerName: CONTROLLER,
  });

/** Applies a plan the way the API would, naming creates `web-<i>`. */
function apply(existing: EndpointSlice[], p: SlicePlan): EndpointSlice[] {
  let n = existing.length;
  const byName = new Map(existing.map((s) => [s.metadata!.name!, s]));
  for (const s of p.toDelete) byName.delete(s.metadata!.name!);
  for (const s of p.toUpdate) byName.set(s.metadata!.name!, s);
  for (const s of p.toCreate) {
    const name = `web-${n++}`;
    byName.set(name, { ...s, metadata: { ...s.metadata, name, generateName: undefined } });
  }
  return [...byName.values()];
}

describe('planEndpointSlices', () => {
  it('builds slices owned by the service, labelled, with conditions, node and zone', () => {
    const p = plan([pod(1), pod(2, false)]);
    assert.equal(p.toCreate.length, 1);
    const s = p.toCreate[0];
    assert.equal(s.metadata?.generateName, 'web-');
    assert.deepEqual(s.metadata?.labels, {
      team: 'a',
      'kubernetes.io/service-name': 'web',
      'endpointslice.kubernetes.io/managed-by': CONTROLLER,
    });
    assert.deepEqual(s.metadata?.ownerReferences, [
      { apiVersion: 'v1', kind: 'Service', name: 'web', uid: 'svc-uid', controller: true, blockOwnerDeletion: true },
    ]);
    assert.equal(s.addressType, 'IPv4');
    assert.deepEqual(s.ports, [{ name: 'http', port: 8080, protocol: 'TCP' }]);
    const byName = Object.fromEntries(s.endpoints.map((e) => [e.targetRef!.name, e]));
    assert.deepEqual(byName.p1, {
      addresses: ['10.1.0.1'],
      conditions: { ready: true, serving: true, terminating: false },
      targetRef: { kind: 'Pod', namespace: 'ns', name: 'p1', uid: 'uid-1' },
      nodeName: 'n1',
      zone: 'z1',
    });
    assert.deepEqual(byName.p2.conditions, { ready: false, serving: false, terminating: false });
  });

  it('sets ready = serving && !terminating, and always ready when not-ready addresses are published', () => {
    const deleting: Pod = { ...pod(1), metadata: { ...pod(1).metadata, deletionTimestamp: '2026-01-01T00:00:00Z' } };
    assert.deepEqual(podToEndpoint(deleting, nodes.n1, svc, 'IPv4').conditions, {
      ready: false,
      serving: true,
      terminating: true,
    });
    const published = { ...svc, spec: { ...svc.spec, publishNotReadyAddresses: true } };
    assert.deepEqual(podToEndpoint(pod(2, false), nodes.n1, published, 'IPv4').conditions, {
      ready: true,
      serving: false,
      terminating: false,
    });
  });

  it('packs 150 endpoints into 2 slices of at most 100', () => {
    const p = plan(pods(150));
    assert.deepEqual(p.toCreate.map((s) => s.endpoints.length).sort(), [100, 50]);
  });

  it('changes only what changed: one pod gone updates one slice, a new pod fills the emptiest fit', () => {
    let slices = apply([], plan(pods(150)));
    // Nothing changed: nothing to do.
    let p = plan(pods(150), slices);
    assert.deepEqual([p.toCreate.length, p.toUpdate.length, p.toDelete.length], [0, 0, 0]);
    // A pod becomes unready: that slice is updated in place.
    const ps = pods(150);
    ps[7] = pod(7, false);
    p = plan(ps, slices);
    assert.deepEqual([p.toCreate.length, p.toUpdate.length, p.toDelete.length], [0, 1, 0]);
    slices = apply(slices, p);
    // Ten more pods go into the existing slice with room, not a new one.
    p = plan([...ps, ...pods(10, 150)], slices);
    assert.deepEqual([p.toCreate.length, p.toUpdate.length, p.toDelete.length], [0, 1, 0]);
    slices = apply(slices, p);
    assert.deepEqual(slices.map((s) => s.endpoints.length).sort(), [100, 60]);
    assert.ok(slices.every((s) => s.endpoints.length <= 100));
  });

  it('deletes emptied slices and leaves a placeholder when no endpoint is left', () => {
    const slices = apply([], plan(pods(150)));
    let p = plan(pods(90), slices);
    const after = apply(slices, p);
    assert.equal(
      after.reduce((n, s) => n + s.endpoints.length, 0),
      90,
    );
    p = plan([], after);
    recycleDeletes(p, svc);
    // Deleting the last slice and creating a placeholder becomes one update to an empty slice.
    assert.deepEqual([p.toCreate.length, p.toDelete.length], [0, after.length - 1]);
    assert.equal(p.toUpdate.length, 1);
    assert.deepEqual(p.toUpdate[0].endpoints, []);
    assert.deepEqual(p.toUpdate[0].ports, []);
    // And the placeholder stays as it is.
    const placeholderOnly = apply([], plan([]));
    p = plan([], placeholderOnly);
    assert.deepEqual([p.toCreate.length, p.toUpdate.length, p.toDelete.length], [0, 0, 0]);
  });

  it('updates labels when the service labels change, and deletes slices the service does not own', () => {
    const slices = apply([], plan(pods(3)));
    const relabelled = { ...svc, metadata: { ...svc.metadata, labels: { team: 'b' } } };
    let p = plan(pods(3), slices, 100, relabelled);
    assert.equal(p.toUpdate.length, 1);
    assert.equal(p.toUpdate[0].metadata?.labels?.team, 'b');
    const foreign = { ...slices[0], metadata: { ...slices[0].metadata, ownerReferences: [] } };
    p = plan(pods(3), [foreign]);
    assert.deepEqual([p.toCreate.length, p.toDelete.length], [1, 1]);
  });

  it('skips pods on unknown nodes with an error to retry, unless not-ready addresses are published', () => {
    const lost = pod(1);
    lost.spec!.nodeName = 'gone';
    const p = plan([lost, pod(2)]);
    assert.equal(p.toCreate[0].endpoints.length, 1);
    assert.match(p.errors[0], /skipping Pod p1 for Service ns\/web: Node gone Not Found/);
    const published = { ...svc, spec: { ...svc.spec, publishNotReadyAddresses: true } };
    assert.equal(plan([lost, pod(2)], [], 100, published).toCreate[0].endpoints.length, 2);
  });
});
