import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  RESOURCES,
  apiGroups,
  findResource,
  findSubresource,
  preferredVersion,
  resourcesOf,
  subresourceKind,
  type ResourceInfo,
} from './resources.js';

// Facts checked against upstream 1.32 discovery (api/discovery/*.json) and
// test/integration/etcd/data.go in kubernetes/kubernetes.

const get = (group: string, version: string, resource: string): ResourceInfo => {
  const r = findResource(group, version, resource);
  assert.ok(r, `${resource} in ${group}/${version}`);
  return r;
};
const crud = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'];

describe('core facts', () => {
  it('pods: po, all, namespaced, subresources as upstream lists them', () => {
    const pods = get('', 'v1', 'pods');
    assert.equal(pods.kind, 'Pod');
    assert.equal(pods.singularName, 'pod');
    assert.deepEqual(pods.shortNames, ['po']);
    assert.deepEqual(pods.categories, ['all']);
    assert.equal(pods.namespaced, true);
    assert.deepEqual(pods.verbs, crud);
    assert.deepEqual(
      pods.subresources.map((s) => s.subresource),
      ['attach', 'binding', 'ephemeralcontainers', 'eviction', 'exec', 'log', 'portforward', 'proxy', 'status'],
    );
    assert.equal(findSubresource(pods, 'resize'), undefined, 'pods/resize is gated off in 1.32');
    assert.deepEqual(findSubresource(pods, 'eviction'), {
      subresource: 'eviction',
      responseKind: { group: 'policy', version: 'v1', kind: 'Eviction' },
      verbs: ['create'],
    });
    assert.deepEqual(findSubresource(pods, 'exec')?.verbs, ['create', 'get']);
    assert.deepEqual(findSubresource(pods, 'log')?.responseKind, { group: '', version: '', kind: 'Pod' });
    assert.deepEqual(findSubresource(pods, 'proxy')?.verbs, ['create', 'delete', 'get', 'patch', 'update']);
    assert.deepEqual(subresourceKind(pods, 'binding'), { group: '', version: 'v1', kind: 'Binding' });
    assert.deepEqual(subresourceKind(pods, 'portforward')?.kind, 'PodPortForwardOptions');
  });

  it('namespaces are cluster-scoped, without deletecollection, with finalize and status', () => {
    const ns = get('', 'v1', 'namespaces');
    assert.equal(ns.namespaced, false);
    assert.deepEqual(ns.shortNames, ['ns']);
    assert.deepEqual(ns.verbs, ['create', 'delete', 'get', 'list', 'patch', 'update', 'watch']);
    assert.deepEqual(findSubresource(ns, 'finalize')?.verbs, ['update']);
    assert.deepEqual(findSubresource(ns, 'status')?.verbs, ['get', 'patch', 'update']);
  });

  it('short names of the core group', () => {
    const short = Object.fromEntries(resourcesOf('', 'v1').map((r) => [r.resource, r.shortNames]));
    assert.deepEqual(short, {
      bindings: [],
      componentstatuses: ['cs'],
      configmaps: ['cm'],
      endpoints: ['ep'],
      events: ['ev'],
      limitranges: ['limits'],
      namespaces: ['ns'],
      nodes: ['no'],
      persistentvolumeclaims: ['pvc'],
      persistentvolumes: ['pv'],
      pods: ['po'],
      podtemplates: [],
      replicationcontrollers: ['rc'],
      resourcequotas: ['quota'],
      secrets: [],
      serviceaccounts: ['sa'],
      services: ['svc'],
    });
  });

  it('virtual resources: create (or get/list) only, never stored', () => {
    const bindings = get('', 'v1', 'bindings');
    assert.deepEqual(bindings.verbs, ['create']);
    assert.equal(bindings.namespaced, true);
    assert.equal(bindings.etcdPrefix, undefined);
    const cs = get('', 'v1', 'componentstatuses');
    assert.deepEqual(cs.verbs, ['get', 'list']);
    assert.equal(cs.etcdPrefix, undefined);
    for (const r of [...resourcesOf('authentication.k8s.io', 'v1'), ...resourcesOf('authorization.k8s.io', 'v1')]) {
      assert.deepEqual(r.verbs, ['create'], r.resource);
      assert.equal(r.etcdPrefix, undefined, r.resource);
    }
    assert.equal(get('authorization.k8s.io', 'v1', 'localsubjectaccessreviews').namespaced, true);
    assert.equal(get('authorization.k8s.io', 'v1', 'subjectaccessreviews').namespaced, false);
  });

  it('endpoints singular name is endpoints; serviceaccounts/token answers a TokenRequest', () => {
    assert.equal(get('', 'v1', 'endpoints').singularName, 'endpoints');
    const sa = get('', 'v1', 'serviceaccounts');
    assert.deepEqual(subresourceKind(sa, 'token'), {
      group: 'authentication.k8s.io',
      version: 'v1',
      kind: 'TokenRequest',
    });
    assert.deepEqual(get('', 'v1', 'nodes').subresources[0].responseKind.kind, 'NodeProxyOptions');
    assert.deepEqual(subresourceKind(get('', 'v1', 'replicationcontrollers'), 'scale'), {
      group: 'autoscaling',
      version: 'v1',
      kind: 'Scale',
    });
  });
});

describe('group facts', () => {
  it('deployments/scale answers autoscaling/v1 Scale; status answers the parent kind', () => {
    const d = get('apps', 'v1', 'deployments');
    assert.deepEqual(d.shortNames, ['deploy']);
    assert.deepEqual(d.categories, ['all']);
    assert.deepEqual(findSubresource(d, 'scale')?.responseKind, { group: 'autoscaling', version: 'v1', kind: 'Scale' });
    assert.deepEqual(findSubresource(d, 'status')?.responseKind, { group: '', version: '', kind: 'Deployment' });
    assert.deepEqual(subresourceKind(d, 'status'), { group: 'apps', version: 'v1', kind: 'Deployment' });
    assert.equal(subresourceKind(d, 'log'), undefined);
    assert.deepEqual(
      d.subresources.map((s) => s.subresource),
      ['scale', 'status'],
    );
    assert.deepEqual(
      get('apps', 'v1', 'daemonsets').subresources.map((s) => s.subresource),
      ['status'],
    );
  });

  it('short names and categories across groups', () => {
    const cases: [string, string, string, string[], string[]][] = [
      ['apps', 'v1', 'replicasets', ['rs'], ['all']],
      ['apps', 'v1', 'statefulsets', ['sts'], ['all']],
      ['apps', 'v1', 'daemonsets', ['ds'], ['all']],
      ['apps', 'v1', 'controllerrevisions', [], []],
      ['batch', 'v1', 'cronjobs', ['cj'], ['all']],
      ['batch', 'v1', 'jobs', [], ['all']],
      ['autoscaling', 'v2', 'horizontalpodautoscalers', ['hpa'], ['all']],
      ['policy', 'v1', 'poddisruptionbudgets', ['pdb'], []],
      ['networking.k8s.io', 'v1', 'ingresses', ['ing'], []],
      ['networking.k8s.io', 'v1', 'networkpolicies', ['netpol'], []],
      ['storage.k8s.io', 'v1', 'storageclasses', ['sc'], []],
      ['scheduling.k8s.io', 'v1', 'priorityclasses', ['pc'], []],
      ['certificates.k8s.io', 'v1', 'certificatesigningrequests', ['csr'], []],
      ['apiextensions.k8s.io', 'v1', 'customresourcedefinitions', ['crd', 'crds'], ['api-extensions']],
      ['admissionregistration.k8s.io', 'v1', 'validatingwebhookconfigurations', [], ['api-extensions']],
      ['events.k8s.io', 'v1', 'events', ['ev'], []],
    ];
    for (const [g, v, res, short, cats] of cases) {
      const r = get(g, v, res);
      assert.deepEqual(r.shortNames, short, res);
      assert.deepEqual(r.categories, cats, res);
    }
  });

  it('CSRs have approval then status; scopes follow upstream', () => {
    const csr = get('certificates.k8s.io', 'v1', 'certificatesigningrequests');
    assert.equal(csr.namespaced, false);
    assert.deepEqual(
      csr.subresources.map((s) => s.subresource),
      ['approval', 'status'],
    );
    assert.equal(get('networking.k8s.io', 'v1', 'ingressclasses').namespaced, false);
    assert.equal(get('rbac.authorization.k8s.io', 'v1', 'roles').namespaced, true);
    assert.equal(get('rbac.authorization.k8s.io', 'v1', 'clusterroles').namespaced, false);
    assert.equal(get('coordination.k8s.io', 'v1', 'leases').namespaced, true);
    assert.equal(get('storage.k8s.io', 'v1', 'csinodes').kind, 'CSINode');
    assert.equal(get('storage.k8s.io', 'v1', 'csinodes').singularName, 'csinode');
  });

  it('HPA is served in autoscaling v2 and v1, v2 preferred and listed first', () => {
    assert.deepEqual(
      RESOURCES.filter((r) => r.resource === 'horizontalpodautoscalers').map((r) => r.version),
      ['v2', 'v1'],
    );
    assert.deepEqual(
      apiGroups().find((g) => g.name === 'autoscaling'),
      { name: 'autoscaling', versions: ['v2', 'v1'], preferredVersion: 'v2' },
    );
    assert.equal(preferredVersion('autoscaling'), 'v2');
    assert.equal(preferredVersion(''), 'v1');
    assert.equal(preferredVersion('example.com'), undefined);
  });
});

describe('storage facts', () => {
  it('uses upstream etcd prefixes', () => {
    const prefixes: [string, string, string, string][] = [
      ['', 'v1', 'services', 'services/specs'],
      ['', 'v1', 'endpoints', 'services/endpoints'],
      ['', 'v1', 'nodes', 'minions'],
      ['', 'v1', 'replicationcontrollers', 'controllers'],
      ['', 'v1', 'pods', 'pods'],
      ['networking.k8s.io', 'v1', 'ingresses', 'ingress'],
      ['apiextensions.k8s.io', 'v1', 'customresourcedefinitions', 'apiextensions.k8s.io/customresourcedefinitions'],
      ['events.k8s.io', 'v1', 'events', 'events'],
      ['autoscaling', 'v1', 'horizontalpodautoscalers', 'horizontalpodautoscalers'],
      ['autoscaling', 'v2', 'horizontalpodautoscalers', 'horizontalpodautoscalers'],
    ];
    for (const [g, v, res, prefix] of prefixes) assert.equal(get(g, v, res).etcdPrefix, prefix, res);
  });

  it('records storage versions, shared across served versions', () => {
    assert.deepEqual(get('autoscaling', 'v1', 'horizontalpodautoscalers').storageVersion, {
      group: 'autoscaling',
      version: 'v2',
    });
    assert.deepEqual(get('autoscaling', 'v2', 'horizontalpodautoscalers').storageVersion, {
      group: 'autoscaling',
      version: 'v2',
    });
    assert.deepEqual(get('events.k8s.io', 'v1', 'events').storageVersion, { group: '', version: 'v1' });
    assert.deepEqual(get('apps', 'v1', 'deployments').storageVersion, { group: 'apps', version: 'v1' });
    assert.deepEqual(get('apiextensions.k8s.io', 'v1', 'customresourcedefinitions').storageVersion, {
      group: 'apiextensions.k8s.io',
      version: 'v1',
    });
  });
});
