/**
 * Hand-made OpenAPI definitions for the strategic merge patch tests: upstream's test type
 * `mergeItem` (from strategicpatch's patch_test.go), and a slice of the core/apps types with
 * their real patch metadata. References use both the v2 (`$ref`) and v3 (`allOf`) forms.
 */
import type { Definitions, SchemaObject } from '../../api/openapi/types.js';

const ref = (name: string): SchemaObject => ({ $ref: `#/definitions/${name}` });
const ref3 = (name: string): SchemaObject => ({ allOf: [{ $ref: `#/components/schemas/${name}` }] });
const str: SchemaObject = { type: 'string' };
const int: SchemaObject = { type: 'integer', format: 'int32' };
const strings: SchemaObject = { type: 'array', items: str };
const stringMap: SchemaObject = { type: 'object', additionalProperties: str };
const mergeList = (items: SchemaObject, mergeKey: string, strategy = 'merge'): SchemaObject => ({
  type: 'array',
  items,
  'x-kubernetes-patch-strategy': strategy,
  'x-kubernetes-patch-merge-key': mergeKey,
});

/** Upstream's `MergeItem` / `RetainKeysMergeItem`, root `mergeItem`. */
export const mergeItemDefinitions: Definitions = {
  mergeItem: {
    type: 'object',
    properties: {
      name: str,
      value: str,
      other: str,
      mergingList: mergeList(ref('mergeItem'), 'name'),
      nonMergingList: { type: 'array', items: ref('mergeItem') },
      mergingIntList: { type: 'array', items: int, 'x-kubernetes-patch-strategy': 'merge' },
      nonMergingIntList: { type: 'array', items: int },
      mergeItemPtr: mergeList(ref('mergeItem'), 'name'),
      simpleMap: stringMap,
      replacingItem: { type: 'object', 'x-kubernetes-patch-strategy': 'replace' },
      retainKeysMap: { ...ref3('retainKeysMergeItem'), 'x-kubernetes-patch-strategy': 'retainKeys' },
      retainKeysMergingList: mergeList(ref('mergeItem'), 'name', 'merge,retainKeys'),
    },
  },
  retainKeysMergeItem: {
    type: 'object',
    properties: {
      name: str,
      value: str,
      other: str,
      simpleMap: stringMap,
      mergingIntList: { type: 'array', items: int, 'x-kubernetes-patch-strategy': 'merge' },
      mergingList: mergeList(ref('mergeItem'), 'name'),
      nonMergingList: { type: 'array', items: ref('mergeItem') },
    },
  },
};

const core = (name: string) => `io.k8s.api.core.v1.${name}`;
const meta = 'io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta';

/** Pod, Deployment and what they contain, with upstream's patch metadata. */
export const k8sDefinitions: Definitions = {
  [meta]: {
    type: 'object',
    properties: {
      name: str,
      namespace: str,
      labels: stringMap,
      annotations: stringMap,
      finalizers: {
        type: 'array',
        items: str,
        'x-kubernetes-patch-strategy': 'merge',
        'x-kubernetes-list-type': 'set',
      },
      ownerReferences: mergeList(ref('io.k8s.apimachinery.pkg.apis.meta.v1.OwnerReference'), 'uid'),
    },
  },
  'io.k8s.apimachinery.pkg.apis.meta.v1.OwnerReference': {
    type: 'object',
    properties: { uid: str, name: str, kind: str, apiVersion: str, controller: { type: 'boolean' } },
  },
  [core('Pod')]: {
    type: 'object',
    properties: {
      apiVersion: str,
      kind: str,
      metadata: ref(meta),
      spec: ref3(core('PodSpec')),
      status: { type: 'object' },
    },
  },
  [core('PodSpec')]: {
    type: 'object',
    properties: {
      containers: mergeList(ref(core('Container')), 'name'),
      initContainers: mergeList(ref(core('Container')), 'name'),
      volumes: mergeList(ref(core('Volume')), 'name', 'merge,retainKeys'),
      tolerations: { type: 'array', items: { type: 'object' } },
      nodeSelector: stringMap,
      imagePullSecrets: mergeList(ref('io.k8s.api.core.v1.LocalObjectReference'), 'name'),
      serviceAccountName: str,
      restartPolicy: str,
    },
  },
  [core('LocalObjectReference')]: { type: 'object', properties: { name: str } },
  [core('Container')]: {
    type: 'object',
    properties: {
      name: str,
      image: str,
      command: strings,
      args: strings,
      ports: mergeList(ref(core('ContainerPort')), 'containerPort'),
      env: mergeList(ref(core('EnvVar')), 'name'),
      volumeMounts: mergeList(ref(core('VolumeMount')), 'mountPath'),
      resources: ref3(core('ResourceRequirements')),
    },
  },
  [core('ContainerPort')]: { type: 'object', properties: { containerPort: int, name: str, protocol: str } },
  [core('EnvVar')]: { type: 'object', properties: { name: str, value: str, valueFrom: { type: 'object' } } },
  [core('VolumeMount')]: { type: 'object', properties: { name: str, mountPath: str, readOnly: { type: 'boolean' } } },
  [core('ResourceRequirements')]: { type: 'object', properties: { limits: stringMap, requests: stringMap } },
  [core('Volume')]: {
    type: 'object',
    properties: {
      name: str,
      hostPath: { type: 'object', properties: { path: str, type: str } },
      emptyDir: { type: 'object', properties: { medium: str, sizeLimit: str } },
      configMap: { type: 'object', properties: { name: str, optional: { type: 'boolean' } } },
    },
  },
  'io.k8s.api.apps.v1.Deployment': {
    type: 'object',
    properties: { apiVersion: str, kind: str, metadata: ref(meta), spec: ref3('io.k8s.api.apps.v1.DeploymentSpec') },
  },
  'io.k8s.api.apps.v1.DeploymentSpec': {
    type: 'object',
    properties: {
      replicas: int,
      selector: { type: 'object' },
      template: ref('io.k8s.api.core.v1.PodTemplateSpec'),
      strategy: { ...ref3('io.k8s.api.apps.v1.DeploymentStrategy'), 'x-kubernetes-patch-strategy': 'retainKeys' },
    },
  },
  'io.k8s.api.apps.v1.DeploymentStrategy': {
    type: 'object',
    properties: {
      type: str,
      rollingUpdate: {
        type: 'object',
        properties: { maxSurge: { 'x-kubernetes-int-or-string': true }, maxUnavailable: {} },
      },
    },
  },
  [core('PodTemplateSpec')]: { type: 'object', properties: { metadata: ref(meta), spec: ref(core('PodSpec')) } },
};
