import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ObjectMeta } from 'kubernetes-types/meta/v1.js';
import { errors } from '../errors.js';
import { nameIsDNS1035Label } from './names.js';
import {
  keepSystemFieldsOnUpdate,
  type ObjectMetaOptions,
  validateObjectMeta,
  validateObjectMetaUpdate,
} from './object-meta.js';

const SUBDOMAIN =
  "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
const NAME_PART =
  "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";

const ns: ObjectMetaOptions = { namespaced: true };
const check = (meta: ObjectMeta, opts: ObjectMetaOptions = ns) => validateObjectMeta(meta, opts).map(String);

// Expected messages follow upstream's ValidateObjectMetaAccessor (objectmeta.go, release 1.32).
describe('validateObjectMeta', () => {
  it('accepts good metadata', () => {
    assert.deepEqual(
      check({
        name: 'web-1',
        namespace: 'default',
        labels: { app: 'web', 'example.com/tier': '' },
        annotations: { 'Example.com/Note': 'anything at all' },
        ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'web', uid: 'u1', controller: true }],
        finalizers: ['kubernetes', 'example.com/cleanup'],
        managedFields: [{ operation: 'Bogus' }],
      }),
      [],
    );
  });

  it('requires a name or generateName and checks them with the kind rule', () => {
    assert.deepEqual(check({ namespace: 'default' }), [
      'metadata.name: Required value: name or generateName is required',
    ]);
    assert.deepEqual(check({ name: 'Web', namespace: 'default' }), [
      `metadata.name: Invalid value: "Web": ${SUBDOMAIN}`,
    ]);
    assert.deepEqual(check({ name: 'web', generateName: 'Web-', namespace: 'default' }), [
      `metadata.generateName: Invalid value: "Web-": ${SUBDOMAIN}`,
    ]);
    assert.deepEqual(check({ name: 'web', generateName: 'web-', namespace: 'default' }), []);
    assert.equal(
      validateObjectMeta({ name: '1svc', namespace: 'd' }, { namespaced: true, nameValidator: nameIsDNS1035Label })
        .length,
      1,
    );
  });

  it('enforces the scope on namespace', () => {
    assert.deepEqual(check({ name: 'a' }), ['metadata.namespace: Required value']);
    assert.deepEqual(check({ name: 'a', namespace: 'x' }, { namespaced: false }), [
      'metadata.namespace: Forbidden: not allowed on this type',
    ]);
    assert.deepEqual(check({ name: 'a', namespace: 'a.b' }), [
      'metadata.namespace: Invalid value: "a.b": must not contain dots',
    ]);
  });

  it('checks labels, annotations and generation at the map paths', () => {
    assert.deepEqual(check({ name: 'a', namespace: 'd', labels: { 'bad key': '-bad' }, generation: -1 }), [
      'metadata.generation: Invalid value: -1: must be greater than or equal to 0',
      `metadata.labels: Invalid value: "bad key": ${NAME_PART}`,
      "metadata.labels: Invalid value: \"-bad\": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')",
    ]);
    assert.deepEqual(check({ name: 'a', namespace: 'd', annotations: { 'a b': '' } }), [
      `metadata.annotations: Invalid value: "a b": ${NAME_PART}`,
    ]);
  });

  it('limits annotations to 256 KiB in total', () => {
    const big = 'x'.repeat(256 * 1024 - 1);
    assert.deepEqual(check({ name: 'a', namespace: 'd', annotations: { k: big } }), []);
    assert.deepEqual(check({ name: 'a', namespace: 'd', annotations: { k: `${big}x` } }), [
      'metadata.annotations: Too long: may not be more than 262144 bytes',
    ]);
  });

  it('checks owner references at the list path, and one controller at most', () => {
    const errs = check({
      name: 'a',
      namespace: 'd',
      ownerReferences: [
        { apiVersion: 'apps/', kind: '', name: '', uid: '' },
        { apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'a', uid: '1', controller: true },
        { apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'b', uid: '2', controller: true },
      ],
    });
    assert.deepEqual(errs.slice(0, 4), [
      'metadata.ownerReferences.apiVersion: Invalid value: "apps/": version must not be empty',
      'metadata.ownerReferences.kind: Invalid value: "": kind must not be empty',
      'metadata.ownerReferences.name: Invalid value: "": name must not be empty',
      'metadata.ownerReferences.uid: Invalid value: "": uid must not be empty',
    ]);
    assert.equal(errs.length, 5);
    assert.ok(
      errs[4].endsWith(
        ': Only one reference can have Controller set to true. Found "true" in references for ReplicaSet/a and ReplicaSet/b',
      ),
    );
    assert.ok(errs[4].startsWith('metadata.ownerReferences: Invalid value: []v1.OwnerReference{v1.OwnerReference{'));
    const event = check({
      name: 'a',
      namespace: 'd',
      ownerReferences: [{ apiVersion: 'v1', kind: 'Event', name: 'e', uid: 'u' }],
    });
    assert.deepEqual(event, [
      'metadata.ownerReferences: Invalid value: v1.OwnerReference{APIVersion:"v1", Kind:"Event", Name:"e", UID:"u", Controller:(*bool)(nil), BlockOwnerDeletion:(*bool)(nil)}: /v1, Kind=Event is disallowed from being an owner',
    ]);
  });

  it('checks finalizers, standard names for built-in kinds only', () => {
    assert.deepEqual(check({ name: 'a', namespace: 'd', finalizers: ['example.com/x', 'foo'] }), [
      'metadata.finalizers[1]: Invalid value: "foo": name is neither a standard finalizer name nor is it fully qualified',
    ]);
    assert.deepEqual(
      check({ name: 'a', namespace: 'd', finalizers: ['foo'] }, { namespaced: true, standardFinalizers: false }),
      [],
    );
    assert.deepEqual(check({ name: 'a', namespace: 'd', finalizers: ['orphan', 'foregroundDeletion'] }), [
      'metadata.finalizers: Invalid value: []string{"orphan", "foregroundDeletion"}: finalizer orphan and foregroundDeletion cannot be both set',
    ]);
    // Not a qualified name, but it has a '/', so the standard-name rule stays silent.
    assert.equal(check({ name: 'a', namespace: 'd', finalizers: ['a/b/c'] }).length, 1);
  });

  it('reads as upstream once wrapped in a 422 Invalid', () => {
    const err = errors.invalid({ group: '', name: 'Pod' }, 'Web', validateObjectMeta({ name: 'Web' }, ns));
    assert.equal(
      err.message,
      `Pod "Web" is invalid: [metadata.name: Invalid value: "Web": ${SUBDOMAIN}, metadata.namespace: Required value]`,
    );
  });
});

describe('validateObjectMetaUpdate', () => {
  const old: ObjectMeta = {
    name: 'a',
    namespace: 'd',
    uid: 'u1',
    resourceVersion: '5',
    generation: 2,
    creationTimestamp: '2024-01-02T03:04:05Z',
  };
  const upd = (n: ObjectMeta, o: ObjectMeta = old) => validateObjectMetaUpdate(n, o).map(String);

  it('accepts an update that keeps the identity', () => {
    assert.deepEqual(upd({ ...old, labels: { x: 'y' }, generation: 3 }), []);
    // The same instant written with an offset is the same timestamp.
    assert.deepEqual(upd({ ...old, creationTimestamp: '2024-01-02T05:04:05+02:00' }), []);
  });

  it('refuses changes to immutable fields', () => {
    assert.deepEqual(upd({ ...old, name: 'b', namespace: 'e', uid: 'u2', creationTimestamp: '2025-06-07T08:09:10Z' }), [
      'metadata.name: Invalid value: "b": field is immutable',
      'metadata.namespace: Invalid value: "e": field is immutable',
      'metadata.uid: Invalid value: "u2": field is immutable',
      'metadata.creationTimestamp: Invalid value: 2025-06-07 08:09:10 +0000 UTC: field is immutable',
    ]);
  });

  it('requires a resourceVersion and refuses a lower generation', () => {
    assert.deepEqual(upd({ ...old, resourceVersion: undefined, generation: 1 }), [
      'metadata.resourceVersion: Invalid value: "": must be specified for an update',
      'metadata.generation: Invalid value: 1: must not be decremented',
    ]);
  });

  it('keeps deletion state and refuses new finalizers while deleting', () => {
    const deleting: ObjectMeta = {
      ...old,
      deletionTimestamp: '2024-02-01T00:00:00Z',
      deletionGracePeriodSeconds: 30,
      finalizers: ['example.com/a'],
    };
    assert.deepEqual(upd({ ...deleting, finalizers: [] }, deleting), []);
    assert.deepEqual(
      upd(
        {
          ...deleting,
          deletionTimestamp: undefined,
          deletionGracePeriodSeconds: 10,
          finalizers: ['example.com/c', 'example.com/a', 'example.com/b'],
        },
        deleting,
      ),
      [
        'metadata.finalizers: Forbidden: no new finalizers can be added if the object is being deleted, found new finalizers []string{"example.com/b", "example.com/c"}',
        'metadata.deletionTimestamp: Invalid value: "null": field is immutable',
        'metadata.deletionGracePeriodSeconds: Invalid value: 10: field is immutable',
      ],
    );
  });

  it('checks the new labels, annotations, owner references and finalizer names', () => {
    assert.deepEqual(upd({ ...old, finalizers: ['foo'], annotations: { '': 'x' } }), [
      'metadata.annotations: Invalid value: "": name part must be non-empty',
      `metadata.annotations: Invalid value: "": ${NAME_PART}`,
      'metadata.finalizers[0]: Invalid value: "foo": name is neither a standard finalizer name nor is it fully qualified',
    ]);
  });
});

describe('keepSystemFieldsOnUpdate', () => {
  it('restores what clients may omit and may not change', () => {
    const oldMeta: ObjectMeta = {
      name: 'a',
      uid: 'u',
      generation: 4,
      creationTimestamp: '2024-01-01T00:00:00Z',
      deletionTimestamp: '2024-01-02T00:00:00Z',
      deletionGracePeriodSeconds: 30,
    };
    const kept = keepSystemFieldsOnUpdate(
      { name: 'a', generation: 9, creationTimestamp: '2030-01-01T00:00:00Z' },
      oldMeta,
    );
    assert.deepEqual(kept, { ...oldMeta });
    assert.deepEqual(upd(kept), []);
    function upd(n: ObjectMeta) {
      return validateObjectMetaUpdate({ ...n, resourceVersion: '1' }, oldMeta).map(String);
    }
  });
});
