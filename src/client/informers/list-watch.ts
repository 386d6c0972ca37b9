/**
 * `ListWatch`: what a Reflector lists and watches — client-go's `ListerWatcher` — with an
 * implementation over a ResourceClient. Tests implement it with a fake.
 */
import type { ObjectList } from '../rest/list.js';
import type { ListOptions } from '../rest/options.js';
import type { KubeObject, ObjectLike, ResourceClient } from '../rest/resource-client.js';
import type { WatchEvent } from '../rest/watch.js';

/** Lists and watches one resource. `watch` must end when `opts.signal` aborts. */
export interface ListWatch<T = KubeObject> {
  list(opts: ListOptions): Promise<ObjectList<T>>;
  watch(opts: ListOptions): AsyncIterable<WatchEvent<T>>;
}

/** What narrows a ListWatch: a namespace (all when unset) and selectors; `paged` uses listAll. */
export interface ListWatchOptions {
  namespace?: string;
  labelSelector?: string;
  fieldSelector?: string;
  /** List in pages of 500 (listAll) instead of one request. Default true. */
  paged?: boolean;
}

/** A ListWatch over `client`, applying `options` to every list and watch. */
export function listWatchFromClient<T extends ObjectLike>(
  client: ResourceClient<T>,
  options: ListWatchOptions = {},
): ListWatch<T> {
  const { paged = true, ...narrow } = options;
  return {
    list: (opts) => (paged ? client.listAll({ ...opts, ...narrow }) : client.list({ ...opts, ...narrow })),
    watch: (opts) => client.watch({ ...opts, ...narrow }),
  };
}
