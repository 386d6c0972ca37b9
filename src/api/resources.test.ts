import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  RESOURCES,
  apiGroups,
  apiVersionOf,
  findKind,
  findResource,
  resolveResource,
  resourcesOf,
  storageKey,
  type ResourceInfo,
} from './resources.js';

const get = (group: string, version: string, resource: string): ResourceInfo => {
  const r = findResource(group, version, resource);
  assert.ok(r, `${resource} in ${group}/${version}`);
  return r;
};
const names = (rs: ResourceInfo[]) => rs.map((r) => `${r.resource}.${r.version}.${r.group}`);

describe('RESOURCES', () => {
  it('is frozen', () => {
    assert.ok(Object.isFrozen(RESOURCES));
    assert.ok(Object.isFrozen(RESOURCES[0].verbs));
    assert.throws(() => (RESOURCES[0].verbs as string[]).push('x'));
  });

  it('has one entry per group/version/resource', () => {
    const keys = RESOURCES.map((r) => `${r.group}/${r.version}/${r.resource}`);
    assert.equal(new Set(keys).size, keys.length);
  });

  it('lists core v1 first, sorted by name, as /api/v1 does', () => {
    assert.deepEqual(
      resourcesOf('', 'v1').map((r) => r.resource),
      [
        'bindings',
        'componentstatuses',
        'configmaps',
        'endpoints',
        'events',
        'limitranges',
        'namespaces',
        'nodes',
        'persistentvolumeclaims',
        'persistentvolumes',
        'pods',
        'podtemplates',
        'replicationcontrollers',
        'resourcequotas',
        'secrets',
        'serviceaccounts',
        'services',
      ],
    );
    assert.equal(RESOURCES[0].resource, 'bindings');
  });

  it('sorts each group-version by resource name', () => {
    for (const g of apiGroups()) {
      for (const v of g.versions) {
        const rs = resourcesOf(g.name, v).map((r) => r.resource);
        assert.deepEqual(rs, [...rs].sort(), `${g.name}/${v}`);
      }
    }
    assert.deepEqual(
      resourcesOf('apps', 'v1').map((r) => r.resource),
      ['controllerrevisions', 'daemonsets', 'deployments', 'replicasets', 'statefulsets'],
    );
  });

  it('gives each stored resource a storage version and each virtual one neither', () => {
    for (const r of RESOURCES) {
      assert.equal(r.etcdPrefix === undefined, r.storageVersion === undefined, r.resource);
    }
  });
});

describe('apiGroups', () => {
  it('follows upstream /apis order', () => {
    assert.deepEqual(
      apiGroups().map((g) => g.name),
      [
        'apps',
        'events.k8s.io',
        'authentication.k8s.io',
        'authorization.k8s.io',
        'autoscaling',
        'batch',
        'certificates.k8s.io',
        'networking.k8s.io',
        'policy',
        'rbac.authorization.k8s.io',
        'storage.k8s.io',
        'admissionregistration.k8s.io',
        'apiextensions.k8s.io',
        'scheduling.k8s.io',
        'coordination.k8s.io',
        'node.k8s.io',
        'discovery.k8s.io',
      ],
    );
  });

  it('returns copies', () => {
    apiGroups()[0].versions.push('v9');
    assert.deepEqual(apiGroups()[0].versions, ['v1']);
  });
});

describe('findResource / findKind / resourcesOf', () => {
  it('finds by exact plural or kind within a group-version', () => {
    assert.equal(findResource('apps', 'v1', 'deployments')?.kind, 'Deployment');
    assert.equal(findResource('apps', 'v1', 'deployment'), undefined);
    assert.equal(findResource('apps', 'v1beta1', 'deployments'), undefined);
    assert.equal(findKind('', 'v1', 'Pod')?.resource, 'pods');
    assert.equal(findKind('', 'v1', 'pod'), undefined);
    assert.equal(findKind('events.k8s.io', 'v1', 'Event')?.group, 'events.k8s.io');
    assert.equal(findKind('autoscaling', 'v1', 'HorizontalPodAutoscaler')?.version, 'v1');
  });

  it('resourcesOf returns a fresh list, empty when not served', () => {
    assert.deepEqual(resourcesOf('example.com', 'v1'), []);
    const list = resourcesOf('batch', 'v1');
    list.pop();
    assert.equal(resourcesOf('batch', 'v1').length, 2);
  });
});

describe('resolveResource', () => {
  it('resolves short, singular, plural and kind names', () => {
    assert.deepEqual(names(resolveResource('deploy')), ['deployments.v1.apps']);
    assert.deepEqual(names(resolveResource('deployment')), ['deployments.v1.apps']);
    assert.deepEqual(names(resolveResource('Deployments')), ['deployments.v1.apps']);
    assert.deepEqual(names(resolveResource('Deployment')), ['deployments.v1.apps']);
    assert.deepEqual(names(resolveResource('po')), ['pods.v1.']);
    assert.deepEqual(names(resolveResource('limits')), ['limitranges.v1.']);
    assert.deepEqual(names(resolveResource('crds')), ['customresourcedefinitions.v1.apiextensions.k8s.io']);
    assert.deepEqual(names(resolveResource(' svc ')), ['services.v1.']);
  });

  it('puts core first and the preferred version first', () => {
    assert.deepEqual(names(resolveResource('ev')), ['events.v1.', 'events.v1.events.k8s.io']);
    assert.deepEqual(names(resolveResource('hpa')), [
      'horizontalpodautoscalers.v2.autoscaling',
      'horizontalpodautoscalers.v1.autoscaling',
    ]);
  });

  it('narrows by res.group and res.version.group', () => {
    assert.deepEqual(names(resolveResource('deployments.apps')), ['deployments.v1.apps']);
    assert.deepEqual(names(resolveResource('deploy.apps')), ['deployments.v1.apps']);
    assert.deepEqual(names(resolveResource('deployments.v1.apps')), ['deployments.v1.apps']);
    assert.deepEqual(names(resolveResource('events.events.k8s.io')), ['events.v1.events.k8s.io']);
    assert.deepEqual(names(resolveResource('hpa.v1.autoscaling')), ['horizontalpodautoscalers.v1.autoscaling']);
    assert.deepEqual(names(resolveResource('ingresses.networking.k8s.io')), ['ingresses.v1.networking.k8s.io']);
    assert.deepEqual(names(resolveResource('pods.v1.')), ['pods.v1.']);
  });

  it('finds nothing for unknown names or groups', () => {
    assert.deepEqual(resolveResource('frobs'), []);
    assert.deepEqual(resolveResource('deployments.extensions'), []);
    assert.deepEqual(resolveResource('deployments.v1beta1.apps'), []);
    assert.deepEqual(resolveResource(''), []);
  });
});

describe('storageKey / apiVersionOf', () => {
  it('storageKey lays keys out as /registry/<prefix>/<namespace>/<name>', () => {
    assert.equal(storageKey(get('', 'v1', 'pods'), 'default', 'web'), '/registry/pods/default/web');
    assert.equal(storageKey(get('', 'v1', 'services'), 'ns1', 'api'), '/registry/services/specs/ns1/api');
    assert.equal(storageKey(get('', 'v1', 'nodes'), 'ignored', 'n1'), '/registry/minions/n1');
    assert.equal(storageKey(get('', 'v1', 'pods'), 'default'), '/registry/pods/default/');
    assert.equal(storageKey(get('', 'v1', 'pods')), '/registry/pods/');
    assert.equal(storageKey(get('', 'v1', 'pods'), 'a', 'b', '/k8ts/'), '/k8ts/pods/a/b');
    assert.throws(() => storageKey(get('', 'v1', 'bindings'), 'default', 'x'), /bindings is not stored/);
    assert.throws(() => storageKey(get('', 'v1', 'pods'), '', 'x'), /namespace is required/);
  });

  it('apiVersionOf', () => {
    assert.equal(apiVersionOf(get('', 'v1', 'pods')), 'v1');
    assert.equal(apiVersionOf(get('apps', 'v1', 'deployments')), 'apps/v1');
  });
});
