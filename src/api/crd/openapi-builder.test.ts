import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { crontabCRD, CRON_PATTERN } from './crontab-fixture.js';
import { buildCustomResourceOpenAPI, definitionName } from './openapi-builder.js';
import type { CustomResourceDefinition, JSONSchemaProps } from './types.js';

const CONV = 'https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md';
const API_VERSION = {
  description: `APIVersion defines the versioned schema of this representation of an object. Servers should convert recognized schemas to the latest internal value, and may reject unrecognized values. More info: ${CONV}#resources`,
  type: 'string',
};
const KIND = {
  description: `Kind is a string value representing the REST resource this object represents. Servers may infer this from the endpoint the client submits requests to. Cannot be updated. In CamelCase. More info: ${CONV}#types-kinds`,
  type: 'string',
};
const GVK = [{ group: 'stable.example.com', kind: 'CronTab', version: 'v1' }];

function withSpec(properties: Record<string, JSONSchemaProps>): CustomResourceDefinition {
  const crd = crontabCRD();
  crd.spec.versions[0].schema!.openAPIV3Schema!.properties!.spec.properties = properties;
  return crd;
}
const specOf = (doc: ReturnType<typeof buildCustomResourceOpenAPI>) =>
  (doc.definitions[doc.kindName].properties as Record<string, Record<string, unknown>>).spec.properties as Record<
    string,
    unknown
  >;

describe('buildCustomResourceOpenAPI', () => {
  it('names definitions by the reversed group', () => {
    assert.equal(definitionName('stable.example.com', 'v1', 'CronTab'), 'com.example.stable.v1.CronTab');
  });

  it('publishes the CronTab for /openapi/v3 with TypeMeta, ObjectMeta and its group-version-kind', () => {
    const doc = buildCustomResourceOpenAPI(crontabCRD(), 'v1', { v2: false });
    assert.equal(doc.kindName, 'com.example.stable.v1.CronTab');
    assert.equal(doc.listName, 'com.example.stable.v1.CronTabList');
    assert.deepEqual(doc.definitions[doc.kindName], {
      type: 'object',
      properties: {
        apiVersion: API_VERSION,
        kind: KIND,
        metadata: {
          description: `Standard object's metadata. More info: ${CONV}#metadata`,
          allOf: [{ $ref: '#/components/schemas/io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta' }],
        },
        spec: {
          type: 'object',
          properties: {
            cronSpec: { type: 'string', pattern: CRON_PATTERN },
            image: { type: 'string' },
            replicas: { type: 'integer', maximum: 10, minimum: 1 },
          },
        },
      },
      'x-kubernetes-group-version-kind': GVK,
    });
  });

  it('publishes the List kind', () => {
    const doc = buildCustomResourceOpenAPI(crontabCRD(), 'v1', { v2: true });
    assert.deepEqual(doc.definitions[doc.listName], {
      description: 'CronTabList is a list of CronTab',
      required: ['items'],
      properties: {
        apiVersion: API_VERSION,
        items: {
          description: `List of crontabs. More info: ${CONV}`,
          type: 'array',
          items: { $ref: '#/definitions/com.example.stable.v1.CronTab' },
        },
        kind: KIND,
        metadata: {
          description: `Standard list metadata. More info: ${CONV}#types-kinds`,
          $ref: '#/definitions/io.k8s.apimachinery.pkg.apis.meta.v1.ListMeta',
        },
      },
      'x-kubernetes-group-version-kind': [{ group: 'stable.example.com', kind: 'CronTabList', version: 'v1' }],
    });
  });

  it('unfolds int-or-string in v3 and simplifies for v2', () => {
    const crd = withSpec({
      port: { 'x-kubernetes-int-or-string': true },
      maybe: { type: 'object', nullable: true, properties: { a: { type: 'string' } } },
      either: { type: 'string', anyOf: [{ pattern: '^a' }, { pattern: '^b' }] },
    });
    crd.spec.versions[0].schema!.openAPIV3Schema!.properties!.spec.required = ['maybe', 'either'];
    const v3 = specOf(buildCustomResourceOpenAPI(crd, 'v1', { v2: false }));
    assert.deepEqual(v3.port, { anyOf: [{ type: 'integer' }, { type: 'string' }], 'x-kubernetes-int-or-string': true });
    assert.deepEqual(v3.maybe, { type: 'object', nullable: true, properties: { a: { type: 'string' } } });
    const v2doc = buildCustomResourceOpenAPI(crd, 'v1', { v2: true });
    const v2 = specOf(v2doc);
    assert.deepEqual(v2.port, { 'x-kubernetes-int-or-string': true });
    assert.deepEqual(v2.maybe, {});
    assert.deepEqual(v2.either, { type: 'string' });
    const spec = (v2doc.definitions[v2doc.kindName].properties as Record<string, Record<string, unknown>>).spec;
    assert.deepEqual(spec.required, ['either']);
  });

  it('adds TypeMeta and ObjectMeta to embedded resources', () => {
    const crd = withSpec({
      template: { type: 'object', 'x-kubernetes-embedded-resource': true, properties: { spec: { type: 'object' } } },
    });
    assert.deepEqual(specOf(buildCustomResourceOpenAPI(crd, 'v1', { v2: true })).template, {
      type: 'object',
      required: ['kind', 'apiVersion'],
      properties: {
        apiVersion: {
          description: `apiVersion defines the versioned schema of this representation of an object. More info: ${CONV}#resources`,
          type: 'string',
        },
        kind: {
          description: `kind is a string value representing the type of this object. In CamelCase. More info: ${CONV}#types-kinds`,
          type: 'string',
        },
        metadata: {
          description: `Standard object's metadata. More info: ${CONV}#metadata`,
          $ref: '#/definitions/io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta',
        },
        spec: { type: 'object' },
      },
      'x-kubernetes-embedded-resource': true,
    });
  });

  it('strips value validations and nullable on request', () => {
    const crd = withSpec({ a: { type: 'string', enum: ['x'], nullable: true, description: 'kept' } });
    assert.deepEqual(
      specOf(buildCustomResourceOpenAPI(crd, 'v1', { v2: false, stripValueValidation: true, stripNullable: true })).a,
      {
        description: 'kept',
        type: 'string',
      },
    );
  });

  it('publishes a bare object for non-structural schemas and for v2 roots that preserve unknown fields', () => {
    const loose = withSpec({ a: {} });
    assert.deepEqual(
      buildCustomResourceOpenAPI(loose, 'v1', { v2: false }).definitions['com.example.stable.v1.CronTab'],
      {
        type: 'object',
        'x-kubernetes-group-version-kind': GVK,
      },
    );
    const open = crontabCRD();
    open.spec.versions[0].schema!.openAPIV3Schema!['x-kubernetes-preserve-unknown-fields'] = true;
    assert.deepEqual(
      buildCustomResourceOpenAPI(open, 'v1', { v2: true }).definitions['com.example.stable.v1.CronTab'],
      {
        type: 'object',
        'x-kubernetes-group-version-kind': GVK,
      },
    );
    const v3 = buildCustomResourceOpenAPI(open, 'v1', { v2: false }).definitions['com.example.stable.v1.CronTab'];
    assert.equal(v3['x-kubernetes-preserve-unknown-fields'], true);
  });
});
