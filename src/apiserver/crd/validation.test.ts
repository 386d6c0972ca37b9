import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useControlPlane } from '../testing/cluster.js';

const api = useControlPlane();
const CRDS = '/apis/apiextensions.k8s.io/v1/customresourcedefinitions';
const W = '/apis/shop.example.com/v1/namespaces/default/widgets';

const schema = {
  type: 'object',
  properties: {
    spec: {
      type: 'object',
      required: ['size'],
      'x-kubernetes-validations': [
        { rule: 'self.minReplicas <= self.maxReplicas', message: 'minReplicas must not exceed maxReplicas' },
        { rule: 'self.size == oldSelf.size', message: 'size is immutable' },
      ],
      properties: {
        size: { type: 'string', enum: ['small', 'large'] },
        name: { type: 'string', pattern: '^[a-z]+$', maxLength: 8 },
        minReplicas: { type: 'integer', minimum: 0, default: 1 },
        maxReplicas: { type: 'integer', maximum: 10, default: 3 },
        tags: { type: 'array', items: { type: 'string' }, 'x-kubernetes-list-type': 'set' },
        port: { 'x-kubernetes-int-or-string': true },
        extra: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true },
      },
    },
  },
};

const widget = (name: string, spec: Record<string, unknown>) => ({
  apiVersion: 'shop.example.com/v1',
  kind: 'Widget',
  metadata: { name },
  spec,
});

async function served() {
  const end = Date.now() + 5000;
  while ((await api.request('GET', W)).status !== 200) {
    if (Date.now() > end) throw new Error('not served');
    await new Promise((r) => setTimeout(r, 20));
  }
}

test('a CRD with a rule k8ts cannot evaluate is created with a Warning; one that does not compile is Invalid', async () => {
  const crd = {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name: 'widgets.shop.example.com' },
    spec: {
      group: 'shop.example.com',
      scope: 'Namespaced',
      names: { plural: 'widgets', singular: 'widget', kind: 'Widget' },
      versions: [{ name: 'v1', served: true, storage: true, schema: { openAPIV3Schema: schema } }],
    },
  };
  const broken = structuredClone(crd);
  broken.metadata.name = 'gadgets.shop.example.com';
  broken.spec.names = { plural: 'gadgets', singular: 'gadget', kind: 'Gadget' };
  (broken.spec.versions[0].schema.openAPIV3Schema.properties.spec['x-kubernetes-validations'] as object[]).push({
    rule: 'self.nope > 1',
  });
  const bad = await api.request('POST', CRDS, broken);
  assert.equal(bad.status, 422);
  assert.match(
    bad.body.message,
    /x-kubernetes-validations\[2\]\.rule: Invalid value: .*compilation failed: ERROR: <input>:1:5: undefined field 'nope'/,
  );

  const warned = structuredClone(crd);
  (warned.spec.versions[0].schema.openAPIV3Schema.properties.spec.properties as Record<string, object>).quota = {
    type: 'string',
    'x-kubernetes-validations': [{ rule: "quantity(self).isGreaterThan(quantity('1'))" }],
  };
  const made = await api.request('POST', CRDS, warned);
  assert.equal(made.status, 201);
  assert.equal(
    made.headers.warning,
    '299 - "spec.versions[0].schema.openAPIV3Schema.properties[spec].properties[quota].x-kubernetes-validations: ' +
      "\\\"quantity(self).isGreaterThan(quantity('1'))\\\": rule uses function 'quantity' (Kubernetes quantity library), " +
      'which k8ts does not implement; the rule is not enforced"',
  );
  await served();
});

test('custom resources are pruned, defaulted and validated against the schema, in upstream words', async () => {
  const made = await api.request('POST', W, {
    ...widget('ok', { size: 'small', unknown: 1, extra: { any: 'thing' } }),
  });
  assert.equal(made.status, 201);
  assert.equal(made.headers.warning, '299 - "unknown field \\"spec.unknown\\""');
  assert.deepEqual(made.body.spec, { size: 'small', extra: { any: 'thing' }, minReplicas: 1, maxReplicas: 3 });

  const strict = await api.request(
    'POST',
    `${W}?fieldValidation=Strict`,
    widget('strict', { size: 'small', bogus: 1 }),
  );
  assert.equal(strict.status, 400);
  assert.equal(strict.body.message, 'strict decoding error: unknown field "spec.bogus"');

  const bad = await api.request(
    'POST',
    W,
    widget('bad', { size: 'huge', name: 'ABCDEFGHIJ', maxReplicas: 20, tags: ['a', 'a'], port: true }),
  );
  assert.equal(bad.status, 422);
  const causes = bad.body.details.causes.map((c: { field: string; message: string }) => `${c.field}: ${c.message}`);
  assert.deepEqual(causes.sort(), [
    'spec.maxReplicas: Invalid value: 20: spec.maxReplicas in body should be less than or equal to 10',
    'spec.name: Too long: may not be more than 8 bytes',
    'spec.port: Invalid value: "boolean": spec.port in body must be of type integer,string: "boolean"',
    'spec.size: Unsupported value: "huge": supported values: "small", "large"',
    'spec.tags[1]: Duplicate value: "a"',
  ]);
  assert.equal((await api.request('GET', `${W}/bad`)).status, 404, 'nothing stored');
  // A string's checks stop at the first that fails, as kube-openapi's do: the pattern after the length.
  const upper = await api.request('POST', W, widget('upper', { size: 'small', name: 'ABC' }));
  assert.equal(
    upper.body.message,
    'Widget.shop.example.com "upper" is invalid: spec.name: Invalid value: "ABC": spec.name in body should match \'^[a-z]+$\'',
  );
  const missing = await api.request('POST', W, widget('missing', {}));
  assert.equal(missing.status, 422);
  assert.equal(missing.body.message, 'Widget.shop.example.com "missing" is invalid: spec.size: Required value');
});

test('x-kubernetes-validations rules run on create and update, transition rules against the old object', async () => {
  const bad = await api.request('POST', W, widget('rules', { size: 'small', minReplicas: 5, maxReplicas: 2 }));
  assert.equal(bad.status, 422);
  assert.equal(
    bad.body.message,
    'Widget.shop.example.com "rules" is invalid: spec: Invalid value: "object": minReplicas must not exceed maxReplicas',
  );
  const ok = await api.request('POST', W, widget('rules', { size: 'small' }));
  assert.equal(ok.status, 201);
  const changed = await api.request(
    'PATCH',
    `${W}/rules`,
    { spec: { size: 'large' } },
    {
      'Content-Type': 'application/merge-patch+json',
    },
  );
  assert.equal(changed.status, 422);
  assert.equal(
    changed.body.message,
    'Widget.shop.example.com "rules" is invalid: spec: Invalid value: "object": size is immutable',
  );
  const fine = await api.request(
    'PATCH',
    `${W}/rules`,
    { spec: { maxReplicas: 4 } },
    {
      'Content-Type': 'application/merge-patch+json',
    },
  );
  assert.equal(fine.status, 200);
  assert.equal(fine.body.spec.maxReplicas, 4);
});

test('each version validates and defaults by its own schema; a cluster-scoped resource has no namespace', async () => {
  const version = (name: string, max: number, storage: boolean) => ({
    name,
    served: true,
    storage,
    schema: {
      openAPIV3Schema: {
        type: 'object',
        properties: {
          spec: {
            type: 'object',
            properties: { size: { type: 'integer', maximum: max }, tier: { type: 'string', default: name } },
          },
        },
      },
    },
  });
  const made = await api.request('POST', CRDS, {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name: 'boxes.shop.example.com' },
    spec: {
      group: 'shop.example.com',
      scope: 'Cluster',
      names: { plural: 'boxes', singular: 'box', kind: 'Box' },
      versions: [version('v1', 10, true), version('v1beta1', 5, false)],
    },
  });
  assert.equal(made.status, 201);
  const B = (v: string) => `/apis/shop.example.com/${v}/boxes`;
  const end = Date.now() + 5000;
  while ((await api.request('GET', B('v1'))).status !== 200 && Date.now() < end)
    await new Promise((r) => setTimeout(r, 20));
  const box = (v: string, name: string) => ({
    apiVersion: `shop.example.com/${v}`,
    kind: 'Box',
    metadata: { name },
    spec: { size: 7 },
  });
  const beta = await api.request('POST', B('v1beta1'), box('v1beta1', 'beta'));
  assert.equal(beta.status, 422);
  assert.equal(
    beta.body.message,
    'Box.shop.example.com "beta" is invalid: spec.size: Invalid value: 7: spec.size in body should be less than or equal to 5',
  );
  const v1 = await api.request('POST', B('v1'), box('v1', 'stable'));
  assert.equal(v1.status, 201);
  assert.equal(v1.body.spec.tier, 'v1', 'defaulted by the v1 schema');
  assert.equal(v1.body.metadata.namespace, undefined);
  assert.equal((await api.request('GET', `${B('v1beta1')}/stable`)).body.apiVersion, 'shop.example.com/v1beta1');
  assert.equal((await api.request('GET', '/apis/shop.example.com/v1/namespaces/default/boxes/stable')).status, 404);
});

test('a CRD whose schema is not structural is refused with upstream words, and nothing is stored', async () => {
  const r = await api.request('POST', CRDS, {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name: 'loose.shop.example.com' },
    spec: {
      group: 'shop.example.com',
      scope: 'Namespaced',
      names: { plural: 'loose', singular: 'loose', kind: 'Loose' },
      versions: [
        {
          name: 'v1',
          served: true,
          storage: true,
          schema: {
            openAPIV3Schema: { type: 'object', properties: { spec: { properties: { a: { type: 'string' } } } } },
          },
        },
      ],
    },
  });
  assert.equal(r.status, 422);
  assert.match(
    r.body.message,
    /spec\.validation\.openAPIV3Schema\.properties\[spec\]\.type: Required value: must not be empty for specified object fields/,
  );
  assert.equal((await api.request('GET', `${CRDS}/loose.shop.example.com`)).status, 404);
});
