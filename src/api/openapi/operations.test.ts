import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { findResource } from '../resources.js';
import { groupCamel, resourcePaths, tagOf } from './operations.js';

const pathsOf = (group: string, version: string, resource: string) =>
  new Map(resourcePaths(findResource(group, version, resource)!).map((p) => [p.path, p]));

describe('groupCamel and tagOf', () => {
  it('name groups as upstream operation ids and tags do', () => {
    assert.equal(groupCamel(''), 'Core');
    assert.equal(groupCamel('rbac.authorization.k8s.io'), 'RbacAuthorization');
    assert.equal(groupCamel('admissionregistration.k8s.io'), 'Admissionregistration');
    assert.equal(tagOf('', 'v1'), 'core_v1');
    assert.equal(tagOf('rbac.authorization.k8s.io', 'v1'), 'rbacAuthorization_v1');
    assert.equal(tagOf('apps'), 'apps');
  });
});

describe('resourcePaths', () => {
  it('hoists the parameters every operation of a path shares', () => {
    const item = pathsOf('apps', 'v1', 'deployments').get('/apis/apps/v1/namespaces/{namespace}/deployments/{name}')!;
    assert.deepEqual(
      item.params.map((p) => p.name),
      ['name', 'namespace', 'pretty'],
    );
    const patch = item.operations.find((o) => o.method === 'patch')!;
    assert.deepEqual(
      patch.params.map((p) => p.name),
      ['dryRun', 'fieldManager', 'fieldValidation', 'force'],
    );
    assert.equal(item.operations.find((o) => o.method === 'get')!.params.length, 0);
  });

  it('words descriptions with upstream articles', () => {
    const post = (group: string, resource: string) =>
      [...pathsOf(group, 'v1', resource).values()].flatMap((p) => p.operations).find((o) => o.method === 'post')!;
    assert.equal(post('', 'events').description, 'create an Event');
    assert.equal(post('', 'endpoints').description, 'create Endpoints');
    assert.equal(post('', 'configmaps').description, 'create a ConfigMap');
  });

  it('documents cluster-scoped and create-only resources', () => {
    const nodes = pathsOf('', 'v1', 'nodes');
    assert.ok(nodes.has('/api/v1/nodes/{name}/proxy/{path}'));
    assert.equal(nodes.get('/api/v1/watch/nodes')!.operations[0].operationId, 'watchCoreV1NodeList');
    const reviews = pathsOf('authentication.k8s.io', 'v1', 'tokenreviews');
    assert.deepEqual([...reviews.keys()], ['/apis/authentication.k8s.io/v1/tokenreviews']);
    const create = reviews.get('/apis/authentication.k8s.io/v1/tokenreviews')!.operations[0];
    assert.equal(create.operationId, 'createAuthenticationV1TokenReview');
    assert.deepEqual(
      create.responses.map((r) => r.code),
      ['200', '201', '202', '401'],
    );
  });
});
