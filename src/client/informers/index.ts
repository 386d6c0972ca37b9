/**
 * `k8ts/client/informers`: client-go's `tools/cache` — stores and indexers, the Reflector,
 * shared index informers with event handlers and listers, and a shared informer factory.
 */
export { Indexer, NAMESPACE_INDEX, metaNamespaceKey, namespaceIndexFunc } from './store.js';
export type { IndexFunc, Indexers, KeyFunc, ReflectorStore, Store } from './store.js';
export { listWatchFromClient } from './list-watch.js';
export type { ListWatch, ListWatchOptions } from './list-watch.js';
export { REFLECTOR_BACKOFF, Reflector, isGone } from './reflector.js';
export type { ReflectorOptions } from './reflector.js';
export { Lister } from './lister.js';
export { SharedIndexInformer } from './shared-informer.js';
export type { EventHandler, HandlerRegistration, SharedInformerOptions } from './shared-informer.js';
export { SharedInformerFactory } from './factory.js';
export type { SharedInformerFactoryOptions } from './factory.js';
