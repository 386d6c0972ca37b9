/**
 * The v1 → internal step upstream's CRD validation runs on. Upstream validates the internal
 * apiextensions type, into which v1 converts by moving per-version schemas, subresources, printer
 * columns and selectable fields that are identical in every version up to the spec
 * (`spec.validation`, `spec.subresources`…). That is why a single-version CRD's schema errors read
 * `spec.validation.openAPIV3Schema…` and a multi-version one's `spec.versions[1].schema.openAPIV3Schema…`.
 * Also v1's defaults and the strategy's create/update preparation.
 */
import type { GoVersion } from './go-values.js';
import type { InternalConversion } from './crd-parts.js';
import type {
  CustomResourceColumnDefinition,
  CustomResourceDefinition,
  CustomResourceDefinitionNames,
  CustomResourceSubresources,
  CustomResourceValidation,
  SelectableField,
} from './types.js';
import { isJsonObject } from './types.js';

/** One version of the internal spec. */
export interface InternalVersion extends Omit<GoVersion, 'hasSchema' | 'hasSubresources'> {
  schema?: CustomResourceValidation;
  subresources?: CustomResourceSubresources;
}

/** The internal CRD spec. */
export interface InternalSpec {
  group: string;
  names: Partial<CustomResourceDefinitionNames>;
  scope: string;
  version: string;
  versions: InternalVersion[];
  validation?: CustomResourceValidation;
  subresources?: CustomResourceSubresources;
  additionalPrinterColumns?: CustomResourceColumnDefinition[];
  selectableFields?: SelectableField[];
  conversion?: InternalConversion;
  preserveUnknownFields: boolean;
}

/**
 * apiequality.Semantic.DeepEqual on JSON: absent, null, false, "" and empty lists are equal, as Go's
 * zero values and nil and empty slices are there; an empty object is not absent (it stands for a non-nil pointer, such as
 * `status: {}` of subresources).
 */
export function semanticEqual(a: unknown, b: unknown): boolean {
  const none = (v: unknown) =>
    v === undefined || v === null || v === false || v === '' || (Array.isArray(v) && v.length === 0);
  if (none(a) || none(b)) return none(a) && none(b);
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => semanticEqual(x, b[i]));
  if (isJsonObject(a) && isJsonObject(b)) {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    return [...keys].every((k) => semanticEqual(a[k], b[k]));
  }
  return a === b;
}

/** The internal spec of a v1 CRD, with identical per-version fields moved to the spec. */
export function toInternalSpec(crd: CustomResourceDefinition): InternalSpec {
  const spec = crd.spec ?? ({} as CustomResourceDefinition['spec']);
  const versions: InternalVersion[] = (spec.versions ?? []).map((v) => ({ ...v }));
  const out: InternalSpec = {
    group: spec.group ?? '',
    names: { ...(spec.names ?? {}) },
    scope: spec.scope ?? '',
    version: versions[0]?.name ?? '',
    versions,
    preserveUnknownFields: spec.preserveUnknownFields === true,
  };
  if (spec.conversion) {
    out.conversion = {
      strategy: spec.conversion.strategy,
      webhookClientConfig: spec.conversion.webhook?.clientConfig,
      conversionReviewVersions: spec.conversion.webhook?.conversionReviewVersions,
    };
  }
  if (versions.length === 0) return out;
  const same = (f: 'schema' | 'subresources' | 'additionalPrinterColumns' | 'selectableFields') =>
    versions.every((v) => semanticEqual(v[f], versions[0][f]));
  const [schema, subresources, columns, fields] = [
    same('schema'),
    same('subresources'),
    same('additionalPrinterColumns'),
    same('selectableFields'),
  ];
  if (subresources) out.subresources = versions[0].subresources;
  if (schema) out.validation = versions[0].schema;
  if (columns) out.additionalPrinterColumns = versions[0].additionalPrinterColumns;
  if (schema && fields) out.selectableFields = versions[0].selectableFields;
  for (const v of versions) {
    if (subresources) delete v.subresources;
    if (schema) delete v.schema;
    if (columns) delete v.additionalPrinterColumns;
    if (schema && fields) delete v.selectableFields;
  }
  return out;
}

/** The internal versions as `spec.versions` errors print them. */
export const goVersionsOf = (versions: readonly InternalVersion[]): GoVersion[] =>
  versions.map((v) => ({ ...v, hasSchema: v.schema !== undefined, hasSubresources: v.subresources !== undefined }));

/**
 * apiextensions.k8s.io/v1 defaulting, in place: singular (the lowercased kind), listKind
 * (`<kind>List`), conversion strategy None, webhook service port 443, and storedVersions (the
 * storage version) when empty.
 */
export function defaultCustomResourceDefinition(crd: CustomResourceDefinition): CustomResourceDefinition {
  const spec = crd.spec;
  if (!spec) return crd;
  if (spec.names) {
    if (!spec.names.singular && spec.names.kind) spec.names.singular = spec.names.kind.toLowerCase();
    if (!spec.names.listKind && spec.names.kind) spec.names.listKind = `${spec.names.kind}List`;
  }
  spec.conversion ??= { strategy: 'None' };
  const svc = spec.conversion.webhook?.clientConfig?.service;
  if (svc && svc.port === undefined) svc.port = 443;
  if (!crd.status?.storedVersions?.length) {
    const storage = (spec.versions ?? []).find((v) => v.storage);
    if (storage) crd.status = { ...(crd.status ?? {}), storedVersions: [storage.name] };
  }
  return crd;
}

function addStorageVersion(crd: CustomResourceDefinition): void {
  const storage = (crd.spec?.versions ?? []).find((v) => v.storage);
  if (!storage) return;
  const stored = crd.status?.storedVersions ?? [];
  if (!stored.includes(storage.name)) crd.status = { ...(crd.status ?? {}), storedVersions: [...stored, storage.name] };
}

/** The strategy's PrepareForCreate, in place: status cleared but for the storage version, generation 1. */
export function prepareCustomResourceDefinitionForCreate(crd: CustomResourceDefinition): CustomResourceDefinition {
  crd.status = {};
  crd.metadata = { ...(crd.metadata ?? {}), generation: 1 };
  addStorageVersion(crd);
  return crd;
}

/**
 * The strategy's PrepareForUpdate, in place: status kept from old, generation bumped when the spec
 * changed, the storage version added to storedVersions.
 */
export function prepareCustomResourceDefinitionForUpdate(
  crd: CustomResourceDefinition,
  old: CustomResourceDefinition,
): CustomResourceDefinition {
  crd.status = structuredClone(old.status ?? {});
  const generation = old.metadata?.generation ?? 0;
  crd.metadata = {
    ...(crd.metadata ?? {}),
    generation: semanticEqual(crd.spec, old.spec) ? generation : generation + 1,
  };
  addStorageVersion(crd);
  return crd;
}
