import { test } from 'node:test';
import assert from 'node:assert/strict';
import { authorizeNode } from './authorizer.js';
import { hasPathToNode, type NodeGraphSource } from './graph.js';
import { computeNodeReach, nodeReach } from './reach.js';
import { podResourceClaimNames, visitPVSecretNames } from './refs.js';
import { mirror, pod1, req, source } from './test-helpers.js';
import type { Obj } from './refs.js';

test('computeNodeReach collects every reference of the node’s non-mirror pods', () => {
  const r = computeNodeReach(source, 'n1');
  assert.deepEqual([...r.pods].sort(), ['ns1/mirror', 'ns1/pod1']);
  assert.deepEqual([...r.secrets].sort(), [
    'ns1/ips1',
    'ns1/s-csi',
    'ns1/s-env',
    'ns1/s-init',
    'ns1/s-proj',
    'ns1/s-vol',
  ]);
  assert.deepEqual([...r.configmaps].sort(), ['ns1/cm-env', 'ns1/cm-eph', 'ns1/cm-proj', 'ns1/cm-vol']);
  assert.deepEqual([...r.serviceaccounts], ['ns1/sa1']);
  assert.deepEqual([...r.pvcs], ['ns1/pvc1', 'ns1/pod1-scratch']);
  assert.deepEqual([...r.resourceclaims], ['ns1/claim1', 'ns1/pod1-tmpl-abc']);
  assert.equal(computeNodeReach(source, 'n3').pods.size, 0);
  assert.equal(hasPathToNode(source, 'n1', 'pod', 'ns1', mirror.metadata.name), true);
});

test('PV secrets: namespace falls back to the claimRef; controller secrets are not kubelet-visible', () => {
  const seen: string[] = [];
  const pv = {
    spec: {
      claimRef: { namespace: 'app', name: 'c' },
      rbd: { secretRef: { name: 'ceph' } },
    },
  };
  visitPVSecretNames(pv, (ns, name, kv) => void seen.push(`${ns}/${name}/${kv}`));
  const csi = {
    spec: {
      csi: {
        controllerExpandSecretRef: { namespace: 'a', name: 'x' },
        nodeExpandSecretRef: { namespace: 'a', name: 'y' },
      },
    },
  };
  visitPVSecretNames(csi, (ns, name, kv) => void seen.push(`${ns}/${name}/${kv}`));
  assert.deepEqual(seen, ['app/ceph/true', 'a/x/false', 'a/y/true']);
  assert.deepEqual(podResourceClaimNames(pod1), ['claim1', 'pod1-tmpl-abc']);
});

/** A mutable source with a revision, as the apiserver's would be. */
function mutableSource(pods: Obj[]): NodeGraphSource & { pods: Obj[]; rev: number; calls: number } {
  const s = {
    pods,
    rev: 1,
    calls: 0,
    revision: () => s.rev,
    podsOnNode: (node: string) => {
      s.calls++;
      return s.pods.filter((p) => p.spec?.nodeName === node);
    },
    pvc: () => undefined,
    pv: () => undefined,
    volumeAttachment: () => undefined,
  };
  return s;
}

test('reach is memoised per (node, revision) and recomputed when the revision moves', () => {
  const s = mutableSource([]);
  const get = req('get', 'secrets', { ns: 'ns1', name: 's-vol' });
  assert.equal(authorizeNode(get, s).decision, 'NoOpinion');
  assert.equal(authorizeNode(get, s).decision, 'NoOpinion');
  assert.equal(s.calls, 1);
  s.pods.push(pod1);
  assert.equal(authorizeNode(get, s).decision, 'NoOpinion', 'same revision: the memo answers');
  s.rev++;
  assert.equal(authorizeNode(get, s).decision, 'Allow');
  assert.equal(s.calls, 2);
  assert.equal(nodeReach(s, 'n1'), nodeReach(s, 'n1'));
});

function bigNode(pods: number): Obj[] {
  return Array.from({ length: pods }, (_, i) => ({
    metadata: { namespace: `ns${i % 7}`, name: `p${i}` },
    spec: {
      nodeName: 'big',
      serviceAccountName: 'default',
      imagePullSecrets: [{ name: 'pull' }],
      containers: Array.from({ length: 3 }, (_, c) => ({
        name: `c${c}`,
        env: [{ name: 'X', valueFrom: { secretKeyRef: { name: `env-${i}-${c}`, key: 'k' } } }],
        envFrom: [{ configMapRef: { name: `cm-${i}-${c}` } }],
      })),
      volumes: [
        {
          name: 'tok',
          projected: { sources: [{ serviceAccountToken: { path: 't' } }, { configMap: { name: 'kube-root-ca.crt' } }] },
        },
        { name: 's', secret: { secretName: `vol-${i}` } },
        { name: 'd', persistentVolumeClaim: { claimName: `data-${i}` } },
      ],
    },
  }));
}

test('performance: a node with 100 pods authorizes well under a millisecond', () => {
  const pods = bigNode(100);
  const noRevision: NodeGraphSource = {
    podsOnNode: () => pods,
    pvc: () => undefined,
    pv: () => undefined,
    volumeAttachment: () => undefined,
  };
  const user = { name: 'system:node:big', groups: ['system:nodes'] };
  const miss = req('get', 'secrets', { ns: 'ns3', name: 'nope', user });
  const hit = req('get', 'secrets', { ns: 'ns3', name: 'vol-3', user });
  const time = (src: NodeGraphSource, n: number) => {
    const t = process.hrtime.bigint();
    for (let i = 0; i < n; i++) {
      assert.equal(authorizeNode(i % 2 ? hit : miss, src).decision, i % 2 ? 'Allow' : 'NoOpinion');
    }
    return Number(process.hrtime.bigint() - t) / 1e6 / n;
  };
  time(noRevision, 50); // warm up
  const perCall = time(noRevision, 500);
  assert.ok(perCall < 0.5, `uncached: ${perCall.toFixed(3)} ms per check`);
  const memoised = time(mutableSource(pods), 5000);
  assert.ok(memoised < 0.02, `memoised: ${memoised.toFixed(4)} ms per check`);
});
