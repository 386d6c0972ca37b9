/**
 * GET and LIST (upstream's `handlers/get.go` with the cacher's read paths): reads come from the
 * watch cache at the revision the request asks for, paginated reads from etcd, and answers take
 * the form the client accepts.
 */
import { fieldErrors, type FieldError } from '../../machinery/field-errors.js';
import { errors } from '../../machinery/errors.js';
import { apiVersionOf } from '../../api/resources.js';
import { convert } from '../../api/conversion/index.js';
import type { Store } from '../registry/store.js';
import type { CacheEntry, KObject } from '../cacher/types.js';
import type { ResourceRequest } from '../request-info.js';
import { sendJSON, type Req, type Res } from '../http.js';
import { writtenJSON } from '../registry/written.js';
import { outputForm, partial, table } from './output.js';
import { listFilter } from './filter.js';
import type { ResourceInfo } from '../../api/resources.js';

/** Parses a resourceVersion parameter; 400 with upstream's message when it is not a number. */
export function parseRV(value: string | null): number {
  if (!value) return 0;
  if (!/^\d+$/.test(value)) throw errors.badRequest(`invalid resource version: ${value}`);
  return Number(value);
}

export async function getObject(
  store: Store,
  info: ResourceInfo,
  ri: ResourceRequest,
  q: URLSearchParams,
  req: Req,
  res: Res,
): Promise<void> {
  const form = outputForm(req.headers.accept, q);
  const rv = q.get('resourceVersion');
  // Unset: the latest (from etcd, as upstream does for GET); otherwise from the cache, not older than rv.
  const obj = rv ? await store.getCached(ri.namespace, ri.name, parseRV(rv)) : await store.get(ri.namespace, ri.name);
  if (form.as === 'Table')
    sendJSON(res, 200, table(info, [obj], form, { resourceVersion: obj.metadata?.resourceVersion }));
  else if (form.as === 'PartialObjectMetadata') sendJSON(res, 200, partial(obj, form.version));
  else sendJSON(res, 200, asServed(obj, info));
}

/** The object as `info`'s version serves it. */
export function asServed(obj: KObject, info: ResourceInfo): KObject {
  return convert(obj, apiVersionOf(info));
}

/** A write's response body: the JSON the object was just written with when it is served unconverted, else the object as served. */
export function served(obj: KObject, info: ResourceInfo): KObject | string {
  const out = asServed(obj, info);
  return (out === obj && writtenJSON(obj)) || out;
}

interface ContinueToken {
  v: string;
  rv: number;
  start: string;
}

const encodeContinue = (rv: number, start: string) =>
  Buffer.from(JSON.stringify({ v: 'meta.k8s.io/v1', rv, start })).toString('base64url');

function decodeContinue(token: string): ContinueToken {
  try {
    const t = JSON.parse(Buffer.from(token, 'base64url').toString()) as ContinueToken;
    if (t.v !== 'meta.k8s.io/v1' || typeof t.rv !== 'number' || typeof t.start !== 'string') throw new Error();
    return t;
  } catch {
    throw errors.badRequest(
      'continue key is not valid: incorrect encoded start resourceVersion (version meta.k8s.io/v1)',
    );
  }
}

const EXPIRED_CONTINUE =
  'The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter, or use the continue token in this response to retrieve the remainder of the results. Continuing with the provided token results in an inconsistent list - objects that were created, modified, or deleted between the time the first chunk was returned and now may show up in the list.';

interface ListResult {
  entries: { obj: KObject; json: string }[];
  rv: number;
  cont?: string;
  remaining?: number;
}

/** Upstream's ValidateListOptions (for a list, not a watch): 422 on ListOptions.meta.k8s.io. */
function validateListOptions(q: URLSearchParams): void {
  const match = q.get('resourceVersionMatch');
  const rv = q.get('resourceVersion');
  const errs: FieldError[] = [];
  if (match) {
    if (!rv)
      errs.push(
        fieldErrors.forbidden(
          'resourceVersionMatch',
          'resourceVersionMatch is forbidden unless resourceVersion is provided',
        ),
      );
    if (q.get('continue'))
      errs.push(
        fieldErrors.forbidden('resourceVersionMatch', 'resourceVersionMatch is forbidden when continue is provided'),
      );
    if (match !== 'Exact' && match !== 'NotOlderThan')
      errs.push(fieldErrors.notSupported('resourceVersionMatch', match, ['Exact', 'NotOlderThan', '']));
    if (match === 'Exact' && rv === '0')
      errs.push(
        fieldErrors.forbidden(
          'resourceVersionMatch',
          'resourceVersionMatch "exact" is forbidden for resourceVersion "0"',
        ),
      );
  }
  if (q.has('sendInitialEvents'))
    errs.push(fieldErrors.forbidden('sendInitialEvents', 'sendInitialEvents is forbidden for list'));
  if (errs.length) throw errors.invalid({ group: 'meta.k8s.io', name: 'ListOptions' }, '', errs);
}

/** Reads a list as upstream's cacher decides: from the cache unless a page or an exact revision is asked for. */
async function readList(store: Store, ns: string, q: URLSearchParams): Promise<ListResult> {
  const filter = listFilter(store, ns, q);
  const limit = Math.max(0, Number(q.get('limit') ?? 0) || 0);
  const token = q.get('continue');
  const rvParam = q.get('resourceVersion');
  const match = q.get('resourceVersionMatch');
  validateListOptions(q);
  if (token && rvParam) throw errors.badRequest('specifying resource version is not allowed when using continue');
  const rv = parseRV(rvParam);

  // Upstream's shouldDelegateList: continuations, pages (unless resourceVersion=0) and Exact go to etcd.
  const fromCache = !token && (rvParam === '0' || (!limit && match !== 'Exact'));
  if (fromCache) {
    let at: number;
    if (rvParam === '0') at = store.cacher.rev;
    else if (rvParam) {
      await store.cacher.waitUntil(rv);
      at = store.cacher.rev;
    } else at = await store.cacher.consistentRevision();
    const { entries } = store.cacher.list(filter);
    return { entries, rv: Math.max(at, store.cacher.rev) };
  }

  // From etcd: a page at a fixed revision, filtered, continuing where the token says.
  const prefix = filter.prefix;
  let atRev = match === 'Exact' ? rv : 0;
  let fromKey = prefix;
  if (token) {
    const t = decodeContinue(token);
    atRev = t.rv;
    fromKey = store.prefix('') + t.start;
  }
  const out: { obj: KObject; json: string }[] = [];
  let more = false;
  let lastKey = '';
  let count = 0;
  for (;;) {
    let page;
    try {
      page = await store.storage.list(prefix, { fromKey, limit: limit ? limit + 1 : 0, revision: atRev });
    } catch (err) {
      if (String((err as Error).message).includes('compacted')) {
        throw token
          ? errors.expired(EXPIRED_CONTINUE)
          : errors.expired(`too old resource version: ${atRev} (${store.cacher.rev})`);
      }
      throw err;
    }
    if (!atRev) {
      atRev = page.revision;
      count = page.count;
    } else if (!count) count = page.count;
    let i = 0;
    for (; i < page.kvs.length; i++) {
      const kv = page.kvs[i];
      if (limit && out.length >= limit) {
        more = true;
        break;
      }
      const obj = JSON.parse(kv.value.toString());
      (obj.metadata ??= {}).resourceVersion = String(kv.modRevision);
      lastKey = kv.key;
      if (filter.matches && !filter.matches(obj)) continue;
      out.push({ obj, json: JSON.stringify(obj) });
    }
    if (more || !page.more) {
      more ||= page.more && i < page.kvs.length;
      break;
    }
    fromKey = page.kvs[page.kvs.length - 1].key + '\0';
  }
  const result: ListResult = { entries: out, rv: atRev };
  if (more) {
    result.cont = encodeContinue(atRev, lastKey.slice(store.prefix('').length) + '\0');
    if (!filter.matches) result.remaining = Math.max(0, count - out.length);
  }
  return result;
}

export async function listObjects(
  store: Store,
  info: ResourceInfo,
  ri: ResourceRequest,
  q: URLSearchParams,
  req: Req,
  res: Res,
): Promise<void> {
  const form = outputForm(req.headers.accept, q);
  const list = await readList(store, ri.namespace, q);
  const meta: KObject = { resourceVersion: String(list.rv) };
  if (list.cont) meta.continue = list.cont;
  if (list.remaining !== undefined) meta.remainingItemCount = list.remaining;
  if (form.as === 'Table') {
    sendJSON(
      res,
      200,
      table(
        info,
        list.entries.map((e) => e.obj),
        form,
        meta,
      ),
    );
    return;
  }
  if (form.as === 'PartialObjectMetadata') {
    sendJSON(res, 200, {
      kind: 'PartialObjectMetadataList',
      apiVersion: `meta.k8s.io/${form.version}`,
      metadata: meta,
      items: list.entries.map((e) => partial(e.obj, form.version)),
    });
    return;
  }
  // Objects are serialized once in the cache; the list is their concatenation.
  const same = (e: { obj: KObject }) => e.obj.apiVersion === apiVersionOf(info) && e.obj.kind === info.kind;
  const items = list.entries.map((e) => (same(e) ? e.json : JSON.stringify(asServed(e.obj, info))));
  const head = JSON.stringify({ kind: `${info.kind}List`, apiVersion: apiVersionOf(info), metadata: meta });
  sendJSON(res, 200, `${head.slice(0, -1)},"items":[${items.join(',')}]}`);
}

export type { CacheEntry };
