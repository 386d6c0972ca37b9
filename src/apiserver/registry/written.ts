/**
 * One serialization per write. An object is stored in etcd without its resourceVersion (etcd's
 * revision is that), and answered to its writer and sent to watchers with it: three
 * `JSON.stringify` of one object, and a fourth of the object the watch cache decodes from what
 * etcd echoes back. Here the object is serialized once, with a stand-in for its resourceVersion
 * that no client can know (a random value drawn when the process starts): the bytes to store leave
 * that member out, and the JSON served has the revision in its place.
 */
import { randomUUID } from 'node:crypto';
import type { KObject, Written } from '../cacher/types.js';

const STAND_IN = `k8ts-resourceversion-${randomUUID()}`;
const VALUE = JSON.stringify(STAND_IN);
const MEMBER = `"resourceVersion":${VALUE}`;

export type { Written };

/**
 * Serializes `obj` (which must have metadata) for a write; `obj` is left as it was, and must not be
 * changed after (the watch cache may keep it, see {@link Written.obj}) but for {@link landed}.
 */
export function serializeForWrite(obj: KObject): Written {
  const meta = obj.metadata as KObject;
  const had = Object.hasOwn(meta, 'resourceVersion');
  const before: unknown = meta.resourceVersion;
  meta.resourceVersion = STAND_IN;
  let text: string;
  try {
    text = JSON.stringify(obj);
  } finally {
    if (had) meta.resourceVersion = before;
    else delete meta.resourceVersion;
  }
  const at = text.indexOf(MEMBER);
  const end = at + MEMBER.length;
  // The member goes with one comma beside it, as if it had never been there. The two parts are
  // written straight into a buffer of their own (not carved out of Buffer's shared pool, whose whole
  // slab a slice would hold until etcd echoes the write back).
  const [cutFrom, cutTo] = text[at - 1] === ',' ? [at - 1, end] : [at, text[end] === ',' ? end + 1 : end];
  const head = text.slice(0, cutFrom);
  const tail = text.slice(cutTo);
  const headBytes = Buffer.byteLength(head);
  const data = Buffer.allocUnsafeSlow(headBytes + Buffer.byteLength(tail));
  data.write(head, 0);
  data.write(tail, headBytes);
  const value = at + MEMBER.length - VALUE.length;
  // One string per revision, so that the write's answer and the watch cache share it (and the
  // cache does not keep a second copy of the object's JSON for as long as the object is current).
  let madeFor = -1;
  let made = '';
  const json = (rev: number): string => {
    if (rev !== madeFor) {
      madeFor = rev;
      made = `${text.slice(0, value)}"${rev}"${text.slice(end)}`;
    }
    return made;
  };
  return { data, json, obj };
}

/** The JSON of objects whose write landed, for their response. */
const answers = new WeakMap<KObject, string>();

/** Sets the revision `written`'s write landed at as `obj`'s resourceVersion, and remembers its JSON. */
export function landed(obj: KObject, written: Written, rev: number): void {
  obj.metadata.resourceVersion = String(rev);
  answers.set(obj, written.json(rev));
}

/**
 * The JSON of an object as its write landed (see {@link landed}), once: it is forgotten when
 * read, as the object may stay in the watch cache long after its answer is sent. Undefined for any
 * other object.
 */
export function writtenJSON(obj: KObject): string | undefined {
  const json = answers.get(obj);
  if (json !== undefined) answers.delete(obj);
  return json;
}
