import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { pathString } from './field-path.js';
import { apply, update, type UpdateOptions } from './field-manager.js';
import { decodeFieldsV1, fieldsV1Text } from './fields-v1.js';
import type { ManagedFieldsEntry } from './managed-fields.js';
import { at, configMapSchema, deploymentSchema, nginxDeployment } from './test-fixtures.js';

type Obj = Record<string, unknown>;
const cm = (data: Obj, extra: Obj = {}) => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name: 'c', ...extra },
  data,
});
const upd = (opts: Partial<UpdateOptions> & { updated: Obj }) =>
  update({ manager: 'kubectl-edit', apiVersion: 'v1', schema: configMapSchema(), ...opts });
const stored = (o: Obj): Obj => ({ ...o, metadata: { ...(o.metadata as Obj), uid: 'u-1' } });
const managers = (entries: ManagedFieldsEntry[]) => entries.map((e) => `${e.manager}/${e.operation}@${e.time}`);
const fields = (e: ManagedFieldsEntry | undefined) => fieldsV1Text(decodeFieldsV1(e?.fieldsV1));

describe('update on create', () => {
  it('gives the creator every field it set, metadata bookkeeping excepted', () => {
    const r = upd({ updated: cm({ a: '1' }, { labels: { x: 'y' } }), manager: 'kubectl-create', now: at(1) });
    assert.deepEqual(managers(r.managedFields), ['kubectl-create/Update@2024-01-01T00:01:00Z']);
    assert.equal(
      fields(r.managedFields[0]),
      '{"f:data":{".":{},"f:a":{}},"f:metadata":{"f:labels":{".":{},"f:x":{}}}}',
    );
    assert.deepEqual((r.object.metadata as Obj).managedFields, r.managedFields);
  });
});

describe('update of an existing object', () => {
  it('moves changed fields to the updater and drops removed ones from everyone', () => {
    const created = stored(upd({ updated: cm({ a: '1', b: '2' }), manager: 'creator', now: at(1) }).object);
    const r = upd({ live: created, updated: cm({ a: '10' }), now: at(2) });
    const [creator, editor] = r.managedFields;
    assert.equal(creator.manager, 'creator');
    assert.equal(fields(creator), '{"f:data":{}}', 'b was removed, a was taken over, the map itself stays');
    assert.equal(editor.manager, 'kubectl-edit');
    assert.equal(fields(editor), '{"f:data":{"f:a":{}}}');
    assert.equal(creator.time, '2024-01-01T00:01:00Z', 'losing fields does not move the time');
  });

  it('merges a manager’s successive updates and stamps only the ones that change something', () => {
    let live = stored(upd({ updated: cm({ a: '1', b: '2' }), manager: 'creator', now: at(1) }).object);
    live = upd({ live, updated: { ...live, data: { a: '10', b: '2' } }, now: at(2) }).object;
    const twice = upd({ live, updated: { ...live, data: { a: '10', b: '20' } }, now: at(3) });
    const editor = twice.managedFields.find((e) => e.manager === 'kubectl-edit');
    assert.equal(fields(editor), '{"f:data":{"f:a":{},"f:b":{}}}');
    assert.equal(editor?.time, '2024-01-01T00:03:00Z');
    const noop = upd({ live: twice.object, updated: twice.object, now: at(4) });
    assert.equal(noop.managedFields.find((e) => e.manager === 'kubectl-edit')?.time, '2024-01-01T00:03:00Z');
  });

  it('takes fields from an applier, which then conflicts on its next apply', () => {
    const applied = stored(
      apply({ config: nginxDeployment(), manager: 'kubectl', apiVersion: 'apps/v1', schema: deploymentSchema() })
        .object,
    );
    const scaled = structuredClone(applied);
    (scaled.spec as Obj).replicas = 7;
    const r = update({
      live: applied,
      updated: scaled,
      manager: 'hpa',
      apiVersion: 'apps/v1',
      schema: deploymentSchema(),
    });
    const applier = decodeFieldsV1(r.managedFields.find((e) => e.manager === 'kubectl')?.fieldsV1);
    assert.ok(!applier.has([{ field: 'spec' }, { field: 'replicas' }]));
    assert.deepEqual(
      decodeFieldsV1(r.managedFields.find((e) => e.manager === 'hpa')?.fieldsV1)
        .paths()
        .map(pathString),
      ['.spec.replicas'],
    );
  });
});

describe('update with managedFields from the client', () => {
  const live = () => stored(upd({ updated: cm({ a: '1' }), manager: 'creator', now: at(1) }).object);
  const handWritten: ManagedFieldsEntry[] = [
    {
      manager: 'someone',
      operation: 'Apply',
      apiVersion: 'v1',
      fieldsType: 'FieldsV1',
      fieldsV1: { 'f:data': { 'f:a': {} } },
    },
  ];

  it('honours valid ones, as kubectl’s client-side to server-side migration relies on', () => {
    const r = upd({
      live: live(),
      updated: { ...cm({ a: '1' }), metadata: { name: 'c', managedFields: handWritten } },
    });
    assert.deepEqual(managers(r.managedFields), ['someone/Apply@undefined']);
  });

  it('resets them on an empty list, leaving the object untracked', () => {
    const r = upd({ live: live(), updated: { ...cm({ a: '2' }), metadata: { name: 'c', managedFields: [] } } });
    assert.deepEqual(r.managedFields, []);
    assert.ok(!('managedFields' in (r.object.metadata as Obj)));
  });

  it('falls back to the stored ones when they are invalid or on a subresource', () => {
    const bad = [{ ...handWritten[0], operation: 'Bogus' }];
    const r = upd({ live: live(), updated: { ...cm({ a: '1' }), metadata: { name: 'c', managedFields: bad } } });
    assert.deepEqual(managers(r.managedFields), ['creator/Update@2024-01-01T00:01:00Z']);
    const sub = upd({
      live: live(),
      updated: { ...cm({ a: '1' }), metadata: { name: 'c', managedFields: handWritten } },
      subresource: 'status',
    });
    assert.deepEqual(managers(sub.managedFields), ['creator/Update@2024-01-01T00:01:00Z']);
  });

  it('keeps the stored ones when the new object cannot be walked', () => {
    const d = stored(
      apply({ config: nginxDeployment(), manager: 'k', apiVersion: 'apps/v1', schema: deploymentSchema() }).object,
    );
    const broken = structuredClone(d);
    ((broken.spec as Obj).template as Obj).spec = { containers: [{ image: 'no-name' }] };
    const r = update({ live: d, updated: broken, manager: 'x', apiVersion: 'apps/v1', schema: deploymentSchema() });
    assert.deepEqual(r.managedFields, (d.metadata as Obj).managedFields);
  });
});
