/** Shared fixtures for the node authorizer tests: a small cluster of two nodes and a request builder. */
import type { NodeAttributes } from './authorizer.js';
import type { Obj } from './refs.js';
import { staticGraphSource } from './static-source.js';

export const n1User = { name: 'system:node:n1', groups: ['system:nodes', 'system:authenticated'] };

/** A resource request by node n1 unless `user` says otherwise. */
export function req(
  verb: string,
  resource: string,
  o: { ns?: string; name?: string; sub?: string; group?: string; fs?: string; user?: NodeAttributes['user'] } = {},
): NodeAttributes {
  return {
    user: o.user ?? n1User,
    verb,
    namespace: o.ns ?? '',
    apiGroup: o.group ?? '',
    resource,
    subresource: o.sub ?? '',
    name: o.name ?? '',
    resourceRequest: true,
    path: '',
    fieldSelector: o.fs,
  };
}

export const meta = (namespace: string, name: string, extra: Obj = {}) => ({ namespace, name, ...extra });

export const pod1: Obj = {
  metadata: meta('ns1', 'pod1', { uid: 'uid-pod1' }),
  spec: {
    nodeName: 'n1',
    serviceAccountName: 'sa1',
    imagePullSecrets: [{ name: 'ips1' }],
    initContainers: [{ name: 'init', envFrom: [{ secretRef: { name: 's-init' } }] }],
    containers: [
      {
        name: 'c',
        env: [
          { name: 'A', valueFrom: { secretKeyRef: { name: 's-env', key: 'k' } } },
          { name: 'B', valueFrom: { configMapKeyRef: { name: 'cm-env', key: 'k' } } },
        ],
      },
    ],
    ephemeralContainers: [{ name: 'dbg', envFrom: [{ configMapRef: { name: 'cm-eph' } }] }],
    volumes: [
      { name: 'v1', secret: { secretName: 's-vol' } },
      { name: 'v2', configMap: { name: 'cm-vol' } },
      { name: 'v3', projected: { sources: [{ secret: { name: 's-proj' } }, { configMap: { name: 'cm-proj' } }] } },
      { name: 'v4', persistentVolumeClaim: { claimName: 'pvc1' } },
      { name: 'scratch', ephemeral: { volumeClaimTemplate: { spec: {} } } },
      { name: 'v6', csi: { driver: 'd', nodePublishSecretRef: { name: 's-csi' } } },
    ],
    resourceClaims: [
      { name: 'gpu', resourceClaimName: 'claim1' },
      { name: 'tmpl', resourceClaimTemplateName: 't' },
      { name: 'pending', resourceClaimTemplateName: 't' },
    ],
  },
  status: { resourceClaimStatuses: [{ name: 'tmpl', resourceClaimName: 'pod1-tmpl-abc' }] },
};

export const mirror: Obj = {
  metadata: meta('ns1', 'mirror', { annotations: { 'kubernetes.io/config.mirror': 'x' } }),
  spec: {
    nodeName: 'n1',
    serviceAccountName: 'sa-mirror',
    volumes: [{ name: 'v', secret: { secretName: 's-mirror' } }],
  },
};

export const pod2: Obj = {
  metadata: meta('ns1', 'pod2', { uid: 'uid-pod2' }),
  spec: {
    nodeName: 'n2',
    serviceAccountName: 'sa2',
    volumes: [
      { name: 'v', secret: { secretName: 's-other' } },
      { name: 'p', persistentVolumeClaim: { claimName: 'pvc2' } },
    ],
  },
};

export const source = staticGraphSource({
  pods: [pod1, mirror, pod2, { metadata: meta('ns1', 'unbound'), spec: {} }],
  pvcs: [
    { metadata: meta('ns1', 'pvc1'), spec: { volumeName: 'pv1' } },
    { metadata: meta('ns1', 'pvc2'), spec: { volumeName: 'pv2' } },
  ],
  pvs: [
    {
      metadata: { name: 'pv1' },
      spec: {
        claimRef: { namespace: 'ns1', name: 'pvc1' },
        csi: {
          driver: 'd',
          nodePublishSecretRef: { namespace: 'storage', name: 'pv1-secret' },
          controllerPublishSecretRef: { namespace: 'storage', name: 'pv1-ctrl' },
        },
      },
    },
    { metadata: { name: 'pv2' }, spec: { claimRef: { namespace: 'ns1', name: 'pvc2' } } },
  ],
  volumeAttachments: [
    { metadata: { name: 'va1' }, spec: { nodeName: 'n1' } },
    { metadata: { name: 'va2' }, spec: { nodeName: 'n2' } },
  ],
  resourceSlices: [{ metadata: { name: 'slice1' }, spec: { nodeName: 'n1' } }],
});
