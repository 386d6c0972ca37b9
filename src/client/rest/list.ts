/**
 * Paging through a list with `limit` and `continue` — client-go's `tools/pager`. Pages after the
 * first carry only the continue token (the server pins them to the first page's resourceVersion);
 * when that token expires midway (410 Expired) the list is fetched again whole, as the pager's
 * `FullListIfExpired` does.
 */
import { ApiError } from '../../machinery/errors.js';
import type { ListOptions } from './options.js';

/** The metadata of a list. */
export interface ListMeta {
  resourceVersion?: string;
  continue?: string;
  remainingItemCount?: number;
}

/** A list response: `{ kind: 'ConfigMapList', metadata, items }`. */
export interface ObjectList<T> {
  apiVersion?: string;
  kind?: string;
  metadata: ListMeta;
  items: T[];
}

/** Fetches one page. */
export type PageFetcher<T> = (opts: ListOptions) => Promise<ObjectList<T>>;

/** client-go's pager page size. */
export const DEFAULT_PAGE_SIZE = 500;

/** `opts` without `keys`. */
function without(opts: ListOptions, ...keys: (keyof ListOptions)[]): ListOptions {
  const out: ListOptions = { ...opts };
  for (const k of keys) delete out[k];
  return out;
}

/** Pages, each marked `fresh` when it starts the list anew (the first, and a relist after 410). */
async function* pages<T>(
  fetch: PageFetcher<T>,
  opts: ListOptions,
): AsyncGenerator<{ page: ObjectList<T>; fresh: boolean }> {
  const limit = opts.limit || DEFAULT_PAGE_SIZE;
  let page = await fetch({ ...opts, limit });
  yield { page, fresh: true };
  while (page.metadata?.continue) {
    const rest = without(opts, 'resourceVersion', 'resourceVersionMatch');
    try {
      page = await fetch({ ...rest, limit, continue: page.metadata.continue });
    } catch (err) {
      if (!(err instanceof ApiError && err.code === 410 && err.reason === 'Expired')) throw err;
      // The token outlived the history it pointed into: start over, unpaged.
      const plain = without(opts, 'resourceVersion', 'resourceVersionMatch', 'limit', 'continue');
      yield { page: await fetch(plain), fresh: true };
      return;
    }
    yield { page, fresh: false };
  }
}

/** Yields each page of a paged list, `limit` items (default 500) at a time. */
export async function* listPages<T>(fetch: PageFetcher<T>, opts: ListOptions = {}): AsyncGenerator<ObjectList<T>> {
  for await (const { page } of pages(fetch, opts)) yield page;
}

/**
 * The whole list, fetched page by page: every page's items in one list, carrying the first page's
 * kind and resourceVersion (or the full relist's after an expired token).
 */
export async function listAll<T>(fetch: PageFetcher<T>, opts: ListOptions = {}): Promise<ObjectList<T>> {
  let out: ObjectList<T> | undefined;
  for await (const { page, fresh } of pages(fetch, opts)) {
    if (fresh || !out)
      out = { ...page, metadata: { resourceVersion: page.metadata?.resourceVersion }, items: [...page.items] };
    else for (const item of page.items) out.items.push(item); // a page may hold more items than a call takes arguments
  }
  return out!;
}
