/**
 * DELETE as upstream's handler and store do it: grace periods for pods on a node, preconditions,
 * propagation policies recorded as finalizers for the garbage collector, dry runs, and DELETE of
 * a collection by selector.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useControlPlane } from '../testing/cluster.js';

const api = useControlPlane();
const CMS = '/api/v1/namespaces/default/configmaps';
const PODS = '/api/v1/namespaces/default/pods';
const cm = (name: string, labels: Record<string, string> = {}) => ({ metadata: { name, labels } });

test('a pod on a node is deleted gracefully; gracePeriodSeconds shortens it, 0 removes it', async () => {
  const made = await api.request('POST', PODS, {
    metadata: { name: 'graceful' },
    spec: { nodeName: 'node-1', containers: [{ name: 'c', image: 'busybox' }] },
  });
  assert.equal(made.status, 201, made.text);
  const first = await api.request('DELETE', `${PODS}/graceful`);
  assert.equal(first.status, 200, first.text);
  assert.equal(first.body.metadata.deletionGracePeriodSeconds, 30);
  assert.ok(first.body.metadata.deletionTimestamp);
  const shorter = await api.request('DELETE', `${PODS}/graceful?gracePeriodSeconds=5`);
  assert.equal(shorter.body.metadata.deletionGracePeriodSeconds, 5);
  const longer = await api.request('DELETE', `${PODS}/graceful?gracePeriodSeconds=60`);
  assert.equal(
    longer.body.metadata.deletionGracePeriodSeconds,
    5,
    'a longer grace period never replaces a shorter one',
  );
  const now = await api.request('DELETE', `${PODS}/graceful`, { gracePeriodSeconds: 0 });
  assert.equal(now.status, 200, now.text);
  assert.equal((await api.request('GET', `${PODS}/graceful`)).status, 404);
});

test('preconditions that do not hold are a Conflict in upstream words, and nothing is deleted', async () => {
  const made = await api.request('POST', CMS, cm('pre'));
  const uid = await api.request('DELETE', `${CMS}/pre`, { preconditions: { uid: 'not-it' } });
  assert.equal(uid.status, 409);
  assert.equal(
    uid.body.message,
    `Operation cannot be fulfilled on configmaps "pre": Precondition failed: UID in precondition: not-it, UID in object meta: ${made.body.metadata.uid}`,
  );
  const rv = await api.request('DELETE', `${CMS}/pre`, { preconditions: { resourceVersion: '1' } });
  assert.equal(rv.status, 409);
  assert.match(
    rv.body.message,
    /Precondition failed: ResourceVersion in precondition: 1, ResourceVersion in object meta: \d+$/,
  );
  assert.equal((await api.request('GET', `${CMS}/pre`)).status, 200);
  const ok = await api.request('DELETE', `${CMS}/pre`, { preconditions: { uid: made.body.metadata.uid } });
  assert.equal(ok.status, 200, ok.text);
  assert.equal(ok.body.status, 'Success');
  assert.equal(ok.body.details.uid, made.body.metadata.uid);
});

test('Foreground and Orphan leave the object with the finalizer the garbage collector acts on', async () => {
  await api.request('POST', CMS, cm('fg'));
  const fg = await api.request('DELETE', `${CMS}/fg?propagationPolicy=Foreground`);
  assert.equal(fg.status, 200, fg.text);
  assert.deepEqual(fg.body.metadata.finalizers, ['foregroundDeletion']);
  assert.ok(fg.body.metadata.deletionTimestamp);
  await api.request('POST', CMS, cm('orphan'));
  const orphan = await api.request('DELETE', `${CMS}/orphan`, { propagationPolicy: 'Orphan' });
  assert.equal(orphan.status, 200, orphan.text);
  assert.deepEqual(orphan.body.metadata.finalizers, ['orphan']);
  // The deprecated orphanDependents=false is the one case upstream answers 202 to a pending delete.
  await api.request('POST', CMS, { metadata: { name: 'held', finalizers: ['example.com/hold'] } });
  const accepted = await api.request('DELETE', `${CMS}/held`, { orphanDependents: false });
  assert.equal(accepted.status, 202, accepted.text);
  assert.ok(accepted.body.metadata.deletionTimestamp);
  // A later policy replaces the collector's finalizer (upstream's deletionFinalizersForGarbageCollection);
  // Background takes it off, and the object goes once no other finalizer holds it.
  await api.request('POST', CMS, { metadata: { name: 'switch', finalizers: ['orphan', 'example.com/hold'] } });
  const switched = await api.request('DELETE', `${CMS}/switch?propagationPolicy=Foreground`);
  assert.deepEqual(switched.body.metadata.finalizers, ['example.com/hold', 'foregroundDeletion']);
  const background = await api.request('DELETE', `${CMS}/switch?propagationPolicy=Background`);
  assert.deepEqual(background.body.metadata.finalizers, ['example.com/hold']);
  const released = await api.request(
    'PATCH',
    `${CMS}/switch`,
    { metadata: { finalizers: null } },
    {
      'content-type': 'application/merge-patch+json',
    },
  );
  assert.equal(released.status, 200, released.text);
  assert.equal((await api.request('GET', `${CMS}/switch`)).status, 404);
  const bad = await api.request('DELETE', `${CMS}/orphan?propagationPolicy=Sometimes`);
  assert.equal(bad.status, 422);
  assert.equal(
    bad.body.message,
    'DeleteOptions.meta.k8s.io "" is invalid: propagationPolicy: Unsupported value: "Sometimes": supported values: "Foreground", "Background", "Orphan", "nil"',
  );
});

test('dryRun=All answers as a delete would and keeps the object', async () => {
  await api.request('POST', CMS, cm('kept'));
  const dry = await api.request('DELETE', `${CMS}/kept?dryRun=All`);
  assert.equal(dry.status, 200, dry.text);
  assert.equal((await api.request('GET', `${CMS}/kept`)).status, 200);
});

test('DELETE of a collection removes what the selector matches and nothing else', async () => {
  for (const [name, tier] of [
    ['c1', 'cache'],
    ['c2', 'cache'],
    ['c3', 'db'],
  ])
    await api.request('POST', CMS, cm(name, { tier }));
  const res = await api.request('DELETE', `${CMS}?labelSelector=tier%3Dcache`);
  assert.equal(res.status, 200, res.text);
  assert.equal(res.body.kind, 'ConfigMapList');
  assert.deepEqual(res.body.items.map((i: { metadata: { name: string } }) => i.metadata.name).sort(), ['c1', 'c2']);
  const left = await api.request('GET', `${CMS}?labelSelector=tier`);
  assert.deepEqual(
    left.body.items.map((i: { metadata: { name: string } }) => i.metadata.name),
    ['c3'],
  );
});
