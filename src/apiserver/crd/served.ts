/**
 * What a CustomResourceDefinition serves, as the registry holds it: one ResourceInfo per served
 * version (preferred first, by Kubernetes version priority), named by the CRD's accepted names,
 * with the status and scale subresources it enables, stored under upstream's key
 * `/registry/<group>/<plural>` in its storage version.
 */
import type { KObject } from '../cacher/types.js';
import type { CustomResourceInfo, PrinterColumn, ResourceInfo, SubresourceInfo } from '../../api/resources.js';
import { compareKubeVersions } from '../../api/versions.js';

/** The finalizer upstream's CRD store adds on delete: it holds the CRD until its objects are gone. */
export const CLEANUP_FINALIZER = 'customresourcecleanup.apiextensions.k8s.io';

/** The verbs of a custom resource, in the order upstream's discovery lists them. */
const VERBS = ['delete', 'deletecollection', 'get', 'list', 'patch', 'create', 'update', 'watch'];
const SUB_VERBS = ['get', 'patch', 'update'];

/** The column upstream serves for a version that names none. */
const AGE: PrinterColumn = {
  name: 'Age',
  type: 'date',
  description:
    'CreationTimestamp is a timestamp representing the server time when this object was created. It is not guaranteed to be set in happens-before order across separate operations. Clients may not set this value. It is represented in RFC3339 form and is in UTC.\n\nPopulated by the system. Read-only. Null for lists. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata',
  jsonPath: '.metadata.creationTimestamp',
};

/** Whether a CRD condition of `type` is True. */
export const conditionTrue = (crd: KObject, type: string): boolean =>
  (crd.status?.conditions ?? []).some((c: KObject) => c.type === type && c.status === 'True');

function infoOf(crd: KObject, v: KObject, storage: string): ResourceInfo {
  const { group, scope } = crd.spec;
  const names = crd.status?.acceptedNames?.plural ? crd.status.acceptedNames : crd.spec.names;
  const kind: string = names.kind;
  const subresources: SubresourceInfo[] = [];
  if (v.subresources?.status) {
    subresources.push({ subresource: 'status', responseKind: { group: '', version: '', kind }, verbs: SUB_VERBS });
  }
  if (v.subresources?.scale) {
    subresources.push({
      subresource: 'scale',
      responseKind: { group: 'autoscaling', version: 'v1', kind: 'Scale' },
      verbs: SUB_VERBS,
    });
  }
  const custom: CustomResourceInfo = {
    crd: crd.metadata.name,
    schema: v.schema?.openAPIV3Schema ?? { type: 'object', 'x-kubernetes-preserve-unknown-fields': true },
    columns: v.additionalPrinterColumns?.length ? v.additionalPrinterColumns : [AGE],
    scale: v.subresources?.scale,
    terminating: !!crd.metadata.deletionTimestamp,
  };
  return {
    group,
    version: v.name,
    resource: names.plural,
    kind,
    singularName: names.singular || kind.toLowerCase(),
    namespaced: scope === 'Namespaced',
    shortNames: names.shortNames ?? [],
    categories: names.categories ?? [],
    verbs: VERBS,
    subresources,
    etcdPrefix: `${group}/${names.plural}`,
    storageVersion: { group, version: storage },
    custom,
  };
}

/** The storage version's name. */
export const storageVersionOf = (crd: KObject): string =>
  (crd.spec.versions as KObject[]).find((v) => v.storage)?.name ?? crd.spec.versions[0].name;

/** The resources a CRD serves (served versions, preferred first). */
export function servedInfos(crd: KObject): ResourceInfo[] {
  const storage = storageVersionOf(crd);
  return (crd.spec.versions as KObject[])
    .filter((v) => v.served)
    .sort((a, b) => compareKubeVersions(a.name, b.name))
    .map((v) => infoOf(crd, v, storage));
}

/** The resource as its storage version describes it: what the store is built on. */
export function storageInfo(crd: KObject): ResourceInfo {
  const storage = storageVersionOf(crd);
  return infoOf(
    crd,
    (crd.spec.versions as KObject[]).find((v) => v.name === storage)!,
    storage,
  );
}
