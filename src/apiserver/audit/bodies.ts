/**
 * What upstream takes from request and response bodies besides the bodies themselves: the
 * objectRef's missing identity (`LogRequestObject`), a response Status's bounded fields
 * (`LogResponseObject`), and a patch as JSON (`LogRequestPatch`).
 */
import { parse as parseYAML } from 'yaml';
import type { ObjectReference, ResponseStatus } from './types.js';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown) => (typeof v === 'string' ? v : '');

/** The reference with its empty namespace, name, uid and resourceVersion taken from `obj.metadata`. */
export function fillObjectRef(ref: ObjectReference, obj: unknown): ObjectReference {
  const meta = isObj(obj) && isObj(obj.metadata) ? obj.metadata : undefined;
  if (!meta) return ref;
  if (!ref.namespace) ref.namespace = str(meta.namespace);
  if (!ref.name) ref.name = str(meta.name);
  if (!ref.uid) ref.uid = str(meta.uid);
  if (!ref.resourceVersion) ref.resourceVersion = str(meta.resourceVersion);
  return ref;
}

/** A metav1.Status body's status, message, reason, details and code; undefined for other bodies. */
export function statusOf(obj: unknown): ResponseStatus | undefined {
  if (!isObj(obj) || obj.kind !== 'Status' || (obj.apiVersion !== undefined && obj.apiVersion !== 'v1')) {
    return undefined;
  }
  const st: ResponseStatus = { metadata: {} };
  if (str(obj.status)) st.status = str(obj.status);
  if (str(obj.message)) st.message = str(obj.message);
  if (str(obj.reason)) st.reason = str(obj.reason);
  if (obj.details !== undefined && obj.details !== null) st.details = obj.details;
  if (typeof obj.code === 'number' && obj.code) st.code = obj.code;
  return st;
}

/** A patch body as a value: JSON text parsed, YAML (apply patches) read as its JSON equivalent. */
export function patchValue(patch: string | Uint8Array | object): unknown {
  if (typeof patch !== 'string' && !(patch instanceof Uint8Array)) return patch;
  const text = typeof patch === 'string' ? patch : Buffer.from(patch).toString('utf8');
  try {
    return JSON.parse(text);
  } catch {
    return parseYAML(text);
  }
}
