/**
 * What `kubectl get` asks for: meta.k8s.io Tables with upstream's columns and row conditions,
 * includeObject, and PartialObjectMetadata(List).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useControlPlane } from './testing/cluster.js';

const api = useControlPlane();

const PODS = '/api/v1/namespaces/default/pods';
const TABLE = 'application/json;as=Table;v=v1;g=meta.k8s.io,application/json';

async function podWithStatus(name: string, status: Record<string, unknown>) {
  const created = await api.request('POST', PODS, {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name },
    spec: { containers: [{ name: 'c', image: 'busybox' }] },
  });
  assert.equal(created.status, 201, created.text);
  const res = await api.request('PUT', `${PODS}/${name}/status`, { ...created.body, status });
  assert.equal(res.status, 200, res.text);
}

test('a pod Table has upstream columns, computed STATUS, and Completed rows for finished pods', async () => {
  await podWithStatus('done', {
    phase: 'Succeeded',
    containerStatuses: [
      {
        name: 'c',
        image: 'busybox',
        imageID: '',
        ready: false,
        restartCount: 0,
        state: { terminated: { exitCode: 0, reason: 'Completed', startedAt: null, finishedAt: null } },
      },
    ],
  });
  await podWithStatus('waiting', { phase: 'Pending' });
  const res = await api.request('GET', `${PODS}?includeObject=Metadata`, undefined, { Accept: TABLE });
  assert.equal(res.status, 200, res.text);
  assert.equal(res.body.kind, 'Table');
  assert.equal(res.body.apiVersion, 'meta.k8s.io/v1');
  assert.deepEqual(
    res.body.columnDefinitions.map((c: { name: string; priority: number }) => `${c.name}:${c.priority}`),
    ['Name:0', 'Ready:0', 'Status:0', 'Restarts:0', 'Age:0', 'IP:1', 'Node:1', 'Nominated Node:1', 'Readiness Gates:1'],
  );
  const rows = new Map(res.body.rows.map((r: { cells: unknown[] }) => [r.cells[0], r]));
  const done = rows.get('done') as { cells: unknown[]; conditions?: unknown[]; object: Record<string, unknown> };
  assert.deepEqual(done.cells.slice(1, 4), ['0/1', 'Completed', '0']);
  assert.deepEqual(done.conditions, [
    { type: 'Completed', status: 'True', reason: 'Succeeded', message: 'The pod has completed successfully.' },
  ]);
  assert.equal(done.object.kind, 'PartialObjectMetadata');
  const waiting = rows.get('waiting') as { cells: unknown[]; conditions?: unknown[] };
  assert.equal(waiting.cells[2], 'Pending');
  assert.equal(waiting.conditions, undefined);
});

test('as=PartialObjectMetadataList answers metadata only', async () => {
  const res = await api.request('GET', PODS, undefined, {
    Accept: 'application/json;as=PartialObjectMetadataList;v=v1;g=meta.k8s.io',
  });
  assert.equal(res.status, 200, res.text);
  assert.equal(res.body.kind, 'PartialObjectMetadataList');
  assert.ok(res.body.items.length >= 1);
  for (const item of res.body.items) {
    assert.equal(item.kind, 'PartialObjectMetadata');
    assert.equal(item.spec, undefined);
    assert.ok(item.metadata.uid);
  }
});
