/**
 * Kubernetes' documentation example CRD (`crontabs.stable.example.com`) for the tests of this
 * folder: a namespaced CronTab with spec.cronSpec (a string with a pattern), spec.image and
 * spec.replicas (an integer from 1 to 10).
 */
import type { CustomResourceDefinition, JSONSchemaProps } from './types.js';

/** The cronSpec pattern of the documentation example. */
export const CRON_PATTERN = '^(\\d+|\\*)(/\\d+)?(\\s+(\\d+|\\*)(/\\d+)?){4}$';

/** The documentation's CronTab schema; a fresh copy on every call. */
export function crontabSchema(): JSONSchemaProps {
  return {
    type: 'object',
    properties: {
      spec: {
        type: 'object',
        properties: {
          cronSpec: { type: 'string', pattern: CRON_PATTERN },
          image: { type: 'string' },
          replicas: { type: 'integer', minimum: 1, maximum: 10 },
        },
      },
    },
  };
}

/** The documentation's CronTab CRD, one version v1; a fresh copy on every call. */
export function crontabCRD(): CustomResourceDefinition {
  return {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name: 'crontabs.stable.example.com' },
    spec: {
      group: 'stable.example.com',
      versions: [{ name: 'v1', served: true, storage: true, schema: { openAPIV3Schema: crontabSchema() } }],
      scope: 'Namespaced',
      names: { plural: 'crontabs', singular: 'crontab', kind: 'CronTab', shortNames: ['ct'] },
    },
  };
}

/** A CronTab object of the documentation. */
export function crontab(spec: Record<string, unknown> = { cronSpec: '* * * * */5', image: 'my-awesome-cron-image' }) {
  return {
    apiVersion: 'stable.example.com/v1',
    kind: 'CronTab',
    metadata: { name: 'my-new-cron-object', namespace: 'default' },
    spec,
  };
}
