import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  classifyReference,
  decideForDeletingOwner,
  decideForDependent,
  unblockedOwnerReferences,
  withoutFinalizer,
  withoutOwnerReferences,
  type ClassifiedReferences,
  type DependentAction,
  type DependentState,
} from './decisions.js';
import { GraphNode, type OwnerReference } from './graph.js';

const ref = (uid: string, blockOwnerDeletion?: boolean): OwnerReference => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  name: `owner-${uid}`,
  uid,
  blockOwnerDeletion,
});

test('classifyReference: gone, replaced, deleting in the foreground, or solid', () => {
  const cases: { name: string; owner: Parameters<typeof classifyReference>[1]; want: string }[] = [
    { name: 'not found', owner: undefined, want: 'dangling' },
    { name: 'another object under the name', owner: { uid: 'other' }, want: 'dangling' },
    { name: 'alive', owner: { uid: 'a' }, want: 'solid' },
    { name: 'orphaning', owner: { uid: 'a', deletionTimestamp: 't', finalizers: ['orphan'] }, want: 'solid' },
    { name: 'deleting, no finalizer of ours', owner: { uid: 'a', deletionTimestamp: 't' }, want: 'solid' },
    {
      name: 'foreground finalizer, not deleting',
      owner: { uid: 'a', finalizers: ['foregroundDeletion'] },
      want: 'solid',
    },
    {
      name: 'deleting in the foreground',
      owner: { uid: 'a', deletionTimestamp: 't', finalizers: ['foregroundDeletion'] },
      want: 'waitingForDependentsDeletion',
    },
  ];
  for (const c of cases) assert.equal(classifyReference(ref('a'), c.owner), c.want, c.name);
});

test('decideForDependent: what becomes of an object given its owners', () => {
  const none: ClassifiedReferences = { solid: [], dangling: [], waitingForDependentsDeletion: [] };
  const plain: DependentState = { hasDependents: false, aDependentIsDeletingDependents: false };
  const cases: {
    name: string;
    refs: Partial<ClassifiedReferences>;
    item?: Partial<DependentState>;
    want: DependentAction;
  }[] = [
    { name: 'no owners', refs: {}, want: { action: 'none', why: 'noOwners' } },
    { name: 'one live owner', refs: { solid: [ref('a')] }, want: { action: 'none', why: 'solidOwner' } },
    {
      name: 'a live owner and a gone one: the gone one is dropped',
      refs: { solid: [ref('a')], dangling: [ref('b')] },
      want: { action: 'removeOwnerReferences', uids: ['b'] },
    },
    {
      name: 'a live owner and one deleting in the foreground: that reference is dropped too',
      refs: { solid: [ref('a')], dangling: [ref('b')], waitingForDependentsDeletion: [ref('c')] },
      want: { action: 'removeOwnerReferences', uids: ['b', 'c'] },
    },
    {
      name: 'every owner gone: background deletion',
      refs: { dangling: [ref('a'), ref('b')] },
      want: { action: 'delete', policy: 'Background', unblockFirst: false },
    },
    {
      name: 'owner gone, the object has an orphan finalizer: honoured',
      refs: { dangling: [ref('a')] },
      item: { finalizers: ['orphan'] },
      want: { action: 'delete', policy: 'Orphan', unblockFirst: false },
    },
    {
      name: 'owner gone, the object has a foreground finalizer: honoured',
      refs: { dangling: [ref('a')] },
      item: { finalizers: ['foregroundDeletion'] },
      want: { action: 'delete', policy: 'Foreground', unblockFirst: false },
    },
    {
      name: 'owner deleting in the foreground, no dependents of its own: plain delete',
      refs: { waitingForDependentsDeletion: [ref('a', true)] },
      want: { action: 'delete', policy: 'Background', unblockFirst: false },
    },
    {
      name: 'owner deleting in the foreground and dependents of its own: foreground too',
      refs: { waitingForDependentsDeletion: [ref('a', true)] },
      item: { hasDependents: true },
      want: { action: 'delete', policy: 'Foreground', unblockFirst: false },
    },
    {
      name: 'foreground owner, and a dependent deleting in the foreground too: unblock first (cycle)',
      refs: { waitingForDependentsDeletion: [ref('a', true)], dangling: [ref('b')] },
      item: { hasDependents: true, aDependentIsDeletingDependents: true },
      want: { action: 'delete', policy: 'Foreground', unblockFirst: true },
    },
  ];
  for (const c of cases) {
    assert.deepEqual(decideForDependent({ ...none, ...c.refs }, { ...plain, ...c.item }), c.want, c.name);
  }
});

test('decideForDeletingOwner: the finalizer goes once no dependent blocks', () => {
  const owner = new GraphNode({ apiVersion: 'v1', kind: 'ConfigMap', name: 'o', uid: 'o', namespace: 'ns' });
  const dep = (uid: string, blockOwnerDeletion?: boolean, deletingDependents = false) => {
    const n = new GraphNode({ apiVersion: 'v1', kind: 'ConfigMap', name: uid, uid, namespace: 'ns' }, [
      { ...ref('o', blockOwnerDeletion), name: 'o' },
    ]);
    n.deletingDependents = deletingDependents;
    owner.dependents.add(n);
    return n;
  };
  assert.deepEqual(decideForDeletingOwner(owner), { action: 'removeFinalizer' }, 'no dependents');
  dep('free');
  dep('unblocking', false);
  assert.deepEqual(decideForDeletingOwner(owner), { action: 'removeFinalizer' }, 'only non-blocking dependents');
  const blocking = dep('blocking', true);
  dep('busy', true, true);
  assert.deepEqual(decideForDeletingOwner(owner), { action: 'attemptToDelete', dependents: [blocking] });
});

test('reference and finalizer edits', () => {
  assert.deepEqual(
    withoutOwnerReferences([ref('a'), ref('b'), ref('c')], ['a', 'c']).map((r) => r.uid),
    ['b'],
  );
  assert.deepEqual(
    unblockedOwnerReferences([ref('a', true), ref('b')]).map((r) => r.blockOwnerDeletion),
    [false, false],
  );
  assert.deepEqual(withoutFinalizer(['orphan', 'x'], 'orphan'), ['x']);
  assert.equal(withoutFinalizer(['x'], 'orphan'), undefined);
  assert.equal(withoutFinalizer(undefined, 'orphan'), undefined);
});
