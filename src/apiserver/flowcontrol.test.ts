import { test } from 'node:test';
import assert from 'node:assert/strict';
import { classify, FlowControl, LEVELS, QUEUE_WAIT_MS } from './flowcontrol.js';
import type { ResourceRequest } from './request-info.js';
import { startControlPlane } from './testing/cluster.js';
import { holdSeat, testClient } from './testing/http.js';

const ri = (over: Partial<ResourceRequest>): ResourceRequest => ({
  group: '',
  version: 'v1',
  namespace: 'default',
  resource: 'pods',
  name: '',
  subresource: '',
  verb: 'create',
  ...over,
});
const user = (name: string, ...groups: string[]) => ({ name, groups: [...groups, 'system:authenticated'] });
const lease = (namespace: string, verb: ResourceRequest['verb'] = 'update') =>
  ri({ group: 'coordination.k8s.io', resource: 'leases', namespace, verb });

test('requests fall into upstream default priority levels', () => {
  assert.equal(classify(user('admin', 'system:masters'), '/api/v1/pods', ri({})), 'exempt');
  assert.equal(
    classify({ name: 'system:anonymous', groups: ['system:unauthenticated'] }, '/readyz', undefined),
    'exempt',
  );
  const node = user('system:node:n1', 'system:nodes');
  assert.equal(classify(node, '', lease('kube-node-lease')), 'node-high');
  assert.equal(
    classify(node, '', ri({ resource: 'nodes', namespace: '', subresource: 'status', verb: 'patch' })),
    'node-high',
  );
  assert.equal(classify(node, '', ri({ verb: 'list' })), 'system');
  const cm = user('system:kube-controller-manager');
  assert.equal(classify(cm, '', lease('kube-system')), 'leader-election');
  assert.equal(classify(cm, '', lease('kube-system', 'list')), 'workload-high');
  const rs = user('system:serviceaccount:kube-system:replicaset-controller', 'system:serviceaccounts');
  assert.equal(classify(rs, '', ri({})), 'workload-high');
  assert.equal(classify(rs, '', lease('kube-system', 'get')), 'leader-election');
  assert.equal(classify(user('system:serviceaccount:apps:ci', 'system:serviceaccounts'), '', ri({})), 'workload-low');
  assert.equal(classify(user('alice'), '', ri({})), 'global-default');
  assert.equal(classify({ name: 'x', groups: [] }, '', ri({})), 'catch-all');
});

test('seats are shared out by upstream nominal shares', () => {
  const f = new FlowControl(600);
  assert.equal(f.state('workload-low').limit, 245);
  assert.equal(f.state('node-high').limit, 98);
  assert.equal(f.state('leader-election').limit, 25);
  assert.equal(f.state('catch-all').limit, 13);
});

test('a full level queues, first come first served; exempt takes no seat; a full queue refuses', async () => {
  const f = new FlowControl(1); // one seat in each level
  const first = f.admit('global-default');
  assert.equal(typeof first, 'function');
  const order: string[] = [];
  const second = (f.admit('global-default') as Promise<() => void>).then((r) => (order.push('second'), r));
  const third = (f.admit('global-default') as Promise<() => void>).then((r) => (order.push('third'), r));
  assert.deepEqual(f.state('global-default'), { limit: 1, inUse: 1, queued: 2 });
  assert.equal(typeof f.admit('exempt'), 'function');
  assert.equal(typeof f.admit('node-high'), 'function', 'another level has its own seat');
  (first as () => void)();
  (await second)();
  (await third)();
  assert.deepEqual(order, ['second', 'third']);
  assert.deepEqual(f.state('global-default'), { limit: 1, inUse: 0, queued: 0 });
  // catch-all has no queue: over its seat, refused at once.
  assert.equal(typeof f.admit('catch-all'), 'function');
  assert.equal(f.admit('catch-all'), undefined);
  assert.equal(LEVELS['catch-all'].queueRoom, 0);
});

test('a request waiting longer than the queue wait limit is refused', async (t) => {
  t.mock.timers.enable({ apis: ['setInterval', 'Date'] });
  const f = new FlowControl(1);
  f.admit('workload-low');
  let outcome: unknown = 'pending';
  void (f.admit('workload-low') as Promise<unknown>).then((r) => (outcome = r));
  t.mock.timers.tick(QUEUE_WAIT_MS - 250);
  await new Promise((r) => setImmediate(r));
  assert.equal(outcome, 'pending');
  t.mock.timers.tick(250);
  await new Promise((r) => setImmediate(r));
  assert.equal(outcome, undefined);
  assert.equal(f.state('workload-low').queued, 0);
});

test('the apiserver queues a request over its level instead of refusing it, while node heartbeats pass', async () => {
  // 4 seats in all: one for global-default (anonymous requests), one for node-high.
  const small = await startControlPlane({ maxRequestsInflight: 2, maxMutatingRequestsInflight: 2 });
  try {
    const c = testClient(small.url, small.apiserver.caCert);
    // A read that holds the level's only seat (then 504s).
    const { held } = await holdSeat(c);
    let queuedDone = false;
    const queued = c.request('GET', '/api/v1/namespaces/default/configmaps').then((r) => ((queuedDone = true), r));
    const asNode = { 'Impersonate-User': 'system:node:n1', 'Impersonate-Group': 'system:nodes' };
    const heartbeat = await c.request('GET', '/api/v1/nodes', undefined, asNode);
    assert.equal(heartbeat.status, 200, 'node-high has its own seat');
    assert.equal(queuedDone, false, 'the anonymous request waits for its level');
    assert.equal((await held).status, 504);
    assert.equal((await queued).status, 200);
  } finally {
    await small.stop();
  }
});
