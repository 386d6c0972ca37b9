import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { apply, update } from './field-manager.js';
import { buildLastApplied, LAST_APPLIED_ANNOTATION } from './last-applied.js';
import type { ManagedFieldsEntry } from './managed-fields.js';
import { at, deploymentSchema, nginxDeployment } from './test-fixtures.js';

type Obj = Record<string, unknown>;
const schema = deploymentSchema();

/** A Deployment as `kubectl apply` (client-side) leaves it: the annotation, and an Update entry. */
function clientSideApplied(image = 'nginx:1.14.2'): Obj {
  const config = nginxDeployment(image);
  const annotated = structuredClone(config);
  (annotated.metadata as Obj).annotations = { [LAST_APPLIED_ANNOTATION]: buildLastApplied(config) };
  const created = update({
    updated: annotated,
    manager: 'kubectl-client-side-apply',
    apiVersion: 'apps/v1',
    schema,
    now: at(1),
  });
  return { ...created.object, metadata: { ...(created.object.metadata as Obj), uid: 'u-1' } };
}

const ssa = (live: Obj, config: Obj, manager = 'kubectl') =>
  apply({ live, config, manager, apiVersion: 'apps/v1', schema, now: at(2) });

describe('buildLastApplied', () => {
  it('writes the configuration as Go does, without the annotation itself', () => {
    const text = buildLastApplied({
      kind: 'ConfigMap',
      apiVersion: 'v1',
      metadata: { name: 'c', annotations: { [LAST_APPLIED_ANNOTATION]: 'old', note: 'a<b' } },
    });
    assert.equal(
      text,
      '{"apiVersion":"v1","kind":"ConfigMap","metadata":{"annotations":{"note":"a\\u003cb"},"name":"c"}}\n',
    );
  });
});

describe('kubectl moving from client-side to server-side apply', () => {
  it('takes over the fields its last client-side apply set, without conflicts', () => {
    const live = clientSideApplied();
    const r = ssa(live, nginxDeployment('nginx:1.25'));
    const image = ((((r.object.spec as Obj).template as Obj).spec as Obj).containers as Obj[])[0].image;
    assert.equal(image, 'nginx:1.25');
    const managers = ((r.object.metadata as Obj).managedFields as ManagedFieldsEntry[]).map(
      (e) => `${e.manager}/${e.operation}`,
    );
    assert.ok(managers.includes('kubectl/Apply'));
  });

  it('still conflicts on fields changed since the client-side apply', () => {
    const live = clientSideApplied();
    const edited = structuredClone(live);
    (edited.spec as Obj).replicas = 9;
    const after = update({
      live,
      updated: edited,
      manager: 'kubectl-edit',
      apiVersion: 'apps/v1',
      schema,
      now: at(2),
    }).object;
    assert.throws(() => ssa(after, nginxDeployment('nginx:1.25')), {
      code: 409,
      message: 'Apply failed with 1 conflict: conflict with "kubectl-edit" using apps/v1: .spec.replicas',
    });
  });

  it('applies only for the kubectl manager', () => {
    assert.throws(() => ssa(clientSideApplied(), nginxDeployment('nginx:1.25'), 'other'), {
      message:
        'Apply failed with 1 conflict: conflict with "kubectl-client-side-apply" using apps/v1: .spec.template.spec.containers[name="nginx"].image',
    });
  });

  it('keeps the annotation current with what kubectl applied', () => {
    const r = ssa(clientSideApplied(), nginxDeployment('nginx:1.25'));
    const annotation = ((r.object.metadata as Obj).annotations as Obj)[LAST_APPLIED_ANNOTATION] as string;
    assert.equal(annotation, buildLastApplied(nginxDeployment('nginx:1.25')));
    assert.match(annotation, /"image":"nginx:1.25"/);
  });
});
