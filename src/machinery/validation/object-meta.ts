/**
 * ObjectMeta validation on create and update, as upstream's `ValidateObjectMetaAccessor` and
 * `ValidateObjectMetaAccessorUpdate` (`k8s.io/apimachinery/pkg/api/validation/objectmeta.go`), with
 * the finalizer-name rule built-in kinds add (`pkg/apis/core/validation` `ValidateObjectMeta`).
 * managedFields are not checked here.
 */
import type { ObjectMeta } from 'kubernetes-types/meta/v1.js';
import { FieldError, fieldErrors, printed } from '../field-errors.js';
import { validateLabels } from '../label-selector.js';
import {
  validateAnnotations,
  validateFinalizers,
  validateKubeFinalizerName,
  validateNoNewFinalizers,
  validateNonnegativeField,
  validateOwnerReferences,
} from './meta-fields.js';
import { nameIsDNSSubdomain, type NameValidator, validateNamespaceName } from './names.js';

/** How a kind's metadata is checked. */
export interface ObjectMetaOptions {
  /** Whether the kind lives in a namespace (namespace required) or not (namespace forbidden). */
  namespaced: boolean;
  /** The kind's name rule; DNS-1123 subdomain (most kinds) when absent. */
  nameValidator?: NameValidator;
  /**
   * Whether unqualified finalizers must be standard ones (`kubernetes`, `orphan`,
   * `foregroundDeletion`), as for built-in kinds; custom resources only warn, so pass false. Default
   * true.
   */
  standardFinalizers?: boolean;
}

/**
 * Upstream's `ValidateObjectMetaAccessor` (plus the built-in finalizer rule): generateName and name
 * by the kind's rule (`metadata.name: Required value: name or generateName is required`), namespace
 * by scope, generation, labels, annotations, owner references, finalizers. Call it after the name
 * has been generated.
 */
export function validateObjectMeta(
  meta: ObjectMeta | undefined,
  opts: ObjectMetaOptions,
  path = 'metadata',
): FieldError[] {
  const m = meta ?? {};
  const nameFn = opts.nameValidator ?? nameIsDNSSubdomain;
  const errs: FieldError[] = [];
  if (m.generateName) {
    for (const msg of nameFn(m.generateName, true)) {
      errs.push(fieldErrors.invalid(`${path}.generateName`, m.generateName, msg));
    }
  }
  if (!m.name) errs.push(fieldErrors.required(`${path}.name`, 'name or generateName is required'));
  else for (const msg of nameFn(m.name, false)) errs.push(fieldErrors.invalid(`${path}.name`, m.name, msg));
  if (opts.namespaced) {
    if (!m.namespace) errs.push(fieldErrors.required(`${path}.namespace`));
    else {
      for (const msg of validateNamespaceName(m.namespace, false)) {
        errs.push(fieldErrors.invalid(`${path}.namespace`, m.namespace, msg));
      }
    }
  } else if (m.namespace) errs.push(fieldErrors.forbidden(`${path}.namespace`, 'not allowed on this type'));
  errs.push(...validateNonnegativeField(m.generation ?? 0, `${path}.generation`));
  errs.push(...validateLabels(m.labels, `${path}.labels`));
  errs.push(...validateAnnotations(m.annotations, `${path}.annotations`));
  errs.push(...validateOwnerReferences(m.ownerReferences, `${path}.ownerReferences`));
  errs.push(...validateFinalizers(m.finalizers, `${path}.finalizers`));
  if (opts.standardFinalizers !== false) errs.push(...kubeFinalizerErrors(m, path));
  return errs;
}

function kubeFinalizerErrors(m: ObjectMeta, path: string): FieldError[] {
  return (m.finalizers ?? []).flatMap((f, i) => validateKubeFinalizerName(f, `${path}.finalizers[${i}]`));
}

// Go's zero time.Time, 0001-01-01T00:00:00Z, in Unix milliseconds.
const ZERO_TIME = -62135596800000;

/** A metav1.Time as an instant, absent being Go's zero time. */
function instant(t: string | undefined): number {
  if (t === undefined || t === '') return ZERO_TIME;
  const ms = Date.parse(t);
  return Number.isNaN(ms) ? ZERO_TIME : ms;
}

/** Go's `time.Time.String()` of a metav1.Time, in UTC: `2024-01-02 03:04:05 +0000 UTC`. */
export function goTimeString(t: string | undefined): string {
  const d = new Date(instant(t));
  const pad = (n: number, w = 2) => String(n).padStart(w, '0');
  const frac = /\.(\d+)/.exec(t ?? '')?.[1]?.replace(/0+$/, '');
  return (
    `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ` +
    `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}${frac ? `.${frac}` : ''} +0000 UTC`
  );
}

const immutable = (path: string, value: unknown) => fieldErrors.invalid(path, value, 'field is immutable');

/**
 * Upstream's `ValidateObjectMetaAccessorUpdate` (plus the built-in finalizer rule): no finalizer
 * added while deleting, resourceVersion present (`must be specified for an update`; the apiserver
 * fills it in first for unconditional updates), generation not decremented, name, namespace, uid,
 * creationTimestamp, deletionTimestamp and deletionGracePeriodSeconds unchanged (`field is
 * immutable`), and the new labels, annotations and owner references valid.
 */
export function validateObjectMetaUpdate(
  newMeta: ObjectMeta | undefined,
  oldMeta: ObjectMeta | undefined,
  path = 'metadata',
  opts: Pick<ObjectMetaOptions, 'standardFinalizers'> = {},
): FieldError[] {
  const n = newMeta ?? {};
  const o = oldMeta ?? {};
  const errs: FieldError[] = [];
  if (o.deletionTimestamp) errs.push(...validateNoNewFinalizers(n.finalizers, o.finalizers, `${path}.finalizers`));
  if (!n.resourceVersion) {
    errs.push(
      fieldErrors.invalid(`${path}.resourceVersion`, n.resourceVersion ?? '', 'must be specified for an update'),
    );
  }
  if ((n.generation ?? 0) < (o.generation ?? 0)) {
    errs.push(fieldErrors.invalid(`${path}.generation`, n.generation ?? 0, 'must not be decremented'));
  }
  if ((n.name ?? '') !== (o.name ?? '')) errs.push(immutable(`${path}.name`, n.name ?? ''));
  if ((n.namespace ?? '') !== (o.namespace ?? '')) errs.push(immutable(`${path}.namespace`, n.namespace ?? ''));
  if ((n.uid ?? '') !== (o.uid ?? '')) errs.push(immutable(`${path}.uid`, n.uid ?? ''));
  if (instant(n.creationTimestamp) !== instant(o.creationTimestamp)) {
    errs.push(immutable(`${path}.creationTimestamp`, printed(goTimeString(n.creationTimestamp))));
  }
  const nd = n.deletionTimestamp;
  const od = o.deletionTimestamp;
  if ((nd === undefined) !== (od === undefined) || (nd !== undefined && instant(nd) !== instant(od))) {
    errs.push(immutable(`${path}.deletionTimestamp`, nd === undefined ? null : printed(goTimeString(nd))));
  }
  if ((n.deletionGracePeriodSeconds ?? null) !== (o.deletionGracePeriodSeconds ?? null)) {
    errs.push(immutable(`${path}.deletionGracePeriodSeconds`, n.deletionGracePeriodSeconds ?? null));
  }
  errs.push(...validateLabels(n.labels, `${path}.labels`));
  errs.push(...validateAnnotations(n.annotations, `${path}.annotations`));
  errs.push(...validateOwnerReferences(n.ownerReferences, `${path}.ownerReferences`));
  if (opts.standardFinalizers !== false) errs.push(...kubeFinalizerErrors(n, path));
  return errs;
}

/**
 * What upstream's `rest.BeforeUpdate` restores before validating an update, so that clients need
 * not send them: generation (the strategy bumps it afterwards), uid when absent, creationTimestamp,
 * deletionTimestamp once set, and deletionGracePeriodSeconds once set if the new object has none.
 * Mutates and returns newMeta.
 */
export function keepSystemFieldsOnUpdate(newMeta: ObjectMeta, oldMeta: ObjectMeta): ObjectMeta {
  // kubernetes-types marks these read-only for clients; the server is the one that sets them.
  const m = newMeta as { -readonly [K in keyof ObjectMeta]: ObjectMeta[K] };
  if (oldMeta.generation === undefined) delete m.generation;
  else m.generation = oldMeta.generation;
  if (!m.uid && oldMeta.uid) m.uid = oldMeta.uid;
  if (oldMeta.creationTimestamp) m.creationTimestamp = oldMeta.creationTimestamp;
  if (oldMeta.deletionTimestamp) m.deletionTimestamp = oldMeta.deletionTimestamp;
  if (oldMeta.deletionGracePeriodSeconds !== undefined && m.deletionGracePeriodSeconds === undefined) {
    m.deletionGracePeriodSeconds = oldMeta.deletionGracePeriodSeconds;
  }
  return newMeta;
}
