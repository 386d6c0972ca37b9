/**
 * Real object shapes and schemas the apply tests share: a Deployment, a ConfigMap and a Service
 * against the served v2 definitions, and a custom resource with an inline v3 schema.
 */
import { loadDefinitions } from '../../api/openapi/documents.js';
import type { SchemaObject } from '../../api/openapi/types.js';
import { ApplySchema } from './apply-schema.js';

export const deploymentSchema = () => ApplySchema.root(loadDefinitions(), 'io.k8s.api.apps.v1.Deployment');
export const configMapSchema = () => ApplySchema.root(loadDefinitions(), 'io.k8s.api.core.v1.ConfigMap');
export const serviceSchema = () => ApplySchema.root(loadDefinitions(), 'io.k8s.api.core.v1.Service');

/** The nginx Deployment of the Kubernetes docs, as `kubectl apply --server-side` sends it. */
export const nginxDeployment = (image = 'nginx:1.14.2', replicas = 3): Record<string, unknown> => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'nginx-deployment', namespace: 'default', labels: { app: 'nginx' } },
  spec: {
    replicas,
    selector: { matchLabels: { app: 'nginx' } },
    template: {
      metadata: { labels: { app: 'nginx' } },
      spec: { containers: [{ name: 'nginx', image, ports: [{ containerPort: 80 }] }] },
    },
  },
});

/** The FieldsV1 text upstream records for {@link nginxDeployment}'s applier. */
export const NGINX_APPLY_FIELDS =
  '{"f:metadata":{"f:labels":{"f:app":{}}},"f:spec":{"f:replicas":{},"f:selector":{},"f:template":' +
  '{"f:metadata":{"f:labels":{"f:app":{}}},"f:spec":{"f:containers":{"k:{\\"name\\":\\"nginx\\"}":' +
  '{".":{},"f:image":{},"f:name":{},"f:ports":{"k:{\\"containerPort\\":80,\\"protocol\\":\\"TCP\\"}":' +
  '{".":{},"f:containerPort":{}}}}}}}}}';

/** A CronTab-like custom resource schema: inline list and map types, int-or-string, preserved fields. */
export const CRONTAB_SCHEMA: SchemaObject = {
  type: 'object',
  properties: {
    spec: {
      type: 'object',
      properties: {
        cronSpec: { type: 'string' },
        replicas: { 'x-kubernetes-int-or-string': true },
        hosts: { type: 'array', items: { type: 'string' }, 'x-kubernetes-list-type': 'set' },
        args: { type: 'array', items: { type: 'string' } },
        ports: {
          type: 'array',
          'x-kubernetes-list-type': 'map',
          'x-kubernetes-list-map-keys': ['name'],
          items: { type: 'object', properties: { name: { type: 'string' }, port: { type: 'integer' } } },
        },
        selector: {
          type: 'object',
          'x-kubernetes-map-type': 'atomic',
          additionalProperties: { type: 'string' },
        },
        config: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true },
      },
    },
  },
};

export const cronTabSchema = () => ApplySchema.customResource(CRONTAB_SCHEMA);

/** Dates as the tests' clock: `at(1)` is one minute after the epoch of the tests. */
export const at = (minutes: number) => new Date(Date.UTC(2024, 0, 1, 0, minutes, 0));
