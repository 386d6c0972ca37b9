/**
 * WATCH (upstream's `handlers/watch.go` over the cacher): newline-delimited JSON events (or
 * length-framed protobuf WatchEvents to a client that accepts only protobuf), headers
 * flushed at once, events from the requested resourceVersion (or the current state first),
 * bookmarks when asked for, the end of the initial events marked for streaming lists, and a
 * timeout after which the client re-watches.
 */
import { apiVersionOf, type ResourceInfo } from '../../api/resources.js';
import { ApiError, toStatus } from '../../machinery/errors.js';
import type { Store } from '../registry/store.js';
import type { ResourceRequest } from '../request-info.js';
import { acceptsOnlyProtobuf, type Req, type Res } from '../http.js';
import { encodeWatchFrame, hasProtobufSchema, PROTOBUF_MEDIA_TYPE } from '../../machinery/protobuf/codec.js';
import { outputForm, partial, table } from './output.js';
import { listFilter } from './filter.js';
import { parseRV, asServed } from './read.js';
import type { WatchOut } from '../cacher/watcher.js';
import type { CacheEntry, KObject } from '../cacher/types.js';

/** Upstream's --min-request-timeout: a watch without timeoutSeconds lasts 30–60 minutes. */
const MIN_REQUEST_TIMEOUT_S = 1800;
const BOOKMARK_EVERY_MS = 60_000;
/**
 * Bytes a watch may have waiting for a client that has stopped reading before the watch is ended
 * (the client watches again from its last resourceVersion), as upstream ends a watcher whose
 * buffer stays full.
 */
export const WATCH_MAX_UNSENT_BYTES = 64 << 20;

/**
 * Plain JSON watch lines made in this turn of the event loop, by entry. The cache hands each
 * change to all its watchers in one turn, so a pod's change goes out to the scheduler, the
 * controller manager and its node as one string instead of being spelled three times.
 */
let lines: Map<CacheEntry, { type: string; line: string }> | undefined;

function sharedLine(ev: WatchOut): string {
  if (!lines) {
    lines = new Map();
    process.nextTick(() => (lines = undefined));
  }
  const made = lines.get(ev.entry);
  if (made?.type === ev.type) return made.line;
  const line = `{"type":"${ev.type}","object":${ev.entry.json}}\n`;
  if (!made) lines.set(ev.entry, { type: ev.type, line });
  return line;
}

export async function watchObjects(
  store: Store,
  info: ResourceInfo,
  ri: ResourceRequest,
  q: URLSearchParams,
  req: Req,
  res: Res,
  onOpen: (delta: number) => void,
): Promise<void> {
  const form = outputForm(req.headers.accept, q);
  if (ri.name) q.set('fieldSelector', [q.get('fieldSelector'), `metadata.name=${ri.name}`].filter(Boolean).join(','));
  const filter = listFilter(store, ri.namespace, q);
  const rvParam = q.get('resourceVersion');
  const rv = parseRV(rvParam);
  const sendInitial = q.get('sendInitialEvents') === 'true';
  const bookmarks = q.get('allowWatchBookmarks') === 'true';
  if (sendInitial && (!bookmarks || (q.get('resourceVersionMatch') ?? '') !== 'NotOlderThan')) {
    throw new ApiError(
      422,
      'Invalid',
      'sendInitialEvents is forbidden for watch unless the WatchList feature gate is enabled and resourceVersionMatch is set to NotOlderThan and allowWatchBookmarks is true',
    );
  }
  // Unset or "0": the current state first, as ADDED events. Unset is consistent; "0" may be any state.
  const initial = sendInitial || !rv;
  if (!rvParam) await store.cacher.consistentRevision();
  else if (rv) await store.cacher.waitUntil(rv);

  const timeoutS = Number(q.get('timeoutSeconds')) || MIN_REQUEST_TIMEOUT_S * (1 + Math.random());
  const apiVersion = apiVersionOf(info);
  let first = true;
  const encode = (type: string, obj: KObject): string => {
    let object: KObject = obj;
    if (form.as === 'Table')
      object = table(info, [obj], form, { resourceVersion: obj.metadata?.resourceVersion }, !first);
    else if (form.as === 'PartialObjectMetadata') object = partial(obj, form.version);
    else object = asServed(obj, info);
    first = false;
    return `{"type":"${type}","object":${JSON.stringify(object)}}\n`;
  };
  const proto =
    form.as === 'object' && acceptsOnlyProtobuf(req.headers.accept) && hasProtobufSchema(apiVersion, info.kind);
  const event = (type: string, obj: KObject): string | Buffer =>
    proto ? encodeWatchFrame(type, obj) : `{"type":"${type}","object":${JSON.stringify(obj)}}\n`;
  // The plain form is the same bytes for every watcher: use the cached serialization.
  const line = (ev: WatchOut): string | Buffer =>
    proto
      ? encodeWatchFrame(ev.type, asServed(ev.entry.obj, info))
      : form.as === 'object' && ev.entry.obj.apiVersion === apiVersion && ev.entry.obj.kind === info.kind
        ? sharedLine(ev)
        : encode(ev.type, ev.entry.obj);
  const bookmark = (rev: number, end = false) => {
    const metadata: KObject = { resourceVersion: String(rev) };
    if (end) metadata.annotations = { 'k8s.io/initial-events-end': 'true' };
    return event('BOOKMARK', { kind: info.kind, apiVersion, metadata });
  };

  const contentType = proto ? `${PROTOBUF_MEDIA_TYPE};stream=watch` : 'application/json';
  res.writeHead(200, { 'Content-Type': contentType, 'Cache-Control': 'no-cache, private' });
  (res as { flushHeaders?: () => void }).flushHeaders?.();
  let buffered = 0;
  let ended = false;
  const write = (chunk: string | Buffer) => {
    if (ended || !chunk.length) return;
    if (!(res as { write(t: string | Buffer): boolean }).write(chunk)) buffered += Buffer.byteLength(chunk);
    if (buffered > WATCH_MAX_UNSENT_BYTES) finish();
  };
  res.on('drain', () => (buffered = 0));

  let watcher: ReturnType<typeof store.cacher.watch> | undefined;
  const timers: NodeJS.Timeout[] = [];
  const finish = () => {
    if (ended) return;
    ended = true;
    watcher?.cancel();
    for (const t of timers) clearTimeout(t);
    onOpen(-1);
    res.end();
  };
  res.on('close', finish);
  onOpen(1);
  try {
    watcher = store.cacher.watch(
      filter,
      initial ? 0 : rv,
      {
        send: (events) => {
          const out = events.map(line);
          write(out.length === 1 ? out[0] : proto ? Buffer.concat(out as Buffer[]) : out.join(''));
        },
        close: finish,
      },
      initial,
    );
  } catch (err) {
    // A watch that cannot start (too old a resourceVersion) is answered with an ERROR event, as upstream does.
    write(event('ERROR', toStatus(err) as unknown as KObject));
    finish();
    return;
  }
  if (sendInitial) write(bookmark(store.cacher.rev, true));
  if (bookmarks) {
    const tick = () => {
      write(bookmark(store.cacher.rev));
      timers[0] = setTimeout(tick, BOOKMARK_EVERY_MS);
    };
    timers[0] = setTimeout(tick, BOOKMARK_EVERY_MS);
  }
  timers.push(setTimeout(finish, timeoutS * 1000));
}
