import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { decodeProtobuf, encodeProtobuf } from './codec.js';
import { ProtoWriter } from './wire.js';

const roundTrip = (obj: Record<string, unknown>) => assert.deepEqual(decodeProtobuf(encodeProtobuf(obj)), obj);

describe('protobuf special types', () => {
  it('apiextensions JSONSchemaProps: $ref, x-kubernetes-*, JSON values, the Or* unions, doubles', () => {
    const schema = {
      type: 'object',
      description: 'root',
      required: ['spec'],
      properties: {
        spec: {
          type: 'object',
          'x-kubernetes-preserve-unknown-fields': true,
          'x-kubernetes-validations': [{ rule: 'self.replicas >= 0', message: 'negative' }],
          properties: {
            replicas: {
              type: 'integer',
              format: 'int32',
              minimum: 0,
              maximum: 1.5e3,
              default: 1,
              exclusiveMaximum: true,
            },
            mode: { type: 'string', enum: ['a', 'b', null], pattern: '^[ab]$', maxLength: 1 },
            port: { 'x-kubernetes-int-or-string': true, anyOf: [{ type: 'integer' }, { type: 'string' }] },
            tags: { type: 'array', items: { type: 'string' }, 'x-kubernetes-list-type': 'set' },
            tuple: { type: 'array', items: [{ type: 'string' }, { type: 'integer' }] },
            labels: { type: 'object', additionalProperties: { type: 'string' }, 'x-kubernetes-map-type': 'granular' },
            closed: { type: 'object', additionalProperties: false },
            embedded: { type: 'object', 'x-kubernetes-embedded-resource': true, example: { kind: 'Pod' } },
            deps: { type: 'object', dependencies: { a: ['b', 'c'], d: { required: ['e'] } } },
            ref: { $ref: '#/definitions/x', $schema: 'http://json-schema.org/draft-04/schema#' },
            ratio: { type: 'number', multipleOf: 0.25, nullable: true },
          },
        },
      },
    };
    roundTrip({
      kind: 'CustomResourceDefinition',
      apiVersion: 'apiextensions.k8s.io/v1',
      metadata: { name: 'widgets.example.com' },
      spec: {
        group: 'example.com',
        names: { plural: 'widgets', singular: 'widget', shortNames: ['wd'], kind: 'Widget', listKind: 'WidgetList' },
        scope: 'Namespaced',
        versions: [
          {
            name: 'v1',
            served: true,
            storage: true,
            schema: { openAPIV3Schema: schema },
            subresources: {
              status: {},
              scale: { specReplicasPath: '.spec.replicas', statusReplicasPath: '.status.replicas' },
            },
            additionalPrinterColumns: [{ name: 'Mode', type: 'string', jsonPath: '.spec.mode', priority: 1 }],
          },
        ],
        conversion: { strategy: 'None' },
      },
      status: { acceptedNames: { plural: 'widgets', kind: 'Widget' }, storedVersions: ['v1'] },
    });
  });

  it('MicroTime keeps microseconds, Time keeps seconds', () => {
    roundTrip({
      kind: 'Lease',
      apiVersion: 'coordination.k8s.io/v1',
      metadata: { name: 'kube-scheduler', namespace: 'kube-system' },
      spec: {
        holderIdentity: 'node-1',
        leaseDurationSeconds: 15,
        acquireTime: '2024-01-02T03:04:05.123456Z',
        renewTime: '2024-01-02T03:04:15.000001Z',
        leaseTransitions: 0,
      },
    });
    const event = decodeProtobuf(
      encodeProtobuf({
        kind: 'Event',
        apiVersion: 'events.k8s.io/v1',
        metadata: { name: 'e', creationTimestamp: '2024-01-02T04:04:05.999+01:00' },
        eventTime: '2024-01-02T03:04:05.1234567Z',
        series: { count: 2, lastObservedTime: '2024-01-02T03:04:06.5Z' },
        reportingController: 'k8ts',
        reportingInstance: 'k8ts-1',
        action: 'Scheduled',
        reason: 'Scheduled',
        regarding: { kind: 'Pod', name: 'p' },
        type: 'Normal',
      }),
    );
    assert.equal((event.metadata as { creationTimestamp: string }).creationTimestamp, '2024-01-02T03:04:05Z');
    assert.equal(event.eventTime, '2024-01-02T03:04:05.123456Z');
    assert.deepEqual(event.series, { count: 2, lastObservedTime: '2024-01-02T03:04:06.500000Z' });
  });

  it('ExtraValue maps are maps of string lists', () => {
    roundTrip({
      kind: 'TokenReview',
      apiVersion: 'authentication.k8s.io/v1',
      metadata: {},
      spec: { token: 't', audiences: ['api'] },
      status: {
        authenticated: true,
        user: { username: 'alice', uid: '1', groups: ['dev'], extra: { scopes: ['a', 'b'], empty: [] } },
        audiences: ['api'],
      },
    });
    roundTrip({
      kind: 'SubjectAccessReview',
      apiVersion: 'authorization.k8s.io/v1',
      metadata: {},
      spec: {
        resourceAttributes: {
          namespace: 'ns',
          verb: 'list',
          group: 'apps',
          resource: 'deployments',
          labelSelector: { rawSelector: 'a=b' },
          fieldSelector: { requirements: [{ key: 'metadata.name', operator: 'In', values: ['x'] }] },
        },
        user: 'alice',
        groups: ['dev'],
        extra: { 'example.com/team': ['blue'] },
        uid: 'u1',
      },
      status: { allowed: false, denied: true, reason: 'no', evaluationError: 'boom' },
    });
    roundTrip({
      kind: 'CertificateSigningRequest',
      apiVersion: 'certificates.k8s.io/v1',
      metadata: { name: 'csr' },
      spec: {
        request: Buffer.from('-----BEGIN CERTIFICATE REQUEST-----\n').toString('base64'),
        signerName: 'kubernetes.io/kube-apiserver-client',
        expirationSeconds: 86400,
        usages: ['client auth'],
        username: 'bob',
        extra: { x: ['y'] },
      },
    });
  });

  it('RawExtension carries embedded JSON, or an embedded protobuf object', () => {
    roundTrip({
      kind: 'ControllerRevision',
      apiVersion: 'apps/v1',
      metadata: { name: 'ds-1' },
      data: { spec: { template: { spec: { containers: [{ name: 'c' }] } } }, list: [1, 'two', null] },
      revision: 1,
    });
    const inner = encodeProtobuf({ kind: 'ConfigMap', apiVersion: 'v1', metadata: { name: 'c' }, data: { a: 'b' } });
    // A WatchEvent whose object is itself a k8s\0 body, as upstream's protobuf watch sends it.
    const typeMeta = new ProtoWriter().tag(1, 2).string('v1').tag(2, 2).string('WatchEvent').finish();
    const raw = new ProtoWriter()
      .tag(1, 2)
      .string('ADDED')
      .tag(2, 2)
      .bytes(new ProtoWriter().tag(1, 2).bytes(inner).finish());
    const unknown = new ProtoWriter().tag(1, 2).bytes(typeMeta).tag(2, 2).bytes(raw.finish()).finish();
    const event = Buffer.concat([Buffer.from('k8s\0', 'latin1'), unknown]);
    assert.deepEqual(decodeProtobuf(event), {
      kind: 'WatchEvent',
      apiVersion: 'v1',
      type: 'ADDED',
      object: { kind: 'ConfigMap', apiVersion: 'v1', metadata: { name: 'c' }, data: { a: 'b' } },
    });
  });

  it('inline structs and renamed fields take their JSON places', () => {
    roundTrip({
      kind: 'MutatingWebhookConfiguration',
      apiVersion: 'admissionregistration.k8s.io/v1',
      metadata: { name: 'hook' },
      webhooks: [
        {
          name: 'a.example.com',
          clientConfig: { service: { namespace: 'ns', name: 'svc', path: '/m', port: 443 }, caBundle: 'AAEC' },
          rules: [{ operations: ['CREATE'], apiGroups: [''], apiVersions: ['v1'], resources: ['pods'], scope: '*' }],
          failurePolicy: 'Fail',
          sideEffects: 'None',
          admissionReviewVersions: ['v1'],
          timeoutSeconds: 10,
        },
      ],
    });
    roundTrip({
      kind: 'Ingress',
      apiVersion: 'networking.k8s.io/v1',
      metadata: { name: 'ing' },
      spec: {
        rules: [
          {
            host: 'foo.com',
            http: {
              paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: 's', port: { name: 'http' } } } }],
            },
          },
        ],
      },
    });
    roundTrip({
      kind: 'IngressClass',
      apiVersion: 'networking.k8s.io/v1',
      metadata: { name: 'nginx' },
      spec: {
        controller: 'k8s.io/ingress-nginx',
        parameters: { apiGroup: 'k8s.example.com', kind: 'P', name: 'p', scope: 'Cluster' },
      },
    });
    roundTrip({
      kind: 'TokenRequest',
      apiVersion: 'authentication.k8s.io/v1',
      metadata: { name: 'sa' },
      spec: {
        audiences: ['api'],
        expirationSeconds: 600,
        boundObjectRef: { kind: 'Pod', apiVersion: 'v1', name: 'p', uid: '123' },
      },
      status: { token: 'jwt', expirationTimestamp: '2024-01-02T03:14:05Z' },
    });
    roundTrip({
      kind: 'PersistentVolume',
      apiVersion: 'v1',
      metadata: { name: 'pv' },
      spec: {
        capacity: { storage: '1Gi' },
        hostPath: { path: '/data', type: 'DirectoryOrCreate' },
        accessModes: ['ReadWriteOnce'],
        claimRef: { namespace: 'ns', name: 'pvc' },
        persistentVolumeReclaimPolicy: 'Retain',
        storageClassName: 'local',
        nodeAffinity: {
          required: { nodeSelectorTerms: [{ matchFields: [{ key: 'metadata.name', operator: 'In', values: ['n'] }] }] },
        },
      },
      status: { phase: 'Bound', lastPhaseTransitionTime: '2024-01-02T03:04:05Z' },
    });
  });

  it('meta kinds: Status, DeleteOptions, Eviction, Scale, Binding, PartialObjectMetadataList', () => {
    roundTrip({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: 'pods "p" is invalid',
      reason: 'Invalid',
      details: {
        name: 'p',
        kind: 'pods',
        causes: [{ reason: 'FieldValueRequired', message: 'Required value', field: 'spec' }],
      },
      code: 422,
    });
    roundTrip({
      kind: 'DeleteOptions',
      apiVersion: 'meta.k8s.io/v1',
      gracePeriodSeconds: 0,
      preconditions: { uid: 'u', resourceVersion: '5' },
      propagationPolicy: 'Foreground',
      dryRun: ['All'],
    });
    roundTrip({
      kind: 'Eviction',
      apiVersion: 'policy/v1',
      metadata: { name: 'p', namespace: 'ns' },
      deleteOptions: { gracePeriodSeconds: 30 },
    });
    roundTrip({
      kind: 'Scale',
      apiVersion: 'autoscaling/v1',
      metadata: { name: 'd', namespace: 'ns', resourceVersion: '9' },
      spec: { replicas: 3 },
      status: { replicas: 2, selector: 'app=d' },
    });
    roundTrip({ kind: 'Binding', apiVersion: 'v1', metadata: { name: 'p' }, target: { kind: 'Node', name: 'n1' } });
    roundTrip({
      kind: 'PartialObjectMetadataList',
      apiVersion: 'meta.k8s.io/v1',
      metadata: { resourceVersion: '10', continue: 'abc', remainingItemCount: 5 },
      items: [{ metadata: { name: 'a', labels: { x: 'y' } } }],
    });
  });
});
