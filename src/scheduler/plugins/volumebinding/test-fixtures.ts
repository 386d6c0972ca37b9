/**
 * Builders for the volume plugins' tests: claims, volumes, storage classes and pods using them,
 * in the spirit of upstream's `makePVC(...).withBoundPV(...)` helpers.
 */
import type { PersistentVolume, PersistentVolumeClaim, Pod, Volume } from 'kubernetes-types/core/v1.js';
import type { StorageClass } from 'kubernetes-types/storage/v1.js';
import { makePod } from '../../framework/testing.js';
import { ANN_BIND_COMPLETED } from './volume-helpers.js';

/** A claim `name` in `default` of class `sc`, optionally bound to `pv` (and marked complete). */
export function makePVC(
  name: string,
  sc: string | undefined,
  opts: {
    boundPV?: string;
    request?: string;
    accessModes?: string[];
    annotations?: Record<string, string>;
    phase?: string;
    namespace?: string;
    uid?: string;
    resourceVersion?: string;
    deleting?: boolean;
  } = {},
): PersistentVolumeClaim {
  const annotations = { ...(opts.annotations ?? {}) };
  if (opts.boundPV) annotations[ANN_BIND_COMPLETED] = 'yes';
  return {
    apiVersion: 'v1',
    kind: 'PersistentVolumeClaim',
    metadata: {
      name,
      namespace: opts.namespace ?? 'default',
      uid: opts.uid ?? `pvc-uid-${name}`,
      resourceVersion: opts.resourceVersion ?? '1',
      annotations,
      ...(opts.deleting ? { deletionTimestamp: '2024-01-01T00:00:00Z' } : {}),
    },
    spec: {
      storageClassName: sc,
      volumeName: opts.boundPV,
      accessModes: opts.accessModes ?? ['ReadWriteOnce'],
      resources: opts.request ? { requests: { storage: opts.request } } : {},
    },
    status: opts.phase ? { phase: opts.phase } : {},
  };
}

/** A volume `name` of class `sc` (1Gi, ReadWriteOnce, Available unless said otherwise). */
export function makePV(
  name: string,
  sc: string,
  opts: {
    capacity?: string;
    phase?: string;
    nodeAffinity?: Record<string, string[]>;
    labels?: Record<string, string>;
    claimRef?: { name: string; namespace?: string; uid?: string };
    accessModes?: string[];
    csi?: { driver: string; volumeHandle: string };
    resourceVersion?: string;
  } = {},
): PersistentVolume {
  const terms = opts.nodeAffinity
    ? [
        {
          matchExpressions: Object.entries(opts.nodeAffinity).map(([key, values]) => ({
            key,
            operator: 'In',
            values,
          })),
        },
      ]
    : undefined;
  return {
    apiVersion: 'v1',
    kind: 'PersistentVolume',
    metadata: { name, labels: opts.labels, resourceVersion: opts.resourceVersion ?? '1' },
    spec: {
      storageClassName: sc,
      capacity: { storage: opts.capacity ?? '1Gi' },
      accessModes: opts.accessModes ?? ['ReadWriteOnce'],
      claimRef: opts.claimRef ? { namespace: 'default', ...opts.claimRef } : undefined,
      nodeAffinity: terms ? { required: { nodeSelectorTerms: terms } } : undefined,
      csi: opts.csi,
    },
    status: { phase: opts.phase ?? 'Available' },
  };
}

/** A storage class; WaitForFirstConsumer with no provisioner unless said otherwise. */
export function makeSC(
  name: string,
  opts: {
    mode?: 'Immediate' | 'WaitForFirstConsumer' | null;
    provisioner?: string;
    allowedTopologies?: StorageClass['allowedTopologies'];
  } = {},
): StorageClass {
  return {
    apiVersion: 'storage.k8s.io/v1',
    kind: 'StorageClass',
    metadata: { name },
    provisioner: opts.provisioner ?? 'kubernetes.io/no-provisioner',
    volumeBindingMode: opts.mode === null ? undefined : (opts.mode ?? 'WaitForFirstConsumer'),
    allowedTopologies: opts.allowedTopologies,
  };
}

/** A pod using the named claims (and any extra volumes), optionally placed on a node. */
export function podWithClaims(
  name: string,
  claims: string[],
  opts: { nodeName?: string; volumes?: Volume[]; namespace?: string } = {},
): Pod {
  const volumes: Volume[] = claims.map((c, i) => ({ name: `vol-${i}`, persistentVolumeClaim: { claimName: c } }));
  return makePod(name, {
    nodeName: opts.nodeName,
    namespace: opts.namespace,
    spec: { volumes: [...volumes, ...(opts.volumes ?? [])] },
  });
}
