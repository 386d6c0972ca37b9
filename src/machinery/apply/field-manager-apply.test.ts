import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { apply, type ApplyOptions } from './field-manager.js';
import { FieldSet } from './field-set.js';
import { fieldsV1Text } from './fields-v1.js';
import { decodeFieldsV1 } from './fields-v1.js';
import type { ManagedFieldsEntry } from './managed-fields.js';
import { at, configMapSchema, deploymentSchema, NGINX_APPLY_FIELDS, nginxDeployment } from './test-fixtures.js';

type Obj = Record<string, unknown>;
const deploy = (opts: Partial<ApplyOptions> & { config: unknown }) =>
  apply({ manager: 'kubectl', apiVersion: 'apps/v1', kind: 'Deployment', schema: deploymentSchema(), ...opts });
const spec = (o: Obj) => o.spec as Obj;
const labels = (o: Obj) => (o.metadata as Obj).labels as Obj;
const entry = (o: Obj, manager: string) =>
  ((o.metadata as Obj).managedFields as ManagedFieldsEntry[]).find((e) => e.manager === manager);
const containers = (o: Obj) => (((spec(o).template as Obj).spec as Obj).containers as Obj[]).map((c) => c.name);

describe('apply creating an object', () => {
  it('stores the configuration and one Apply entry with upstream’s fields', () => {
    const r = deploy({ config: nginxDeployment(), now: at(1) });
    assert.equal(spec(r.object).replicas, 3);
    assert.ok(r.changed);
    assert.deepEqual(
      r.managedFields.map(({ fieldsV1: _, ...e }) => e),
      [
        {
          manager: 'kubectl',
          operation: 'Apply',
          apiVersion: 'apps/v1',
          time: '2024-01-01T00:01:00Z',
          fieldsType: 'FieldsV1',
        },
      ],
    );
    assert.equal(JSON.stringify(r.managedFields[0].fieldsV1), NGINX_APPLY_FIELDS);
    assert.deepEqual((r.object.metadata as Obj).managedFields, r.managedFields);
  });
});

describe('apply by the same manager', () => {
  it('changes the object and stamps the entry only when something changed', () => {
    const first = deploy({ config: nginxDeployment(), now: at(1) }).object;
    const same = deploy({ live: first, config: nginxDeployment(), now: at(2) });
    assert.ok(!same.changed);
    assert.equal(entry(same.object, 'kubectl')?.time, '2024-01-01T00:01:00Z');
    const newer = deploy({ live: first, config: nginxDeployment('nginx:1.25'), now: at(3) });
    assert.ok(newer.changed);
    assert.equal(entry(newer.object, 'kubectl')?.time, '2024-01-01T00:03:00Z');
    const c = ((spec(newer.object).template as Obj).spec as Obj).containers as Obj[];
    assert.equal(c[0].image, 'nginx:1.25');
  });

  it('removes fields it stops applying: a label, a scalar, a list item', () => {
    const config = nginxDeployment();
    (config.metadata as Obj).labels = { app: 'nginx', tier: 'web' };
    const tpl = (spec(config).template as Obj).spec as Obj;
    tpl.containers = [...(tpl.containers as Obj[]), { name: 'sidecar', image: 'busybox' }];
    const live = deploy({ config, now: at(1) }).object;
    assert.deepEqual(containers(live), ['nginx', 'sidecar']);

    const next = nginxDeployment();
    delete spec(next).replicas;
    const r = deploy({ live, config: next, now: at(2) });
    assert.deepEqual(labels(r.object), { app: 'nginx' });
    assert.ok(!('replicas' in spec(r.object)));
    assert.deepEqual(containers(r.object), ['nginx']);
    assert.ok(!decodeFieldsV1(entry(r.object, 'kubectl')?.fieldsV1).has([{ field: 'spec' }, { field: 'replicas' }]));
  });

  it('removes a struct it stops applying with what nobody owns inside it', () => {
    const config = nginxDeployment();
    spec(config).strategy = { type: 'RollingUpdate' };
    const live = deploy({ config }).object;
    // Defaults the apiserver filled in belong to no one.
    (spec(live).strategy as Obj).rollingUpdate = { maxSurge: '25%', maxUnavailable: '25%' };
    const r = deploy({ live, config: nginxDeployment() });
    assert.ok(!('strategy' in spec(r.object)));
    assert.equal(spec(r.object).replicas, 3);
  });

  it('drops the labels map entirely when its last applied label goes', () => {
    const live = apply({
      config: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', labels: { a: '1' } }, data: { k: 'v' } },
      manager: 'm',
      apiVersion: 'v1',
      schema: configMapSchema(),
    }).object;
    const r = apply({
      live,
      config: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' }, data: { k: 'v' } },
      manager: 'm',
      apiVersion: 'v1',
      schema: configMapSchema(),
    });
    assert.deepEqual(Object.keys(r.object.metadata as Obj), ['name', 'managedFields']);
    assert.equal(fieldsV1Text(decodeFieldsV1(r.managedFields[0].fieldsV1)), '{"f:data":{"f:k":{}}}');
  });
});

describe('apply by several managers', () => {
  it('keeps a field another applier also owns when one stops applying it', () => {
    const a = deploy({ config: nginxDeployment(), manager: 'a' }).object;
    const shared = nginxDeployment();
    (shared.metadata as Obj).labels = { app: 'nginx', team: 'x' };
    const b = deploy({ live: a, config: shared, manager: 'b' }).object;
    const withoutReplicas = nginxDeployment();
    delete spec(withoutReplicas).replicas;
    // b applied replicas too, with the same value: no conflict, shared ownership.
    const r = deploy({ live: b, config: withoutReplicas, manager: 'a' });
    assert.equal(spec(r.object).replicas, 3);
    assert.ok(decodeFieldsV1(entry(r.object, 'b')?.fieldsV1).has([{ field: 'spec' }, { field: 'replicas' }]));
    assert.ok(!decodeFieldsV1(entry(r.object, 'a')?.fieldsV1).has([{ field: 'spec' }, { field: 'replicas' }]));
  });

  it('merges finalizers from two appliers and removes only its own', () => {
    const cfg = (finalizers: string[]) => ({
      ...nginxDeployment(),
      metadata: { name: 'nginx-deployment', finalizers },
    });
    const one = deploy({ config: cfg(['example.com/a']), manager: 'a' }).object;
    const two = deploy({ live: one, config: cfg(['example.com/b']), manager: 'b' }).object;
    assert.deepEqual((two.metadata as Obj).finalizers, ['example.com/a', 'example.com/b']);
    const three = deploy({ live: two, config: cfg([]), manager: 'a' }).object;
    assert.deepEqual((three.metadata as Obj).finalizers, ['example.com/b']);
  });

  it('gives objects without managed fields a before-first-apply owner', () => {
    const existing = nginxDeployment();
    (existing.metadata as Obj).uid = 'u-1';
    assert.throws(() => deploy({ live: existing, config: nginxDeployment('nginx:2'), manager: 'new' }), {
      code: 409,
      message:
        'Apply failed with 1 conflict: conflict with "before-first-apply" using apps/v1: .spec.template.spec.containers[name="nginx"].image',
    });
  });

  it('drops null fields of the configuration from the object but owns them', () => {
    const live = deploy({ config: nginxDeployment() }).object;
    const config = nginxDeployment();
    spec(config).replicas = null;
    const r = deploy({ live, config });
    assert.ok(!('replicas' in spec(r.object)));
    assert.ok(decodeFieldsV1(r.managedFields[0].fieldsV1).has([{ field: 'spec' }, { field: 'replicas' }]));
  });

  it('never owns reset fields such as status', () => {
    const config = { ...nginxDeployment(), status: { replicas: 3 } };
    const r = deploy({ config, resetFields: FieldSet.fromFieldPaths(['status']) });
    assert.ok(!decodeFieldsV1(r.managedFields[0].fieldsV1).has([{ field: 'status' }, { field: 'replicas' }]));
  });
});
