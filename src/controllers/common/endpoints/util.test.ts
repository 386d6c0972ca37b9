/** The shared endpoint helpers: ports, pod membership, trigger times, endpoint identity, slice tracking. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Pod, Service, ServicePort } from 'kubernetes-types/core/v1.js';
import type { EndpointSlice } from 'kubernetes-types/discovery/v1.js';
import { Indexer } from '../../../client/informers/store.js';
import { Lister } from '../../../client/informers/lister.js';
import {
  EndpointSet,
  EndpointSliceTracker,
  endpointsEqualBeyondHash,
  findPort,
  formatRFC3339Nano,
  portMapKey,
  servicesToUpdateOnPodChange,
  shouldPodBeInEndpoints,
  TriggerTimeTracker,
} from './index.js';

const podWithPorts: Pod = {
  metadata: { name: 'p', uid: 'uid-p' },
  spec: {
    containers: [
      {
        name: 'a',
        ports: [
          { name: 'http', containerPort: 8080, protocol: 'TCP' },
          { name: 'dns', containerPort: 53, protocol: 'UDP' },
        ],
      },
      { name: 'b', ports: [{ name: 'metrics', containerPort: 9090 }] },
    ],
    initContainers: [
      { name: 'sidecar', restartPolicy: 'Always', ports: [{ name: 'proxy', containerPort: 15001, protocol: 'TCP' }] },
      { name: 'init', ports: [{ name: 'setup', containerPort: 7000, protocol: 'TCP' }] },
    ],
  },
};

describe('findPort', () => {
  const cases: { name: string; port: ServicePort; want: number | string }[] = [
    { name: 'numeric target', port: { port: 80, targetPort: 8000 }, want: 8000 },
    { name: 'no target: the port', port: { port: 80 }, want: 80 },
    { name: 'named target', port: { port: 80, targetPort: 'http', protocol: 'TCP' }, want: 8080 },
    { name: 'named target, default protocol', port: { port: 80, targetPort: 'metrics' }, want: 9090 },
    { name: 'named target, UDP', port: { port: 53, targetPort: 'dns', protocol: 'UDP' }, want: 53 },
    {
      name: 'named target, wrong protocol',
      port: { port: 53, targetPort: 'dns', protocol: 'TCP' },
      want: 'no suitable port for manifest: uid-p',
    },
    { name: 'sidecar init container', port: { port: 15001, targetPort: 'proxy', protocol: 'TCP' }, want: 15001 },
    {
      name: 'plain init container is not served',
      port: { port: 7000, targetPort: 'setup', protocol: 'TCP' },
      want: 'no suitable port for manifest: uid-p',
    },
    { name: 'unknown name', port: { port: 80, targetPort: 'nope' }, want: 'no suitable port for manifest: uid-p' },
  ];
  for (const tc of cases)
    it(tc.name, () => {
      if (typeof tc.want === 'number') assert.equal(findPort(podWithPorts, tc.port), tc.want);
      else assert.throws(() => findPort(podWithPorts, tc.port), { message: tc.want });
    });
});

describe('shouldPodBeInEndpoints', () => {
  const withIP = (extra: Partial<Pod['status']> = {}, meta: Pod['metadata'] = {}): Pod => ({
    metadata: meta,
    status: { podIP: '10.0.0.1', phase: 'Running', ...extra },
  });
  it('needs an IP, a non-terminal phase, and no deletion unless terminating pods are included', () => {
    assert.equal(shouldPodBeInEndpoints(withIP(), false), true);
    assert.equal(shouldPodBeInEndpoints(withIP({ podIP: undefined }), false), false);
    assert.equal(shouldPodBeInEndpoints(withIP({ phase: 'Succeeded' }), true), false);
    assert.equal(shouldPodBeInEndpoints(withIP({ phase: 'Failed' }), true), false);
    const deleting = withIP({}, { deletionTimestamp: '2026-01-01T00:00:00Z' });
    assert.equal(shouldPodBeInEndpoints(deleting, false), false);
    assert.equal(shouldPodBeInEndpoints(deleting, true), true);
  });
});

describe('servicesToUpdateOnPodChange', () => {
  const svc = (name: string, selector?: Record<string, string>): Service => ({
    metadata: { name, namespace: 'ns' },
    spec: { selector },
  });
  const indexer = new Indexer<Service>();
  for (const s of [svc('a', { app: 'a' }), svc('b', { app: 'b' }), svc('all', { tier: 'web' }), svc('none')])
    indexer.add(s);
  const lister = new Lister(indexer);
  const pod = (rv: string, labels: Record<string, string>, ready = false): Pod => ({
    metadata: { name: 'p', namespace: 'ns', resourceVersion: rv, labels },
    status: { podIP: '10.0.0.1', conditions: [{ type: 'Ready', status: ready ? 'True' : 'False' }] },
  });
  const keys = (s: Set<string>) => [...s].sort();
  it('ignores resyncs and changes endpoints do not show', () => {
    assert.deepEqual(
      keys(servicesToUpdateOnPodChange(lister, pod('1', { app: 'a' }), pod('1', { app: 'a' }, true))),
      [],
    );
    assert.deepEqual(keys(servicesToUpdateOnPodChange(lister, pod('1', { app: 'a' }), pod('2', { app: 'a' }))), []);
  });
  it('gives the current services when only readiness changed', () => {
    assert.deepEqual(
      keys(
        servicesToUpdateOnPodChange(
          lister,
          pod('1', { app: 'a', tier: 'web' }),
          pod('2', { app: 'a', tier: 'web' }, true),
        ),
      ),
      ['ns/a', 'ns/all'],
    );
  });
  it('gives the services joined or left when only labels changed, all of them when readiness changed too', () => {
    const before = pod('1', { app: 'a', tier: 'web' });
    assert.deepEqual(keys(servicesToUpdateOnPodChange(lister, before, pod('2', { app: 'b', tier: 'web' }))), [
      'ns/a',
      'ns/b',
    ]);
    assert.deepEqual(keys(servicesToUpdateOnPodChange(lister, before, pod('2', { app: 'b', tier: 'web' }, true))), [
      'ns/a',
      'ns/all',
      'ns/b',
    ]);
  });
});

describe('TriggerTimeTracker', () => {
  const svc: Service = { metadata: { name: 's', creationTimestamp: '2026-01-01T00:00:00Z' } };
  const pod = (name: string, readyAt: string): Pod => ({
    metadata: { name },
    status: { conditions: [{ type: 'Ready', status: 'True', lastTransitionTime: readyAt }] },
  });
  it('starts from the creation time, then reports the earliest change since the last sync', () => {
    const t = new TriggerTimeTracker();
    const p1 = pod('p1', '2026-01-01T00:01:00Z');
    assert.equal(t.compute('ns', svc, [p1]), Date.parse('2026-01-01T00:00:00Z'));
    assert.equal(t.compute('ns', svc, [p1]), 0);
    const p2 = pod('p2', '2026-01-01T00:03:00Z');
    const p1b = pod('p1', '2026-01-01T00:02:00Z');
    assert.equal(t.compute('ns', svc, [p1b, p2]), Date.parse('2026-01-01T00:02:00Z'));
    t.deleteService('ns', 's');
    assert.equal(t.compute('ns', svc, [p1b, p2]), Date.parse('2026-01-01T00:00:00Z'));
  });
  it('formats as Go RFC3339Nano', () => {
    assert.equal(formatRFC3339Nano(Date.parse('2026-01-01T00:00:00Z')), '2026-01-01T00:00:00Z');
    assert.equal(formatRFC3339Nano(Date.parse('2026-01-01T00:00:00.120Z')), '2026-01-01T00:00:00.12Z');
  });
});

describe('EndpointSet and port keys', () => {
  it('identifies an endpoint by addresses, hostname and target name, not conditions', () => {
    const s = new EndpointSet();
    s.insert({
      addresses: ['10.0.0.2', '10.0.0.1'],
      conditions: { ready: true },
      targetRef: { namespace: 'ns', name: 'p' },
    });
    const probe = {
      addresses: ['10.0.0.1', '10.0.0.2'],
      conditions: { ready: false },
      targetRef: { namespace: 'ns', name: 'p' },
    };
    const got = s.get(probe);
    assert.ok(got);
    assert.equal(endpointsEqualBeyondHash(got, probe), false);
    assert.equal(endpointsEqualBeyondHash(got, { ...probe, conditions: { ready: true } }), true);
    assert.equal(
      endpointsEqualBeyondHash(
        { addresses: ['1.1.1.1'], targetRef: { name: 'p', resourceVersion: '1' } },
        { addresses: ['1.1.1.1'], targetRef: { name: 'p', resourceVersion: '2' } },
      ),
      true,
      'resourceVersion is ignored',
    );
    s.delete(probe);
    assert.equal(s.size, 0);
  });
  it('keys ports regardless of order', () => {
    const a = { name: 'a', port: 1, protocol: 'TCP' };
    const b = { name: 'b', port: 2, protocol: 'TCP' };
    assert.equal(portMapKey([a, b]), portMapKey([b, a]));
    assert.notEqual(portMapKey([a]), portMapKey([a, b]));
    assert.equal(portMapKey(undefined), portMapKey([]));
  });
});

describe('EndpointSliceTracker', () => {
  const slice = (uid: string, generation: number): EndpointSlice => ({
    metadata: { uid, generation, namespace: 'ns', labels: { 'kubernetes.io/service-name': 's' } },
    addressType: 'IPv4',
    endpoints: [],
  });
  it('tells our own writes from other changes, and a cache behind our writes', () => {
    const t = new EndpointSliceTracker();
    assert.equal(t.shouldSync(slice('a', 1)), true);
    t.update(slice('a', 2));
    assert.equal(t.shouldSync(slice('a', 2)), false);
    assert.equal(t.shouldSync(slice('a', 3)), true);
    assert.equal(t.staleSlices('ns', 's', [slice('a', 1)]), true, 'older than written');
    assert.equal(t.staleSlices('ns', 's', []), true, 'written but not seen');
    assert.equal(t.staleSlices('ns', 's', [slice('a', 2)]), false);
    t.expectDeletion(slice('a', 2));
    assert.equal(t.staleSlices('ns', 's', [slice('a', 2)]), true, 'deleted but still cached');
    assert.equal(t.handleDeletion(slice('a', 2)), true);
    assert.equal(t.has(slice('a', 2)), false);
    t.update(slice('b', 1));
    assert.equal(t.handleDeletion(slice('b', 1)), false, 'someone else deleted it');
  });
});
