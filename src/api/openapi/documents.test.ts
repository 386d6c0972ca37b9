import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { describe, it } from 'node:test';
import { refsOf } from './build-definitions.js';
import { OpenAPIDocuments, loadDefinitions, openapiV3Document } from './documents.js';
import type { SchemaObject } from './types.js';

interface Gvk {
  group: string;
  version: string;
  kind: string;
}
type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const docs = new OpenAPIDocuments();
const v3 = (path: string): Json => JSON.parse(docs.v3(path)!.body.toString('utf8')) as Json;
const apps = v3('apis/apps/v1');
const core = v3('api/v1');
const deployment: Gvk = { group: 'apps', version: 'v1', kind: 'Deployment' };
const sameGvk = (x: Gvk | undefined, gvk: Gvk) =>
  !!x && x.group === gvk.group && x.version === gvk.version && x.kind === gvk.kind;

/** What kubectl's QueryParamVerifierV3 does: a PATCH operation of the kind must take the param. */
function supportsQueryParam(doc: Json, gvk: Gvk, name: string): boolean {
  for (const item of Object.values(doc.paths) as Json[]) {
    const op = item.patch;
    if (!op || !sameGvk(op['x-kubernetes-group-version-kind'], gvk)) continue;
    return (op.parameters ?? []).some((p: Json) => p.name === name && p.in === 'query');
  }
  throw new Error(`Path not found for GVK (${gvk.kind}) in OpenAPI V3 doc`);
}

/** What kubectl apply's gvkSupportsPatchOpenAPIV3 does before building a strategic merge patch. */
function supportsStrategicMerge(doc: Json, gvk: Gvk): boolean {
  for (const item of Object.values(doc.paths) as Json[]) {
    const op = item.patch;
    if (op && sameGvk(op['x-kubernetes-group-version-kind'], gvk)) {
      return 'application/strategic-merge-patch+json' in (op.requestBody?.content ?? {});
    }
  }
  return false;
}

/** How kubectl explain and apply find a kind's schema: by x-kubernetes-group-version-kind. */
function schemaNameOf(doc: Json, gvk: Gvk): string | undefined {
  for (const [name, schema] of Object.entries(doc.components.schemas) as [string, SchemaObject][]) {
    if (schema['x-kubernetes-group-version-kind']?.some((g) => sameGvk(g, gvk))) return name;
  }
  return undefined;
}

/** Follows `$ref` / `allOf: [{ $ref }]` through the document's components. */
function deref(doc: Json, s: SchemaObject): SchemaObject {
  const ref = s.$ref ?? s.allOf?.[0]?.$ref;
  return ref ? (doc.components.schemas[ref.slice('#/components/schemas/'.length)] as SchemaObject) : s;
}

/** The schema of the field at `path` below `root`, as strategic merge patch walks it. */
function fieldAt(doc: Json, root: string, path: string[]): SchemaObject {
  let s = doc.components.schemas[root] as SchemaObject;
  let field: SchemaObject = s;
  for (const key of path) {
    s = deref(doc, s.type === 'array' && s.items ? s.items : s);
    field = s.properties![key];
    assert.ok(field, `${key} in ${path.join('.')}`);
    s = field;
  }
  return field;
}

describe('OpenAPIDocuments.v3Index', () => {
  const index = JSON.parse(docs.v3Index().body.toString('utf8')) as {
    paths: Record<string, { serverRelativeURL: string }>;
  };

  it('names every document with the uppercase hex SHA-512 of its bytes', () => {
    for (const key of ['api', 'api/v1', 'apis', 'apis/apps', 'apis/apps/v1', 'apis/autoscaling/v2', 'version']) {
      const doc = docs.v3(key)!;
      const sha = createHash('sha512').update(doc.body).digest('hex').toUpperCase();
      assert.equal(index.paths[key]?.serverRelativeURL, `/openapi/v3/${key}?hash=${sha}`);
      assert.equal(doc.etag, sha);
    }
    assert.deepEqual(Object.keys(index.paths), docs.v3Paths());
  });
});

describe('OpenAPIDocuments.v3 apps/v1', () => {
  it('is an OpenAPI 3.0 document with upstream info and security', () => {
    assert.equal(apps.openapi, '3.0.0');
    assert.deepEqual(apps.info, { title: 'Kubernetes', version: 'v1.32.0' });
    assert.deepEqual(apps.security, [{ BearerToken: [] }]);
    assert.equal(apps.components.securitySchemes.BearerToken.type, 'apiKey');
  });

  it('documents deployments/scale with fieldValidation and the Scale kind', () => {
    const scale = apps.paths['/apis/apps/v1/namespaces/{namespace}/deployments/{name}/scale'];
    assert.ok(scale);
    assert.deepEqual(scale.patch['x-kubernetes-group-version-kind'], {
      group: 'autoscaling',
      kind: 'Scale',
      version: 'v1',
    });
    assert.equal(scale.patch['x-kubernetes-action'], 'patch');
    assert.equal(scale.patch.operationId, 'patchAppsV1NamespacedDeploymentScale');
    const names = scale.patch.parameters.map((p: Json) => p.name);
    assert.deepEqual(names, ['dryRun', 'fieldManager', 'fieldValidation', 'force']);
    assert.deepEqual(
      scale.parameters.map((p: Json) => p.name),
      ['name', 'namespace', 'pretty'],
    );
    assert.equal(
      scale.get.responses['200'].content['application/json'].schema.$ref,
      '#/components/schemas/io.k8s.api.autoscaling.v1.Scale',
    );
    assert.ok(apps.components.schemas['io.k8s.api.autoscaling.v1.Scale']);
  });

  it('passes the checks kubectl apply makes', () => {
    assert.ok(supportsQueryParam(apps, deployment, 'fieldValidation'));
    assert.ok(supportsStrategicMerge(apps, deployment));
    assert.equal(schemaNameOf(apps, deployment), 'io.k8s.api.apps.v1.Deployment');
    const containers = fieldAt(apps, 'io.k8s.api.apps.v1.Deployment', ['spec', 'template', 'spec', 'containers']);
    assert.equal(containers['x-kubernetes-patch-strategy'], 'merge');
    assert.equal(containers['x-kubernetes-patch-merge-key'], 'name');
    const ports = fieldAt(apps, 'io.k8s.api.apps.v1.Deployment', ['spec', 'template', 'spec', 'containers', 'ports']);
    assert.equal(ports['x-kubernetes-patch-merge-key'], 'containerPort');
    const strategy = fieldAt(apps, 'io.k8s.api.apps.v1.Deployment', ['spec', 'strategy']);
    assert.equal(strategy['x-kubernetes-patch-strategy'], 'retainKeys');
  });

  it('lists, watches and deletes collections as upstream does', () => {
    const all = apps.paths['/apis/apps/v1/deployments'];
    assert.equal(all.get.operationId, 'listAppsV1DeploymentForAllNamespaces');
    assert.ok(all.parameters.some((p: Json) => p.name === 'watch'));
    assert.ok('application/json;stream=watch' in all.get.responses['200'].content);
    const collection = apps.paths['/apis/apps/v1/namespaces/{namespace}/deployments'];
    assert.deepEqual(Object.keys(collection).sort(), ['delete', 'get', 'parameters', 'post']);
    assert.equal(collection.delete.operationId, 'deleteAppsV1CollectionNamespacedDeployment');
    assert.equal(collection.post.description, 'create a Deployment');
    assert.equal(collection.post.requestBody.required, true);
    const watch = apps.paths['/apis/apps/v1/watch/namespaces/{namespace}/deployments/{name}'];
    assert.equal(watch.get['x-kubernetes-action'], 'watch');
    assert.equal(apps.paths['/apis/apps/v1/'].get.operationId, 'getAppsV1APIResources');
  });

  it('wraps described references in allOf and keeps plain ones bare', () => {
    const d = apps.components.schemas['io.k8s.api.apps.v1.Deployment'] as SchemaObject;
    assert.deepEqual(d.properties?.metadata.allOf, [
      { $ref: '#/components/schemas/io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta' },
    ]);
    assert.match(d.properties?.metadata.description ?? '', /Standard object's metadata/);
    const list = apps.components.schemas['io.k8s.api.apps.v1.DeploymentList'] as SchemaObject;
    assert.deepEqual(list.properties?.items.items, { $ref: '#/components/schemas/io.k8s.api.apps.v1.Deployment' });
    const intstr = apps.components.schemas['io.k8s.apimachinery.pkg.util.intstr.IntOrString'] as SchemaObject;
    assert.deepEqual(intstr.oneOf, [{ type: 'integer' }, { type: 'string' }]);
    assert.equal(intstr.format, 'int-or-string');
  });
});

describe('OpenAPIDocuments.v3 api/v1', () => {
  const paths = core.paths as Json;
  const pod = '/api/v1/namespaces/{namespace}/pods/{name}';

  it('documents pod subresources', () => {
    assert.equal(paths[`${pod}/log`].get.operationId, 'readCoreV1NamespacedPodLog');
    assert.ok('text/plain' in paths[`${pod}/log`].get.responses['200'].content);
    assert.deepEqual(Object.keys(paths[`${pod}/exec`]).sort(), ['get', 'parameters', 'post']);
    assert.equal(paths[`${pod}/exec`].post.operationId, 'connectCoreV1PostNamespacedPodExec');
    assert.equal(paths[`${pod}/exec`].get['x-kubernetes-action'], 'connect');
    assert.deepEqual(paths[`${pod}/exec`].get['x-kubernetes-group-version-kind'], {
      group: '',
      kind: 'PodExecOptions',
      version: 'v1',
    });
    assert.equal(paths[`${pod}/eviction`].post.description, 'create eviction of a Pod');
    assert.deepEqual(paths[`${pod}/eviction`].post['x-kubernetes-group-version-kind'], {
      group: 'policy',
      kind: 'Eviction',
      version: 'v1',
    });
    assert.ok(paths[`${pod}/proxy/{path}`].head);
    assert.equal(paths[`${pod}/proxy/{path}`].options.operationId, 'connectCoreV1OptionsNamespacedPodProxyWithPath');
    assert.equal(paths['/api/v1/namespaces/{namespace}/bindings'].post.operationId, 'createCoreV1NamespacedBinding');
  });

  it('follows the registry verbs', () => {
    assert.equal(paths['/api/v1/namespaces'].delete, undefined, 'namespaces have no deletecollection');
    assert.equal(paths['/api/v1/namespaces/{name}/finalize'].put.operationId, 'replaceCoreV1NamespaceFinalize');
    assert.equal(paths['/api/v1/componentstatuses/{name}'].put, undefined);
    assert.equal(
      paths[pod].delete.responses['200'].content['application/json'].schema.$ref,
      '#/components/schemas/io.k8s.api.core.v1.Pod',
    );
    assert.ok(supportsQueryParam(core, { group: '', version: 'v1', kind: 'Service' }, 'fieldValidation'));
  });
});

describe('every document', () => {
  it('resolves every $ref within itself', () => {
    for (const path of docs.v3Paths()) {
      const doc = v3(path);
      const text = JSON.stringify(doc);
      for (const m of text.matchAll(/"\$ref":"#\/components\/schemas\/([^"]+)"/g)) {
        assert.ok(doc.components.schemas[m[1]], `${path}: ${m[1]}`);
      }
      for (const [name, schema] of Object.entries(doc.components.schemas) as [string, SchemaObject][]) {
        assert.ok(!JSON.stringify(schema).includes('#/definitions/'), `${path}: ${name} has a v2 ref`);
      }
    }
    const v2 = JSON.parse(docs.v2().body.toString('utf8')) as Json;
    for (const m of JSON.stringify(v2).matchAll(/"\$ref":"#\/definitions\/([^"]+)"/g))
      assert.ok(v2.definitions[m[1]], m[1]);
  });

  it('v2 is swagger 2.0 with every definition and the group-version paths', () => {
    const v2 = JSON.parse(docs.v2().body.toString('utf8')) as Json;
    assert.equal(v2.swagger, '2.0');
    assert.deepEqual(Object.keys(v2.definitions), Object.keys(loadDefinitions()));
    const patch = v2.paths['/apis/apps/v1/namespaces/{namespace}/deployments/{name}'].patch;
    assert.ok(patch.consumes.includes('application/strategic-merge-patch+json'));
    assert.deepEqual(patch.parameters[0], {
      in: 'body',
      name: 'body',
      required: true,
      schema: { $ref: '#/definitions/io.k8s.apimachinery.pkg.apis.meta.v1.Patch' },
    });
    assert.ok(patch.parameters.some((p: Json) => p.name === 'fieldValidation' && p.type === 'string'));
    assert.ok(v2.paths['/version/'].get);
    for (const schema of Object.values(v2.definitions) as SchemaObject[]) {
      for (const ref of refsOf(schema)) assert.ok(v2.definitions[ref]);
    }
  });

  it('builds each document once and answers undefined for unknown paths', () => {
    assert.equal(docs.v3('apis/apps/v1'), docs.v3('apis/apps/v1'));
    assert.equal(docs.v2(), docs.v2());
    assert.equal(docs.v3('apis/nope/v1'), undefined);
    assert.equal(docs.v3('apis/apps/v9'), undefined);
    assert.equal(docs.v3('apis/apps/v1/extra'), undefined);
    assert.equal(openapiV3Document('apis/apps/v1')?.hash, docs.v3('apis/apps/v1')?.hash);
  });
});
