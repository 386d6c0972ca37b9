/**
 * The bridge from client-side to server-side apply for the `kubectl` manager
 * (apimachinery's `lastappliedmanager.go` and `lastappliedupdater.go`): fields recorded in the
 * `kubectl.kubernetes.io/last-applied-configuration` annotation that still hold the recorded
 * value may be taken over without a conflict, and an apply keeps that annotation current.
 */
import { isJsonObject } from '../patch/json-values.js';
import type { ApplySchema } from './apply-schema.js';
import { goJson } from './field-path.js';
import type { FieldSet } from './field-set.js';
import { compareObjects } from './merge.js';
import { toFieldSet } from './to-field-set.js';
import { validateValue } from './typed-value.js';

/** The annotation client-side apply records its configuration in. */
export const LAST_APPLIED_ANNOTATION = 'kubectl.kubernetes.io/last-applied-configuration';

/** The manager name whose applies use the annotation (kubectl's default for `apply --server-side`). */
export const KUBECTL_MANAGER = 'kubectl';

const annotationsOf = (obj: unknown): Record<string, unknown> | undefined => {
  const meta = isJsonObject(obj) ? obj.metadata : undefined;
  const annotations = isJsonObject(meta) ? meta.annotations : undefined;
  return isJsonObject(annotations) ? annotations : undefined;
};

/** The annotation's value when the object carries a non-empty one. */
export function lastAppliedOf(obj: unknown): string | undefined {
  const v = annotationsOf(obj)?.[LAST_APPLIED_ANNOTATION];
  return typeof v === 'string' && v !== '' ? v : undefined;
}

/**
 * The fields the last client-side apply set that the live object still holds unchanged
 * (`allowedConflictsFromLastApplied`); `undefined` when there is no usable annotation.
 */
export function allowedConflictsFromLastApplied(
  live: unknown,
  apiVersion: string,
  schema: ApplySchema,
): FieldSet | undefined {
  const text = lastAppliedOf(live);
  if (text === undefined) return undefined;
  let lastApplied: unknown;
  try {
    lastApplied = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (!isJsonObject(lastApplied) || lastApplied.apiVersion !== apiVersion) return undefined;
  if (validateValue(lastApplied, schema, false).length > 0) return undefined;
  const set = toFieldSet(lastApplied, schema);
  const c = compareObjects(lastApplied, live, schema);
  return set.difference(c.modified).difference(c.added).difference(c.removed);
}

/**
 * The annotation's new value after an apply (`buildLastApplied`): the applied configuration
 * without the annotation itself, as Go's JSON encoder writes it (keys sorted, newline-terminated).
 */
export function buildLastApplied(config: Record<string, unknown>): string {
  const copy: Record<string, unknown> = { ...config };
  const meta = config.metadata;
  if (isJsonObject(meta) && isJsonObject(meta.annotations)) {
    const annotations = { ...meta.annotations };
    delete annotations[LAST_APPLIED_ANNOTATION];
    copy.metadata = { ...meta, annotations };
  }
  return `${goJson(copy)}\n`;
}

/** Sets the annotation on `obj` (which the caller owns). */
export function setLastApplied(obj: Record<string, unknown>, value: string): void {
  const annotations = annotationsOf(obj);
  if (annotations) annotations[LAST_APPLIED_ANNOTATION] = value;
}
