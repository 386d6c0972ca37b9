/**
 * Upstream's `defaulting.ValidateDefaults`: every `default` in a CRD schema must validate against
 * the schema it sits in (`…properties[replicas].default: Invalid value: "string":  in body must be
 * of type integer: "string"` — kube-openapi names the default's root with an empty name), must not
 * carry fields pruning would drop (`must not have unknown fields`), and must keep embedded
 * resources and their metadata valid.
 */
import { type FieldError, fieldErrors, aggregate } from '../../machinery/field-errors.js';
import { badValue } from './go-values.js';
import { coerceEmbeddedError, validateEmbeddedResources } from './objectmeta.js';
import { validateAgainstSchema } from './openapi-errors.js';
import { child, key } from './paths.js';
import { pruneUnknownFields } from './pruning.js';
import type { JSONSchemaProps } from './types.js';

type Step = { k: string } | { i: true };

const META = new Set(['metadata', 'apiVersion', 'kind']);
const present = (v: unknown) => v !== undefined && v !== null;
const isEmbedded = (s: JSONSchemaProps) => s['x-kubernetes-embedded-resource'] === true;

function jsonEqual(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** The default placed where it applies inside an otherwise empty embedded object. */
function surround(value: unknown, steps: readonly Step[]): Record<string, unknown> {
  let v: unknown = value;
  for (let j = steps.length - 1; j >= 0; j--) {
    const st = steps[j];
    v = 'i' in st ? [v] : { [st.k]: v };
  }
  return { apiVersion: 'validation/v1', kind: 'Validation', ...(v as Record<string, unknown>) };
}

function check(
  path: string,
  s: JSONSchemaProps,
  root: JSONSchemaProps,
  steps: Step[],
  insideMeta: boolean,
  requirePruned: boolean,
  errs: FieldError[],
): void {
  if (isEmbedded(s)) {
    insideMeta = false;
    steps = [];
    root = s;
  }
  if (present(s.default)) {
    const dPath = child(path, 'default');
    const plain = { stripUnsupportedFormats: false };
    if (insideMeta) {
      const obj = surround(structuredClone(s.default), steps);
      const coerce = coerceEmbeddedError('', obj, root, true);
      const metaErrs = coerce ? [] : validateEmbeddedResources('', obj, root, true);
      if (coerce)
        errs.push(fieldErrors.invalid(dPath, badValue(s.default), `must result in valid metadata: ${coerce}`));
      else if (metaErrs.length) {
        errs.push(
          fieldErrors.invalid(dPath, badValue(s.default), `must result in valid metadata: ${aggregate(metaErrs)}`),
        );
      } else errs.push(...validateAgainstSchema(dPath, s.default, s, plain));
    } else {
      if (requirePruned) {
        const pruned = structuredClone(s.default);
        pruneUnknownFields(pruned, s, isEmbedded(s), false);
        if (!jsonEqual(pruned, s.default))
          errs.push(fieldErrors.invalid(dPath, badValue(s.default), 'must not have unknown fields'));
      }
      const coerce = coerceEmbeddedError(dPath, s.default, s, isEmbedded(s));
      const metaErrs = coerce ? [] : validateEmbeddedResources(dPath, s.default, s, isEmbedded(s));
      if (coerce) errs.push(coerce);
      else if (metaErrs.length) errs.push(...metaErrs);
      else errs.push(...validateAgainstSchema(dPath, s.default, s, plain));
    }
  }
  // Defaults under additionalProperties are forbidden elsewhere, so they are not followed.
  if (s.items && !Array.isArray(s.items)) {
    check(child(path, 'items'), s.items, root, [...steps, { i: true }], insideMeta, requirePruned, errs);
  }
  for (const [k, p] of Object.entries(s.properties ?? {})) {
    const subInside = insideMeta || (isEmbedded(s) && META.has(k));
    check(key(child(path, 'properties'), k), p, root, [...steps, { k }], subInside, requirePruned, errs);
  }
}

/** The default errors of a structural schema at path (its root is a resource root). */
export function validateDefaults(path: string, schema: JSONSchemaProps, requirePrunedDefaults: boolean): FieldError[] {
  const errs: FieldError[] = [];
  const root = isEmbedded(schema) ? schema : { ...schema, 'x-kubernetes-embedded-resource': true };
  check(path, root, root, [], false, requirePrunedDefaults, errs);
  return errs;
}
