/**
 * apiextensions.k8s.io/v1 CustomResourceDefinitions, as upstream's
 * `ValidateCustomResourceDefinition` checks them — the required fields and the obvious rules: the
 * name is `<plural>.<group>`, names are DNS-1035 labels, a scope, unique versions with exactly one
 * storage version, each with a schema whose root is an object. The structural-schema rules beyond
 * that are not checked.
 */
import { fieldErrors } from '../../machinery/field-errors.js';
import { isDNS1035Label, isDNS1123Subdomain, nameIsDNSSubdomain } from '../../machinery/validation/names.js';
import { validateObjectMeta, validateObjectMetaUpdate } from '../../machinery/validation/object-meta.js';
import { type Errs, type Obj, bool, obj, objList, objectMeta, optObj, str, strList } from './util.js';

function names(n: Obj, errs: Errs): void {
  const p = 'spec.names';
  for (const f of ['plural', 'singular', 'kind', 'listKind']) {
    if (!str(n[f], `${p}.${f}`, errs)) errs.push(fieldErrors.required(`${p}.${f}`));
  }
  for (const f of ['plural', 'singular']) {
    const v = str(n[f]);
    const msgs = isDNS1035Label(v);
    if (v && msgs.length) errs.push(fieldErrors.invalid(`${p}.${f}`, v, msgs.join(',')));
  }
  for (const f of ['kind', 'listKind']) {
    const v = str(n[f]);
    const msgs = isDNS1035Label(v.toLowerCase());
    if (v && msgs.length)
      errs.push(
        fieldErrors.invalid(`${p}.${f}`, v, `may have mixed case, but should otherwise match: ${msgs.join(',')}`),
      );
  }
  strList(n.shortNames, `${p}.shortNames`, errs).forEach((s, i) => {
    const msgs = isDNS1035Label(s);
    if (msgs.length) errs.push(fieldErrors.invalid(`${p}.shortNames[${i}]`, s, msgs.join(',')));
  });
  if (str(n.kind) && str(n.kind) === str(n.listKind)) {
    errs.push(fieldErrors.invalid(`${p}.listKind`, str(n.listKind), 'kind and listKind may not be the same'));
  }
  strList(n.categories, `${p}.categories`, errs).forEach((c, i) => {
    const msgs = isDNS1035Label(c);
    if (msgs.length) errs.push(fieldErrors.invalid(`${p}.categories[${i}]`, c, msgs.join(',')));
  });
}

function versions(spec: Obj, errs: Errs): void {
  const list = objList(spec.versions, 'spec.versions', errs);
  let storage = 0;
  const seen = new Set<string>();
  let unique = true;
  for (const [v, i] of list) {
    const p = `spec.versions[${i}]`;
    const name = str(v.name, `${p}.name`, errs);
    if (bool(v.storage, `${p}.storage`, errs) === true) storage++;
    if (seen.has(name)) unique = false;
    seen.add(name);
    const msgs = isDNS1035Label(name);
    if (msgs.length) errs.push(fieldErrors.invalid(`${p}.name`, name, msgs.join(',')));
    const schema = optObj(obj(v.schema, `${p}.schema`, errs).openAPIV3Schema, `${p}.schema.openAPIV3Schema`, errs);
    if (!schema) errs.push(fieldErrors.required(`${p}.schema.openAPIV3Schema`, 'schemas are required'));
    else {
      const type = str(schema.type);
      if (!type) errs.push(fieldErrors.required(`${p}.schema.openAPIV3Schema.type`, 'must not be empty at the root'));
      else if (type !== 'object')
        errs.push(fieldErrors.invalid(`${p}.schema.openAPIV3Schema.type`, type, 'must be object at the root'));
    }
  }
  if (list.length === 0)
    errs.push(fieldErrors.required('spec.versions', 'must have exactly one version marked as storage version'));
  if (!unique) errs.push(fieldErrors.invalid('spec.versions', spec.versions, 'must contain unique version names'));
  if (list.length > 0 && storage !== 1)
    errs.push(
      fieldErrors.invalid('spec.versions', spec.versions, 'must have exactly one version marked as storage version'),
    );
}

function crdSpec(crd: Obj, errs: Errs): void {
  const spec = obj(crd.spec, 'spec', errs);
  const group = str(spec.group, 'spec.group', errs);
  if (!group) errs.push(fieldErrors.required('spec.group'));
  else {
    const msgs = isDNS1123Subdomain(group);
    if (msgs.length) errs.push(fieldErrors.invalid('spec.group', group, msgs.join(',')));
    else if (group.split('.').length < 2)
      errs.push(fieldErrors.invalid('spec.group', group, 'should be a domain with at least one dot'));
  }
  const scope = str(spec.scope, 'spec.scope', errs);
  if (!scope) errs.push(fieldErrors.required('spec.scope'));
  else if (scope !== 'Cluster' && scope !== 'Namespaced')
    errs.push(fieldErrors.notSupported('spec.scope', scope, ['Cluster', 'Namespaced']));
  names(obj(spec.names, 'spec.names', errs), errs);
  versions(spec, errs);
  const conversion = optObj(spec.conversion, 'spec.conversion', errs);
  if (conversion) {
    const strategy = str(conversion.strategy, 'spec.conversion.strategy', errs);
    if (strategy !== 'None' && strategy !== 'Webhook')
      errs.push(fieldErrors.notSupported('spec.conversion.strategy', strategy, ['None', 'Webhook']));
    if (strategy === 'Webhook' && !optObj(conversion.webhook))
      errs.push(fieldErrors.required('spec.conversion.webhook', 'required when strategy is set to Webhook'));
  }
}

/** Upstream's `ValidateCustomResourceDefinition`. */
export function validateCustomResourceDefinition(crd: Obj): Errs {
  const errs: Errs = [];
  const spec = obj(crd.spec);
  const required = `${str(obj(spec.names).plural)}.${str(spec.group)}`;
  errs.push(
    ...validateObjectMeta(objectMeta(crd.metadata, 'metadata', errs), {
      namespaced: false,
      nameValidator: (name, prefix) => [
        ...nameIsDNSSubdomain(name, prefix),
        ...(name !== required ? ['must be spec.names.plural+"."+spec.group'] : []),
      ],
    }),
  );
  crdSpec(crd, errs);
  return errs;
}

/** Upstream's `ValidateCustomResourceDefinitionUpdate` (scope is immutable). */
export function validateCustomResourceDefinitionUpdate(crd: Obj, old: Obj): Errs {
  const errs = validateObjectMetaUpdate(objectMeta(crd.metadata), objectMeta(old.metadata));
  const scope = str(obj(crd.spec).scope);
  if (scope !== str(obj(old.spec).scope)) errs.push(fieldErrors.invalid('spec.scope', scope, 'field is immutable'));
  crdSpec(crd, errs);
  return errs;
}
