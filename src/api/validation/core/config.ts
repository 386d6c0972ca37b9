/**
 * ConfigMaps, Secrets, Namespaces and ServiceAccounts, as upstream's `ValidateConfigMap`,
 * `ValidateSecret`, `ValidateNamespace`, `ValidateServiceAccount` and their update variants check
 * them.
 */
import { fieldErrors } from '../../../machinery/field-errors.js';
import { validateFinalizerName, validateKubeFinalizerName } from '../../../machinery/validation/meta-fields.js';
import { isConfigMapKey, nameIsDNSLabel } from '../../../machinery/validation/names.js';
import { validateObjectMeta, validateObjectMetaUpdate } from '../../../machinery/validation/object-meta.js';
import { type Errs, type Obj, bool, jsonEqual, obj, objectMeta, str, strList } from '../util.js';

/** Upstream's `MaxSecretSize`: 1 MiB, the limit of a Secret's data and a ConfigMap's contents. */
export const MAX_SECRET_SIZE = 1024 * 1024;

/** The bytes a base64 value decodes to (what Go sees in a []byte field). */
const base64Length = (v: string) => Buffer.from(v, 'base64').length;

/**
 * A []byte field's value must be standard base64 (Go's decoder refuses the body otherwise); the
 * error names the first offending byte, as `encoding/base64` does for a bad character. Secret
 * contents are never shown.
 */
function base64Value(v: unknown, path: string, errs: Errs, redact = false): string {
  const s = str(v, path, errs);
  const bad = s.search(/[^A-Za-z0-9+/=]/);
  const at =
    bad >= 0 ? bad : s.length % 4 !== 0 ? s.length - (s.length % 4) : s.search(/=[^=]/) >= 0 ? s.search(/=[^=]/) : -1;
  if (at >= 0) {
    errs.push(
      fieldErrors.invalid(path, redact ? '<secret contents redacted>' : s, `illegal base64 data at input byte ${at}`),
    );
  }
  return s;
}

function validKeys(data: Obj, path: string, errs: Errs): void {
  for (const key of Object.keys(data)) {
    for (const m of isConfigMapKey(key)) errs.push(fieldErrors.invalid(`${path}[${key}]`, key, m));
  }
}

/** Upstream's `ValidateConfigMap`. */
export function validateConfigMap(cm: Obj): Errs {
  const errs: Errs = [];
  errs.push(...validateObjectMeta(objectMeta(cm.metadata, 'metadata', errs), { namespaced: true }));
  const data = obj(cm.data, 'data', errs);
  const binary = obj(cm.binaryData, 'binaryData', errs);
  let total = 0;
  for (const [key, value] of Object.entries(data)) {
    for (const m of isConfigMapKey(key)) errs.push(fieldErrors.invalid(`data[${key}]`, key, m));
    if (key in binary) errs.push(fieldErrors.invalid(`data[${key}]`, key, 'duplicate of key present in binaryData'));
    total += Buffer.byteLength(str(value, `data[${key}]`, errs));
  }
  for (const [key, value] of Object.entries(binary)) {
    for (const m of isConfigMapKey(key)) errs.push(fieldErrors.invalid(`binaryData[${key}]`, key, m));
    total += base64Length(base64Value(value, `binaryData[${key}]`, errs));
  }
  if (total > MAX_SECRET_SIZE) errs.push(fieldErrors.tooLong('', '', MAX_SECRET_SIZE));
  return errs;
}

function immutableContents(n: Obj, o: Obj, fields: string[], errs: Errs): void {
  if (bool(o.immutable) !== true) return;
  if (bool(n.immutable) !== true)
    errs.push(fieldErrors.forbidden('immutable', 'field is immutable when `immutable` is set'));
  for (const f of fields) {
    if (!jsonEqual(n[f], o[f])) errs.push(fieldErrors.forbidden(f, 'field is immutable when `immutable` is set'));
  }
}

/** Upstream's `ValidateConfigMapUpdate`. */
export function validateConfigMapUpdate(cm: Obj, old: Obj): Errs {
  const errs = validateObjectMetaUpdate(objectMeta(cm.metadata), objectMeta(old.metadata));
  immutableContents(cm, old, ['data', 'binaryData'], errs);
  return [...errs, ...validateConfigMap(cm)];
}

/** Go's `encoding/json` error for a value that is not a JSON object (the common cases, worded as Go words them). */
function jsonObjectError(bytes: Buffer): string | undefined {
  const text = bytes.toString('utf8').trim();
  if (text === '') return 'unexpected end of JSON input';
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    const c = text[0];
    for (const lit of ['null', 'true', 'false']) {
      if (c !== lit[0]) continue;
      for (let i = 1; i < lit.length; i++) {
        if (i >= text.length) return 'unexpected end of JSON input';
        if (text[i] !== lit[i]) return `invalid character '${text[i]}' in literal ${lit} (expecting '${lit[i]}')`;
      }
    }
    return /[[{"0-9-]/.test(c)
      ? 'unexpected end of JSON input'
      : `invalid character '${c}' looking for beginning of value`;
  }
  if (v === null || (typeof v === 'object' && !Array.isArray(v))) return undefined;
  const kind = Array.isArray(v) ? 'array' : typeof v === 'boolean' ? 'bool' : typeof v;
  return `json: cannot unmarshal ${kind} into Go value of type map[string]interface {}`;
}

const SA_NAME = 'kubernetes.io/service-account.name';

/** Upstream's `ValidateSecret` (stringData has already been folded into data on decode). */
export function validateSecret(secret: Obj): Errs {
  const errs: Errs = [];
  const meta = objectMeta(secret.metadata, 'metadata', errs);
  errs.push(...validateObjectMeta(meta, { namespaced: true }));
  const data = obj(secret.data, 'data', errs);
  validKeys(data, 'data', errs);
  let total = 0;
  const bytes = (k: string) => Buffer.from(str(data[k]), 'base64');
  for (const [k, v] of Object.entries(data)) total += base64Length(base64Value(v, `data[${k}]`, errs, true));
  if (total > MAX_SECRET_SIZE) errs.push(fieldErrors.tooLong('data', '', MAX_SECRET_SIZE));
  const type = str(secret.type, 'type', errs);
  const requireKey = (k: string) => {
    if (!(k in data)) {
      errs.push(fieldErrors.required(`data[${k}]`));
      return false;
    }
    return true;
  };
  switch (type) {
    case 'kubernetes.io/service-account-token':
      if (!meta.annotations?.[SA_NAME]) errs.push(fieldErrors.required(`metadata.annotations[${SA_NAME}]`));
      break;
    case 'kubernetes.io/dockercfg':
    case 'kubernetes.io/dockerconfigjson': {
      const key = type === 'kubernetes.io/dockercfg' ? '.dockercfg' : '.dockerconfigjson';
      if (!requireKey(key)) break;
      const err = jsonObjectError(bytes(key));
      if (err) errs.push(fieldErrors.invalid(`data[${key}]`, '<secret contents redacted>', err));
      break;
    }
    case 'kubernetes.io/basic-auth':
      if (!('username' in data) && !('password' in data)) {
        errs.push(fieldErrors.required('data[username]'));
        errs.push(fieldErrors.required('data[password]'));
      }
      break;
    case 'kubernetes.io/ssh-auth':
      if (bytes('ssh-privatekey').length === 0) errs.push(fieldErrors.required('data[ssh-privatekey]'));
      break;
    case 'kubernetes.io/tls':
      requireKey('tls.crt');
      requireKey('tls.key');
      break;
  }
  return errs;
}

/** Upstream's `ValidateSecretUpdate`: type immutable, contents frozen once `immutable`. */
export function validateSecretUpdate(secret: Obj, old: Obj): Errs {
  const errs = validateObjectMetaUpdate(objectMeta(secret.metadata), objectMeta(old.metadata));
  if (str(secret.type) !== str(old.type))
    errs.push(fieldErrors.invalid('type', str(secret.type), 'field is immutable'));
  immutableContents(secret, old, ['data'], errs);
  return [...errs, ...validateSecret(secret)];
}

/** Upstream's `ValidateNamespace`: a DNS label name, finalizers qualified or standard. */
export function validateNamespace(ns: Obj): Errs {
  const errs: Errs = [];
  errs.push(
    ...validateObjectMeta(objectMeta(ns.metadata, 'metadata', errs), {
      namespaced: false,
      nameValidator: nameIsDNSLabel,
    }),
  );
  for (const f of strList(obj(ns.spec).finalizers, 'spec.finalizers', errs)) {
    errs.push(...validateFinalizerName(f, 'spec.finalizers'), ...validateKubeFinalizerName(f, 'spec.finalizers'));
  }
  return errs;
}

/** Upstream's `ValidateNamespaceUpdate`: metadata only. */
export function validateNamespaceUpdate(ns: Obj, old: Obj): Errs {
  return validateObjectMetaUpdate(objectMeta(ns.metadata), objectMeta(old.metadata));
}

/** Upstream's `ValidateNamespaceStatusUpdate`: the phase follows deletion. */
export function validateNamespaceStatusUpdate(ns: Obj, old: Obj): Errs {
  const errs = validateObjectMetaUpdate(objectMeta(ns.metadata), objectMeta(old.metadata));
  const phase = str(obj(ns.status).phase);
  if (!obj(ns.metadata).deletionTimestamp) {
    if (phase !== 'Active')
      errs.push(fieldErrors.invalid('status.Phase', phase, "may only be 'Active' if `deletionTimestamp` is empty"));
  } else if (phase !== 'Terminating') {
    errs.push(
      fieldErrors.invalid('status.Phase', phase, "may only be 'Terminating' if `deletionTimestamp` is not empty"),
    );
  }
  return errs;
}

/** Upstream's `ValidateNamespaceFinalizeUpdate` (the `namespaces/finalize` subresource). */
export function validateNamespaceFinalizeUpdate(ns: Obj, old: Obj): Errs {
  const errs = validateObjectMetaUpdate(objectMeta(ns.metadata), objectMeta(old.metadata));
  strList(obj(ns.spec).finalizers, 'spec.finalizers', errs).forEach((f, i) => {
    errs.push(
      ...validateFinalizerName(f, `spec.finalizers[${i}]`),
      ...validateKubeFinalizerName(f, `spec.finalizers[${i}]`),
    );
  });
  return errs;
}

/** Upstream's `ValidateServiceAccount`: metadata only. */
export function validateServiceAccount(sa: Obj): Errs {
  const errs: Errs = [];
  errs.push(...validateObjectMeta(objectMeta(sa.metadata, 'metadata', errs), { namespaced: true }));
  return errs;
}

/** Upstream's `ValidateServiceAccountUpdate`. */
export function validateServiceAccountUpdate(sa: Obj, old: Obj): Errs {
  return [
    ...validateObjectMetaUpdate(objectMeta(sa.metadata), objectMeta(old.metadata)),
    ...validateServiceAccount(sa),
  ];
}
