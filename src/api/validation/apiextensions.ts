/**
 * apiextensions.k8s.io/v1 CustomResourceDefinitions, validated as upstream's
 * `ValidateCustomResourceDefinition` does (src/api/crd/), with the `x-kubernetes-validations`
 * rules compiled by our CEL (src/machinery/cel/) so that a rule that does not compile makes the
 * CRD Invalid.
 */
import { fieldErrors, type FieldError } from '../../machinery/field-errors.js';
import { compileRule } from '../../machinery/cel/index.js';
import * as crd from '../crd/index.js';
import { isObj, obj, objList, optObj } from './util.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Obj = Record<string, any>;

/** A rule's compile error, or undefined; a rule at a resource root may use apiVersion, kind and metadata. */
function ruleError(rule: string, schema: object): { detail: string } | undefined {
  const first = compileRule({ rule }, schema);
  if (!('error' in first) || first.field !== 'rule') return undefined;
  // The callback is not told whether the node is a resource root: a rule that compiles as one passes.
  const asRoot = compileRule({ rule }, schema, { isResourceRoot: true });
  return 'error' in asRoot && asRoot.field === 'rule' ? { detail: first.error } : undefined;
}

function messageExpressionError(expression: string, schema: object): { detail: string } | undefined {
  const r = compileRule({ rule: 'true', messageExpression: expression }, schema);
  return 'error' in r && r.field === 'messageExpression' ? { detail: r.error } : undefined;
}

const CEL = { compileRule: ruleError, compileMessageExpression: messageExpressionError };

/**
 * Fields of the wrong JSON type, which upstream's decoder refuses before validation and the CRD
 * validation (written for the typed form) must not see.
 */
function shapeErrors(o: Obj): FieldError[] {
  const errs: FieldError[] = [];
  if (!isObj(o)) return [fieldErrors.typeInvalid('', o, 'must be of type object')];
  optObj(o.metadata, 'metadata', errs);
  const spec = obj(o.spec, 'spec', errs);
  optObj(spec.names, 'spec.names', errs);
  optObj(spec.conversion, 'spec.conversion', errs);
  for (const [v, i] of objList(spec.versions, 'spec.versions', errs)) {
    const schema = optObj(v.schema, `spec.versions[${i}].schema`, errs);
    optObj(schema?.openAPIV3Schema, `spec.versions[${i}].schema.openAPIV3Schema`, errs);
    optObj(v.subresources, `spec.versions[${i}].subresources`, errs);
    objList(v.additionalPrinterColumns, `spec.versions[${i}].additionalPrinterColumns`, errs);
  }
  optObj(o.status, 'status', errs);
  return errs;
}

export function validateCustomResourceDefinition(o: Obj): FieldError[] {
  const shape = shapeErrors(o);
  return shape.length ? shape : crd.validateCustomResourceDefinition(o as crd.CustomResourceDefinition, CEL);
}

export function validateCustomResourceDefinitionUpdate(o: Obj, old: Obj): FieldError[] {
  const shape = shapeErrors(o);
  if (shape.length) return shape;
  // A stored CRD is well formed; anything else is judged as a create.
  if (shapeErrors(old).length) return crd.validateCustomResourceDefinition(o as crd.CustomResourceDefinition, CEL);
  return crd.validateCustomResourceDefinitionUpdate(
    o as crd.CustomResourceDefinition,
    old as crd.CustomResourceDefinition,
    CEL,
  );
}
