/**
 * The security line of the apiserver benchmark: GET throughput with authentication and RBAC on
 * (a bearer token from `--token-auth-file`, a user allowed by a RoleBinding to `view`, so every
 * request walks the bootstrap ClusterRoleBindings first) against AlwaysAllow without credentials,
 * on two apiservers started alike, measured in alternating rounds (target: ≤ 10% slower).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startCluster, type E2ECluster } from '../../test/e2e/support/cluster.js';
import { H2Client } from './h2.js';
import { saturate } from './saturate.js';

export interface AuthComparison {
  alwaysAllow: number;
  rbac: number;
  /** RBAC throughput over AlwaysAllow's. */
  ratio: number;
}

const POD = JSON.stringify({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'target' },
  spec: { containers: [{ name: 'app', image: 'registry.k8s.io/pause:3.10' }] },
});

async function prepare(cluster: E2ECluster, headers: Record<string, string>): Promise<H2Client[]> {
  const ca = readFileSync(join(cluster.dir, 'pki', 'apiserver.crt'));
  const admin = new H2Client(cluster.url, ca);
  const auth = { authorization: 'Bearer bench-admin' };
  await admin.request('POST', '/api/v1/namespaces/default/pods', POD, auth);
  await admin.request(
    'POST',
    '/apis/rbac.authorization.k8s.io/v1/namespaces/default/rolebindings',
    JSON.stringify({
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'RoleBinding',
      metadata: { name: 'reader-view' },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'view' },
      subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: 'reader' }],
    }),
    auth,
  );
  admin.close();
  const conns = Array.from({ length: 20 }, () => new H2Client(cluster.url, ca));
  const r = await conns[0].request('GET', '/api/v1/namespaces/default/pods/target', undefined, headers);
  if (r.status !== 200) throw new Error(`GET as the benchmark user: ${r.status} ${r.body}`);
  return conns;
}

export async function authComparison(opts: { rounds: number; ms: number }): Promise<AuthComparison> {
  const dir = mkdtempSync(join(tmpdir(), 'k8ts-bench-auth-'));
  const tokens = join(dir, 'tokens.csv');
  writeFileSync(tokens, 'bench-admin,admin,1,"system:masters"\nbench-reader,reader,2\n');
  const open = await startCluster();
  const secured = await startCluster({ apiserverArgs: ['--authorization-mode', 'RBAC', '--token-auth-file', tokens] });
  try {
    const reader = { authorization: 'Bearer bench-reader' };
    const plain = await prepare(open, {});
    const rbac = await prepare(secured, reader);
    const get = (headers: Record<string, string>) => async (c: H2Client) => {
      const r = await c.request('GET', '/api/v1/namespaces/default/pods/target', undefined, headers);
      if (r.status !== 200) throw new Error(`GET ${r.status}`);
    };
    const totals = { alwaysAllow: 0, rbac: 0 };
    for (let round = 0; round <= opts.rounds; round++) {
      // Round 0 warms both up and is not counted.
      const a = await saturate(plain, 16, round ? opts.ms : 500, get({}));
      const b = await saturate(rbac, 16, round ? opts.ms : 500, get(reader));
      if (round) {
        totals.alwaysAllow += a / opts.rounds;
        totals.rbac += b / opts.rounds;
      }
    }
    [...plain, ...rbac].forEach((c) => c.close());
    return { ...totals, ratio: totals.rbac / totals.alwaysAllow };
  } finally {
    await Promise.all([open.stop(), secured.stop()]);
    rmSync(dir, { recursive: true, force: true });
  }
}
