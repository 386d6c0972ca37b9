/**
 * `Lister`: client-go's generated listers over an informer's Indexer — reads of the cache by
 * namespace/name and by label selector.
 */
import { parseSelector, type Selector } from '../../machinery/labels.js';
import type { ObjectLike } from '../rest/resource-client.js';
import { NAMESPACE_INDEX, type Indexer } from './store.js';

/** Labels of an object, when it has them. */
function labelsOf(obj: ObjectLike): Record<string, string> | undefined {
  return (obj.metadata as { labels?: Record<string, string> } | undefined)?.labels;
}

/** A selector from a Selector or its string form (`''`/undefined: everything). */
function toSelector(selector: Selector | string | undefined): Selector | undefined {
  if (selector === undefined) return undefined;
  return typeof selector === 'string' ? parseSelector(selector) : selector;
}

/** Reads an Indexer's objects. */
export class Lister<T extends ObjectLike> {
  constructor(readonly indexer: Indexer<T>) {}

  /** The object `namespace/name` (`name` alone when namespace is `''`/undefined: cluster-scoped). */
  get(namespace: string | undefined, name: string): T | undefined {
    return this.indexer.get(namespace ? `${namespace}/${name}` : name);
  }

  /** Every object whose labels match `selector` (a Selector or `app=web,tier!=db`); all without one. */
  list(selector?: Selector | string): T[] {
    return this.filter(this.indexer.list(), selector);
  }

  /** The objects in `namespace` matching `selector`, via the namespace index. */
  listInNamespace(namespace: string, selector?: Selector | string): T[] {
    return this.filter(this.indexer.byIndex(NAMESPACE_INDEX, namespace), selector);
  }

  private filter(objs: T[], selector: Selector | string | undefined): T[] {
    const sel = toSelector(selector);
    if (!sel || sel.empty()) return objs;
    return objs.filter((o) => sel.matches(labelsOf(o)));
  }
}
