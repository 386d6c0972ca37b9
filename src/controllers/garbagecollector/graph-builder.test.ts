import { test } from 'node:test';
import assert from 'node:assert/strict';
import { GraphBuilder, type GraphEvent } from './graph-builder.js';
import { getAlternateOwnerIdentity, partitionDependents } from './owner-identity.js';
import { GraphNode, referencesDiffs, type ObjectIdentity, type ObjectMeta, type OwnerReference } from './graph.js';

/** A builder whose sink records what it was told, as `queue:uid`. */
function harness() {
  const told: string[] = [];
  const builder = new GraphBuilder({
    attemptToDelete: (n) => told.push(`delete:${n.identity.uid}`),
    attemptToDeleteRateLimited: (n) => told.push(`delete-later:${n.identity.uid}`),
    attemptToOrphan: (n) => told.push(`orphan:${n.identity.uid}`),
    invalidNamespaceOwnerRef: (n, ref) => told.push(`invalid-ns:${n.identity.uid}->${ref.uid}`),
  });
  const take = () => told.splice(0);
  const cm = (type: GraphEvent['type'], obj: ObjectMeta, oldObj?: ObjectMeta) =>
    builder.process({ type, obj, oldObj, apiVersion: 'v1', kind: 'ConfigMap' });
  return { builder, take, cm };
}

const ownerRef = (uid: string, extra: Partial<OwnerReference> = {}): OwnerReference => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  name: uid,
  uid,
  ...extra,
});
const meta = (uid: string, extra: Partial<ObjectMeta> = {}): ObjectMeta => ({
  uid,
  name: uid,
  namespace: 'ns',
  ...extra,
});

test('a dependent seen before its owner makes a virtual owner, checked, then made real when seen', () => {
  const { builder, take, cm } = harness();
  cm('add', meta('dep', { ownerReferences: [ownerRef('own')] }));
  const owner = builder.uidToNode.get('own')!;
  assert.equal(owner.virtual, true);
  assert.deepEqual(owner.identity, { apiVersion: 'v1', kind: 'ConfigMap', name: 'own', uid: 'own', namespace: 'ns' });
  assert.deepEqual(take(), ['delete:own']);
  cm('add', meta('own'));
  assert.equal(owner.virtual, false);
  assert.equal(builder.uidToNode.get('own'), owner);
  assert.deepEqual(
    [...owner.dependents].map((d) => d.identity.uid),
    ['dep'],
  );
  assert.deepEqual(take(), []);
});

test('an owner deleted: its dependents are looked at and it is remembered absent', () => {
  const { builder, take, cm } = harness();
  cm('add', meta('own'));
  cm('add', meta('dep', { ownerReferences: [ownerRef('own')] }));
  take();
  cm('delete', meta('own'));
  assert.equal(builder.uidToNode.has('own'), false);
  assert.deepEqual(take(), ['delete:dep']);
  assert.equal(
    builder.absentOwnerCache.has({ apiVersion: 'v1', kind: 'ConfigMap', name: 'own', uid: 'own', namespace: 'ns' }),
    true,
  );
});

test('foreground and orphan deletions start on the transition only', () => {
  const { builder, take, cm } = harness();
  cm('add', meta('own'));
  cm('add', meta('dep', { ownerReferences: [ownerRef('own', { blockOwnerDeletion: true })] }));
  take();
  const deleting = meta('own', { deletionTimestamp: 't', finalizers: ['foregroundDeletion'] });
  cm('update', deleting, meta('own'));
  assert.equal(builder.uidToNode.get('own')!.deletingDependents, true);
  assert.equal(builder.uidToNode.get('own')!.beingDeleted, true);
  assert.deepEqual(take(), ['delete:dep', 'delete:own']);
  cm('update', deleting, deleting);
  assert.deepEqual(take(), [], 'no new transition');

  cm('add', meta('o2'));
  take();
  cm('update', meta('o2', { deletionTimestamp: 't', finalizers: ['orphan'] }), meta('o2'));
  assert.deepEqual(take(), ['orphan:o2']);
  // Seen for the first time already being deleted: still a transition.
  cm('add', meta('o3', { deletionTimestamp: 't', finalizers: ['orphan'] }));
  assert.deepEqual(take(), ['orphan:o3']);
});

test('a blocking reference removed or unblocked, or a blocking dependent gone, frees its owner', () => {
  const { builder, take, cm } = harness();
  cm('add', meta('own', { deletionTimestamp: 't', finalizers: ['foregroundDeletion'] }));
  take();
  const blocking = meta('d1', { ownerReferences: [ownerRef('own', { blockOwnerDeletion: true })] });
  cm('add', blocking);
  take();
  cm('update', meta('d1', { ownerReferences: [ownerRef('own', { blockOwnerDeletion: false })] }), blocking);
  assert.deepEqual(take(), ['delete:own'], 'unblocked');
  cm('update', blocking, meta('d1'));
  take();
  cm('update', meta('d1'), blocking);
  assert.deepEqual(take(), ['delete:own'], 'reference removed');
  assert.equal(builder.uidToNode.get('own')!.dependents.size, 0);
  cm('add', meta('d2', { ownerReferences: [ownerRef('own', { blockOwnerDeletion: true })] }));
  take();
  cm('delete', meta('d2', { ownerReferences: [ownerRef('own', { blockOwnerDeletion: true })] }));
  assert.deepEqual(take(), ['delete:own'], 'dependent deleted');
});

test('a virtual owner verified absent leaves the graph; its dependents are looked at', () => {
  const { builder, take, cm } = harness();
  cm('add', meta('dep', { ownerReferences: [ownerRef('ghost')] }));
  take();
  builder.virtualDelete(builder.uidToNode.get('ghost')!.identity);
  assert.equal(builder.uidToNode.has('ghost'), false);
  assert.deepEqual(take(), ['delete:dep']);
});

test('a virtual owner named by other coordinates too stays, under the other identity', () => {
  const { builder, take, cm } = harness();
  cm('add', meta('d1', { ownerReferences: [ownerRef('own')] }));
  cm('add', meta('d2', { ownerReferences: [ownerRef('own', { kind: 'Secret' })] }));
  assert.deepEqual(take(), ['delete:own', 'delete:d2'], 'd2 disagrees with the virtual identity');
  builder.virtualDelete({ apiVersion: 'v1', kind: 'ConfigMap', name: 'own', uid: 'own', namespace: 'ns' });
  const node = builder.uidToNode.get('own')!;
  assert.equal(node.identity.kind, 'Secret');
  assert.deepEqual(take(), ['delete:d1', 'delete-later:own']);
});

test('an owner seen in another namespace than its dependent is reported', () => {
  const { take, cm } = harness();
  cm('add', meta('own', { namespace: 'other' }));
  cm('add', meta('dep', { ownerReferences: [ownerRef('own')] }));
  assert.deepEqual(take(), ['invalid-ns:dep->own', 'delete:dep']);
});

test('partitionDependents and getAlternateOwnerIdentity', () => {
  const node = (uid: string, namespace: string, owners: OwnerReference[]) =>
    new GraphNode({ apiVersion: 'v1', kind: 'ConfigMap', name: uid, uid, namespace }, owners);
  const owner: ObjectIdentity = { apiVersion: 'v1', kind: 'ConfigMap', name: 'o', uid: 'o', namespace: 'ns' };
  const same = node('a', 'ns', [ownerRef('o')]);
  const otherKind = node('b', 'ns', [ownerRef('o', { kind: 'Secret' })]);
  const otherNs = node('c', 'elsewhere', [ownerRef('o')]);
  const both = node('d', 'ns', [ownerRef('o'), ownerRef('o', { name: 'alias' })]);
  const [matching, nonmatching] = partitionDependents([same, otherKind, otherNs, both], owner);
  assert.deepEqual(
    matching.map((n) => n.identity.uid),
    ['a', 'd'],
  );
  assert.deepEqual(
    nonmatching.map((n) => n.identity.uid),
    ['b', 'c', 'd'],
  );
  // Alternates after the absent identity in (kind, apiVersion, namespace, name) order come first.
  assert.deepEqual(getAlternateOwnerIdentity([otherKind, otherNs, both], owner), {
    apiVersion: 'v1',
    kind: 'Secret',
    name: 'o',
    uid: 'o',
    namespace: 'ns',
  });
  assert.deepEqual(getAlternateOwnerIdentity([otherNs, both], owner), {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    name: 'o',
    uid: 'o',
    namespace: 'elsewhere',
  });
  assert.equal(getAlternateOwnerIdentity([same], owner), undefined);
  // A cluster-scoped absent identity: same-kind alternates are cluster-scoped too.
  const clusterOwner = { ...owner, namespace: '' };
  assert.deepEqual(getAlternateOwnerIdentity([node('e', 'ns', [ownerRef('o', { name: 'x' })])], clusterOwner), {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    name: 'x',
    uid: 'o',
    namespace: '',
  });
});

test('referencesDiffs', () => {
  const { added, removed, changed } = referencesDiffs(
    [ownerRef('a'), ownerRef('b', { blockOwnerDeletion: true }), ownerRef('c')],
    [ownerRef('b', { blockOwnerDeletion: false }), ownerRef('c'), ownerRef('d')],
  );
  assert.deepEqual(
    added.map((r) => r.uid),
    ['d'],
  );
  assert.deepEqual(
    removed.map((r) => r.uid),
    ['a'],
  );
  assert.deepEqual(
    changed.map((c) => [c.oldRef.blockOwnerDeletion, c.newRef.blockOwnerDeletion]),
    [[true, false]],
  );
});
