import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import * as grpc from '@grpc/grpc-js';
import { serviceClient } from './proto.js';
import { EtcdRpcClient } from './rpc-client.js';
import { startInProcess } from './testing/in-process.js';

const b = (s: string) => Buffer.from(s);

describe('k8ts etcd server', () => {
  const dirs: string[] = [];
  const tmp = () => {
    const d = mkdtempSync(join(tmpdir(), 'k8ts-etcd-test-'));
    dirs.push(d);
    return d;
  };
  after(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

  it('keeps everything across a restart of the data dir, and starts a new raft term', async () => {
    const dataDir = tmp();
    const first = await startInProcess({ dataDir });
    const c = first.client;
    const lease = await c.call(c.lease, 'LeaseGrant', { TTL: 600 });
    await c.put({ key: b('a'), value: b('1') });
    await c.put({ key: b('a'), value: b('2'), lease: lease.ID });
    await c.put({ key: b('b'), value: b('1') });
    await c.deleteRange({ key: b('b') });
    await c.compact({ revision: 2 });
    const before = await c.call(c.maintenance, 'Status', {});
    await first.stop();

    const second = await startInProcess({ dataDir });
    try {
      const c2 = second.client;
      const r = await c2.range({ key: b('a') });
      assert.equal(r.header.revision, '5');
      assert.equal(r.header.cluster_id, before.header.cluster_id);
      assert.equal(r.header.member_id, before.header.member_id);
      assert.equal(Number(r.header.raft_term), Number(before.header.raft_term) + 1);
      assert.equal(r.kvs[0].value.toString(), '2');
      assert.equal(r.kvs[0].lease, lease.ID);
      await assert.rejects(c2.range({ key: b('a'), revision: 1 }), { code: grpc.status.OUT_OF_RANGE });
      assert.equal((await c2.range({ key: b('a'), revision: 2 })).kvs[0].value.toString(), '1');
      assert.equal((await c2.range({ key: b('b'), revision: 4 })).kvs[0].value.toString(), '1');
      const ttl = await c2.call(c2.lease, 'LeaseTimeToLive', { ID: lease.ID, keys: true });
      assert.deepEqual(ttl.keys.map(String), ['a']);
      // The next write continues from the stored revision.
      assert.equal((await c2.put({ key: b('c'), value: b('1') })).header.revision, '6');
    } finally {
      await second.stop();
    }
  });

  it('commits concurrent writes in shared batches, each request with its own revision', async () => {
    const s = await startInProcess({ dataDir: tmp() });
    try {
      const commitsBefore = s.server.store.commits;
      const revs = await Promise.all(
        Array.from({ length: 200 }, (_, i) =>
          s.client.put({ key: b(`k${i}`), value: b('v') }).then((r) => Number(r.header.revision)),
        ),
      );
      assert.deepEqual(
        [...revs].sort((x, y) => x - y),
        Array.from({ length: 200 }, (_, i) => i + 2),
      );
      assert.ok(s.server.store.commits - commitsBefore < 200, `expected fewer batches than writes`);
    } finally {
      await s.stop();
    }
  });

  it('answers calls it does not implement with UNIMPLEMENTED and keeps serving', async () => {
    const s = await startInProcess();
    try {
      const auth = new (serviceClient('Auth'))(new URL(s.endpoint).host, grpc.credentials.createInsecure());
      const cluster = s.client.cluster;
      const call = (client: grpc.Client, method: string) =>
        new Promise<grpc.ServiceError>((resolve) =>
          (client as unknown as Record<string, Function>)[method]({}, (err: grpc.ServiceError) => resolve(err)),
        );
      assert.equal((await call(auth, 'AuthStatus')).code, grpc.status.UNIMPLEMENTED);
      assert.equal((await call(cluster, 'MemberAdd')).code, grpc.status.UNIMPLEMENTED);
      auth.close();
      assert.equal((await s.client.put({ key: b('x'), value: b('y') })).header.revision, '2');
    } finally {
      await s.stop();
    }
  });

  it('serves TLS and, with --client-cert-auth, refuses clients without a certificate from the CA', async () => {
    const dir = tmp();
    const ssl = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
    ssl(
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-keyout',
      'ca.key',
      '-out',
      'ca.crt',
      '-days',
      '1',
      '-subj',
      '/CN=test-ca',
    );
    for (const name of ['server', 'client']) {
      ssl(
        'req',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-keyout',
        `${name}.key`,
        '-out',
        `${name}.csr`,
        '-subj',
        `/CN=${name}`,
      );
      const ext = join(dir, `${name}.ext`);
      execFileSync('sh', ['-c', `printf 'subjectAltName=IP:127.0.0.1\\n' > ${ext}`]);
      ssl(
        'x509',
        '-req',
        '-in',
        `${name}.csr`,
        '-CA',
        'ca.crt',
        '-CAkey',
        'ca.key',
        '-CAcreateserial',
        '-out',
        `${name}.crt`,
        '-days',
        '1',
        '-extfile',
        ext,
      );
    }
    const f = (n: string) => join(dir, n);
    const s = await startInProcess({
      listenClientUrls: ['https://127.0.0.1:0'],
      certFile: f('server.crt'),
      keyFile: f('server.key'),
      trustedCaFile: f('ca.crt'),
      clientCertAuth: true,
    });
    try {
      assert.match(s.endpoint, /^https:\/\/127\.0\.0\.1:\d+$/);
      const ca = readFileSync(f('ca.crt'));
      const good = new EtcdRpcClient({
        endpoint: s.endpoint,
        ca,
        cert: readFileSync(f('client.crt')),
        key: readFileSync(f('client.key')),
      });
      assert.equal((await good.put({ key: b('tls'), value: b('ok') })).header.revision, '2');
      good.close();
      const anonymous = new EtcdRpcClient({ endpoint: s.endpoint, ca });
      await assert.rejects(anonymous.call(anonymous.kv, 'Range', { key: b('tls') }, 3000), {
        code: grpc.status.UNAVAILABLE,
      });
      anonymous.close();
    } finally {
      await s.stop();
    }
  });
});
