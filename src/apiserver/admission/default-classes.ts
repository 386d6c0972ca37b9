/**
 * Upstream's DefaultStorageClass and DefaultIngressClass plugins: a PersistentVolumeClaim or an
 * Ingress created without a class gets the one annotated as the default (the newest, when several
 * are), and StorageObjectInUseProtection: new claims and volumes carry the finalizer that keeps them
 * while a pod uses them.
 */
import type { KObject } from '../cacher/types.js';
import type { Registry } from '../registry/registry.js';
import type { AdmissionPlugin, Attributes } from './chain.js';

const creates = (a: Attributes, group: string, resource: string) =>
  a.operation === 'CREATE' && !a.subresource && a.info.group === group && a.info.resource === resource && !!a.object;

/** The default class of `resource` (annotated `annotation: "true"`), newest first, then by name. */
function defaultClass(registry: Registry, group: string, resource: string, annotations: string[]): string | undefined {
  const store = registry.store(group, resource)!;
  const defaults = store.cacher
    .list({ prefix: store.prefix('') })
    .entries.map((e) => e.obj)
    .filter((c) => annotations.some((k) => c.metadata?.annotations?.[k] === 'true'))
    .sort(
      (x, y) =>
        String(y.metadata.creationTimestamp).localeCompare(String(x.metadata.creationTimestamp)) ||
        String(x.metadata.name).localeCompare(String(y.metadata.name)),
    );
  return defaults[0]?.metadata.name;
}

export function defaultStorageClass(registry: Registry): AdmissionPlugin {
  return {
    name: 'DefaultStorageClass',
    admit(a) {
      if (!creates(a, '', 'persistentvolumeclaims')) return;
      const pvc = a.object!;
      if (pvc.spec?.storageClassName != null) return;
      if (pvc.metadata?.annotations?.['volume.beta.kubernetes.io/storage-class'] !== undefined) return;
      const name = defaultClass(registry, 'storage.k8s.io', 'storageclasses', [
        'storageclass.kubernetes.io/is-default-class',
        'storageclass.beta.kubernetes.io/is-default-class',
      ]);
      if (name) (pvc.spec ??= {}).storageClassName = name;
    },
  };
}

export function defaultIngressClass(registry: Registry): AdmissionPlugin {
  return {
    name: 'DefaultIngressClass',
    admit(a) {
      if (!creates(a, 'networking.k8s.io', 'ingresses')) return;
      const ing = a.object!;
      if (ing.spec?.ingressClassName != null) return;
      if (ing.metadata?.annotations?.['kubernetes.io/ingress.class'] !== undefined) return;
      const name = defaultClass(registry, 'networking.k8s.io', 'ingressclasses', [
        'ingressclass.kubernetes.io/is-default-class',
      ]);
      if (name) (ing.spec ??= {}).ingressClassName = name;
    },
  };
}

const addFinalizer = (obj: KObject, finalizer: string) => {
  const fins: string[] = (obj.metadata.finalizers ??= []);
  if (!fins.includes(finalizer)) fins.push(finalizer);
};

export const storageObjectInUseProtection: AdmissionPlugin = {
  name: 'StorageObjectInUseProtection',
  admit(a) {
    if (creates(a, '', 'persistentvolumeclaims')) addFinalizer(a.object!, 'kubernetes.io/pvc-protection');
    if (creates(a, '', 'persistentvolumes')) addFinalizer(a.object!, 'kubernetes.io/pv-protection');
  },
};
