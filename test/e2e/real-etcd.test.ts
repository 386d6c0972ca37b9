/**
 * `k8ts apiserver` on real etcd (Debian's etcd 3.4, grpc-go's server) over mutual TLS, as kubeadm
 * sets them up: the apiserver's own gRPC client (src/machinery/etcd-grpc/grpc-h2.ts) reads, writes with guarded
 * transactions, grants leases (real etcd's lease IDs use all 63 bits) and keeps its watch caches
 * on etcd's Watch streams, driven by the real kubectl.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { startCluster, type E2ECluster } from './support/cluster.js';
import { runBinary } from './support/kubectl.js';

let c: E2ECluster;
before(async () => {
  c = await startCluster({ store: 'etcd', pki: true, apiserverArgs: ['--etcd-compaction-interval', '1s'] });
});
after(() => c?.stop());

const ok = async (args: string[], input?: string) => {
  const r = await c.kubectl(args, { input });
  assert.equal(r.code, 0, `kubectl ${args.join(' ')} failed: ${r.stderr}`);
  return r.stdout;
};

test('create, get, update, a stale update refused, delete', async () => {
  await ok(['create', 'configmap', 'app', '--from-literal=a=1']);
  const stale = JSON.parse(await ok(['get', 'configmap', 'app', '-o', 'json']));
  await ok(['label', 'configmap', 'app', 'tier=web']);
  assert.equal(await ok(['get', 'configmap', 'app', '-o', 'jsonpath={.metadata.labels.tier}']), 'web');
  stale.data.a = '2';
  const r = await c.kubectl(['replace', '-f', '-'], { input: JSON.stringify(stale) });
  assert.equal(r.code, 1);
  assert.match(r.stderr, /Operation cannot be fulfilled on configmaps "app": the object has been modified/);
  assert.equal(await ok(['get', 'configmap', 'app', '-o', 'jsonpath={.data.a}']), '1');
  const again = await c.kubectl(['create', 'configmap', 'app']);
  assert.match(again.stderr, /configmaps "app" already exists/);
  await ok(['delete', 'configmap', 'app']);
  assert.match((await c.kubectl(['get', 'configmap', 'app'])).stderr, /configmaps "app" not found/);
});

test('an Event is stored under a lease that real etcd granted', async () => {
  const event = {
    apiVersion: 'v1',
    kind: 'Event',
    metadata: { name: 'e1', namespace: 'default' },
    involvedObject: { kind: 'Pod', name: 'p', namespace: 'default' },
    reason: 'Tested',
    message: 'stored with a TTL',
    type: 'Normal',
  };
  await ok(['create', '-f', '-'], JSON.stringify(event));
  await ok(['create', '-f', '-'], JSON.stringify({ ...event, metadata: { ...event.metadata, name: 'e2' } }));
  assert.match(await ok(['get', 'events', '--field-selector', 'reason=Tested']), /stored with a TTL/);
});

test('the watch caches follow etcd: a watch sees a change, a list many pages', async () => {
  const watching = c.kubectl(['get', 'configmaps', '-w', '--request-timeout=4s'], { timeoutMs: 10_000 });
  await new Promise((r) => setTimeout(r, 1000));
  await ok(['create', 'configmap', 'live', '--from-literal=a=b']);
  assert.match((await watching).stdout, /^live\s+1\s+\d+s$/m);
  const many = Array.from({ length: 120 }, (_, i) => `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: cm-${i}}\n`);
  await ok(['create', '-f', '-'], many.join('---\n'));
  const names = (await ok(['get', 'configmaps', '--chunk-size=25', '-o', 'name'])).trim().split('\n');
  assert.equal(names.filter((n) => n.startsWith('configmap/cm-')).length, 120);
});

test('the apiserver compacts etcd every --etcd-compaction-interval, keeping one interval of history', async () => {
  await ok(['create', 'configmap', 'compacted', '--from-literal=a=1']);
  const pki = join(c.dir, 'pki');
  const etcdctl = (...args: string[]) =>
    runBinary('etcdctl', [
      '--endpoints',
      c.etcdEndpoint,
      '--cacert',
      join(pki, 'etcd/ca.crt'),
      '--cert',
      join(pki, 'apiserver-etcd-client.crt'),
      '--key',
      join(pki, 'apiserver-etcd-client.key'),
      ...args,
    ]);
  // Round 1 records a revision; round 2 compacts to it and bumps compact_rev_key to version 2.
  let version = 0;
  for (let i = 0; i < 50 && version < 2; i++) {
    await new Promise((r) => setTimeout(r, 200));
    const got = JSON.parse((await etcdctl('get', 'compact_rev_key', '-w', 'json')).stdout);
    version = Number(got.kvs?.[0]?.version ?? 0);
  }
  assert.ok(version >= 2, `compact_rev_key at version ${version}`);
  const old = await etcdctl('get', '/registry/configmaps/default/compacted', '--rev', '1');
  assert.notEqual(old.code, 0);
  assert.match(old.stderr, /required revision has been compacted/);
  assert.match(await ok(['get', 'configmap', 'compacted', '-o', 'name']), /configmap\/compacted/);
});
