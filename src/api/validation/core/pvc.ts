/**
 * PersistentVolumeClaim specs, as upstream's `ValidatePersistentVolumeClaimSpec` checks them for
 * claims, claim templates (generic ephemeral volumes) and StatefulSet volume claim templates.
 */
import { fieldErrors } from '../../../machinery/field-errors.js';
import { validateLabelSelector, validateLabels } from '../../../machinery/label-selector.js';
import { validateAnnotations } from '../../../machinery/validation/meta-fields.js';
import { isDNS1123Subdomain, nameIsDNSSubdomain, validateNamespaceName } from '../../../machinery/validation/names.js';
import { type Errs, type Obj, labelSelector, obj, optObj, optStr, str, strList, strMap } from '../util.js';
import { quantity, validatePositiveQuantity, validateResourceQuantityValue } from './resources.js';

/** The access modes a volume or claim may ask for (sorted, as upstream lists them). */
export const ACCESS_MODES = ['ReadOnlyMany', 'ReadWriteMany', 'ReadWriteOnce', 'ReadWriteOncePod'];
/** The volume modes. */
export const VOLUME_MODES = ['Block', 'Filesystem'];

/** Upstream's access mode checks, shared by volumes and claims. */
export function validateAccessModes(modes: string[], path: string, errs: Errs): void {
  let rwop = false;
  let other = false;
  for (const mode of modes) {
    if (!ACCESS_MODES.includes(mode)) errs.push(fieldErrors.notSupported(path, mode, ACCESS_MODES));
    if (mode === 'ReadWriteOncePod') rwop = true;
    else if (ACCESS_MODES.includes(mode)) other = true;
  }
  if (rwop && other) errs.push(fieldErrors.forbidden(path, 'may not use ReadWriteOncePod with other access modes'));
}

/** Upstream's `ValidateClassName` at a path. */
export function validateClassName(name: string, path: string, errs: Errs): void {
  for (const m of nameIsDNSSubdomain(name, false)) errs.push(fieldErrors.invalid(path, name, m));
}

function validateDataSource(ds: Obj, path: string, ref: boolean, errs: Errs): void {
  if (!str(ds.name, `${path}.name`, errs)) errs.push(fieldErrors.required(`${path}.name`));
  const kind = str(ds.kind, `${path}.kind`, errs);
  if (!kind) errs.push(fieldErrors.required(`${path}.kind`));
  const apiGroup = str(ds.apiGroup, `${path}.apiGroup`, errs);
  if (!apiGroup && kind !== 'PersistentVolumeClaim') {
    errs.push(fieldErrors.invalid(path, kind, "must be 'PersistentVolumeClaim' when referencing the default apiGroup"));
  }
  if (apiGroup)
    for (const m of isDNS1123Subdomain(apiGroup)) errs.push(fieldErrors.invalid(`${path}.apiGroup`, apiGroup, m));
  const ns = ref ? str(ds.namespace, `${path}.namespace`, errs) : '';
  if (ns) for (const m of validateNamespaceName(ns, false)) errs.push(fieldErrors.invalid(`${path}.namespace`, ns, m));
}

/** Upstream's `ValidatePersistentVolumeClaimSpec`. */
export function validatePersistentVolumeClaimSpec(v: unknown, path: string, errs: Errs): void {
  const spec = obj(v, path, errs);
  const modes = strList(spec.accessModes, `${path}.accessModes`, errs);
  if (modes.length === 0) errs.push(fieldErrors.required(`${path}.accessModes`, 'at least 1 access mode is required'));
  const selector = labelSelector(spec.selector, `${path}.selector`, errs);
  if (selector) errs.push(...validateLabelSelector(selector, `${path}.selector`));
  validateAccessModes(modes, `${path}.accessModes`, errs);
  const resources = obj(spec.resources, `${path}.resources`, errs);
  const requests = obj(resources.requests, `${path}.resources.requests`, errs);
  const storagePath = `${path}.resources[storage]`;
  if (!('storage' in requests)) errs.push(fieldErrors.required(storagePath));
  else {
    const q = quantity(requests.storage, `${path}.resources.requests[storage]`, errs);
    if (q && validatePositiveQuantity(q, storagePath, errs))
      validateResourceQuantityValue('storage', q, storagePath, errs);
  }
  const scn = optStr(spec.storageClassName, `${path}.storageClassName`, errs);
  if (scn) validateClassName(scn, `${path}.storageClassName`, errs);
  const mode = optStr(spec.volumeMode, `${path}.volumeMode`, errs);
  if (mode !== undefined && !VOLUME_MODES.includes(mode)) {
    errs.push(fieldErrors.notSupported(`${path}.volumeMode`, mode, VOLUME_MODES));
  }
  const ds = optObj(spec.dataSource, `${path}.dataSource`, errs);
  const dsr = optObj(spec.dataSourceRef, `${path}.dataSourceRef`, errs);
  if (ds) validateDataSource(ds, `${path}.dataSource`, false, errs);
  if (dsr) validateDataSource(dsr, `${path}.dataSourceRef`, true, errs);
  if (dsr && str(dsr.namespace)) {
    if (ds)
      errs.push(
        fieldErrors.invalid(
          path,
          `${path}.dataSource`,
          'may not be specified when dataSourceRef.namespace is specified',
        ),
      );
  } else if (ds && dsr) {
    if (str(ds.apiGroup) !== str(dsr.apiGroup) || str(ds.kind) !== str(dsr.kind) || str(ds.name) !== str(dsr.name)) {
      errs.push(fieldErrors.invalid(path, `${path}.dataSource`, 'must match dataSourceRef'));
    }
  }
}

/**
 * Upstream's `ValidateTemplateObjectMeta`: labels and annotations are checked, every other metadata
 * field is refused (`cannot be set`).
 */
export function validateTemplateObjectMeta(v: unknown, path: string, errs: Errs): void {
  const meta = obj(v, path, errs);
  errs.push(...validateAnnotations(strMap(meta.annotations, `${path}.annotations`, errs), `${path}.annotations`));
  errs.push(...validateLabels(strMap(meta.labels, `${path}.labels`, errs), `${path}.labels`));
  for (const [k, val] of Object.entries(meta)) {
    if (k === 'labels' || k === 'annotations' || val === undefined || val === null) continue;
    if (val === '' || val === 0 || (Array.isArray(val) && val.length === 0)) continue;
    errs.push(fieldErrors.forbidden(`${path}.${k}`, 'cannot be set'));
  }
}

/** Upstream's `ValidatePersistentVolumeClaimTemplate`. */
export function validatePersistentVolumeClaimTemplate(v: unknown, path: string, errs: Errs): void {
  const t = obj(v, path, errs);
  validateTemplateObjectMeta(t.metadata, `${path}.metadata`, errs);
  validatePersistentVolumeClaimSpec(t.spec, `${path}.spec`, errs);
}
