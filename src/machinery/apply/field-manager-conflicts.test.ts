import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ApiError } from '../errors.js';
import { apply, update, type ApplyOptions } from './field-manager.js';
import { decodeFieldsV1 } from './fields-v1.js';
import type { ManagedFieldsEntry } from './managed-fields.js';
import { at, cronTabSchema, deploymentSchema, nginxDeployment, serviceSchema } from './test-fixtures.js';

type Obj = Record<string, unknown>;
const deploy = (opts: Partial<ApplyOptions> & { config: unknown }) =>
  apply({ manager: 'kubectl', apiVersion: 'apps/v1', kind: 'Deployment', schema: deploymentSchema(), ...opts });
const spec = (o: Obj) => o.spec as Obj;
const fieldsOf = (o: Obj, manager: string) =>
  decodeFieldsV1(
    ((o.metadata as Obj).managedFields as ManagedFieldsEntry[]).find((e) => e.manager === manager)?.fieldsV1,
  );
const replicas = [{ field: 'spec' }, { field: 'replicas' }];

/** A Deployment applied by kubectl, then scaled by `kubectl edit` (an Update). */
function editedDeployment(): Obj {
  const applied = deploy({ config: nginxDeployment(), now: at(1) }).object;
  const live = { ...applied, metadata: { ...(applied.metadata as Obj), uid: 'u-1' } };
  const updated = structuredClone(live);
  spec(updated).replicas = 5;
  return update({
    live,
    updated,
    manager: 'kubectl-edit',
    apiVersion: 'apps/v1',
    schema: deploymentSchema(),
    now: at(2),
  }).object;
}

describe('apply conflicts', () => {
  it('answer 409 with upstream’s message and one cause per field', () => {
    const err = (() => {
      try {
        deploy({ live: editedDeployment(), config: nginxDeployment(), now: at(3) });
      } catch (e) {
        return e;
      }
    })();
    assert.ok(err instanceof ApiError);
    assert.equal(err.code, 409);
    assert.deepEqual(err.toStatus(), {
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: 'Apply failed with 1 conflict: conflict with "kubectl-edit" using apps/v1: .spec.replicas',
      reason: 'Conflict',
      details: {
        causes: [
          {
            reason: 'FieldManagerConflict',
            message: 'conflict with "kubectl-edit" using apps/v1',
            field: '.spec.replicas',
          },
        ],
      },
      code: 409,
    });
  });

  it('do not arise when the applied value is the live one', () => {
    const live = editedDeployment();
    const r = deploy({ live, config: nginxDeployment('nginx:1.14.2', 5), now: at(3) });
    assert.ok(fieldsOf(r.object, 'kubectl').has(replicas));
    assert.ok(fieldsOf(r.object, 'kubectl-edit').has(replicas), 'both own the shared value');
  });

  it('list every field under each manager when there are several', () => {
    const one = deploy({ config: nginxDeployment(), manager: 'a' }).object;
    assert.throws(() => deploy({ live: one, config: nginxDeployment('nginx:2', 1), manager: 'b' }), {
      message:
        'Apply failed with 2 conflicts: conflicts with "a":\n- .spec.replicas\n' +
        '- .spec.template.spec.containers[name="nginx"].image',
    });
  });

  it('are forced: the applier takes the fields and their old owner loses them', () => {
    const r = deploy({ live: editedDeployment(), config: nginxDeployment(), force: true, now: at(3) });
    assert.equal(spec(r.object).replicas, 3);
    assert.ok(fieldsOf(r.object, 'kubectl').has(replicas));
    const managers = ((r.object.metadata as Obj).managedFields as ManagedFieldsEntry[]).map((e) => e.manager);
    assert.deepEqual(managers, ['kubectl'], 'kubectl-edit owned nothing else and is gone');
  });

  it('are keyed by Service port and protocol', () => {
    const svc = (ports: unknown[]) => ({ apiVersion: 'v1', kind: 'Service', metadata: { name: 's' }, spec: { ports } });
    const opts = { apiVersion: 'v1', schema: serviceSchema() };
    const a = apply({ ...opts, config: svc([{ port: 80, targetPort: 8080 }]), manager: 'a' }).object;
    const b = apply({
      ...opts,
      live: a,
      config: svc([{ port: 80, protocol: 'UDP', targetPort: 53 }]),
      manager: 'b',
    }).object;
    assert.equal((spec(b).ports as unknown[]).length, 2, 'TCP and UDP 80 are different items');
    assert.throws(() => apply({ ...opts, live: b, config: svc([{ port: 80, targetPort: 9090 }]), manager: 'b' }), {
      message: 'Apply failed with 1 conflict: conflict with "a": .spec.ports[port=80,protocol="TCP"].targetPort',
    });
  });

  it('name appliers of custom resources without a version', () => {
    const cr = (replicas: unknown) => ({
      apiVersion: 'example.com/v1',
      kind: 'CronTab',
      metadata: { name: 'c' },
      spec: { replicas },
    });
    const opts = { apiVersion: 'example.com/v1', kind: 'CronTab', schema: cronTabSchema() };
    const live = apply({ ...opts, config: cr('50%'), manager: 'a' }).object;
    assert.throws(() => apply({ ...opts, live, config: cr(3), manager: 'b' }), {
      message: 'Apply failed with 1 conflict: conflict with "a": .spec.replicas',
    });
  });
});

describe('apply refusals', () => {
  it('refuse a configuration of another type or carrying managedFields (400)', () => {
    assert.throws(() => deploy({ config: { ...nginxDeployment(), apiVersion: 'apps/v1beta1' } }), {
      code: 400,
      message: 'invalid object type: apps/v1beta1, Kind=Deployment',
    });
    assert.throws(() => deploy({ config: { ...nginxDeployment(), kind: 'ReplicaSet' } }), {
      message: 'invalid object type: apps/v1, Kind=ReplicaSet',
    });
    const withFields = nginxDeployment();
    (withFields.metadata as Obj).managedFields = [];
    assert.throws(() => deploy({ config: withFields }), { code: 400, message: 'metadata.managedFields must be nil' });
    assert.throws(() => deploy({ config: [] }), { code: 400, message: /cannot unmarshal array into Go value/ });
  });

  it('refuse list items without their keys or with repeated keys as upstream does', () => {
    const noName = nginxDeployment();
    ((spec(noName).template as Obj).spec as Obj).containers = [{ image: 'x' }];
    assert.throws(() => deploy({ config: noName }), {
      code: 500,
      message:
        'failed to create typed patch object (default/nginx-deployment; apps/v1, Kind=Deployment): ' +
        '.spec.template.spec.containers: element 0: associative list with keys has an element that omits key field "name" (and doesn\'t have default value)',
    });
    const twice = nginxDeployment();
    ((spec(twice).template as Obj).spec as Obj).containers = [{ name: 'a' }, { name: 'a' }];
    assert.throws(() => deploy({ config: twice }), {
      message: /\.spec\.template\.spec\.containers: duplicate entries for key \[name="a"\]$/,
    });
  });
});
