/**
 * `k8ts/client/rest`: talking to the apiserver — RestClient (HTTP/2, rate limiting, retries,
 * ApiErrors), watches, ResourceClient for one resource's verbs, paging, and discovery with
 * DynamicClient.
 */
export { RestClient, encodeQuery, rateLimiterFor } from './client.js';
export type { Query, RequestOptions, RestResponse, RestClientOptions } from './client.js';
export { DEFAULT_BURST, DEFAULT_MAX_RETRIES, DEFAULT_QPS, defaultUserAgent } from './config.js';
export type { ImpersonationConfig, RestConfig } from './config.js';
export { FakeClock, realClock } from './clock.js';
export type { Clock } from './clock.js';
export { TokenBucket } from './token-bucket.js';
export { TimeoutError } from './body.js';
export { TransportError } from './transport-error.js';
export type { Protocol, ResponseHeaders } from './transport.js';
export { DEFAULT_BACKOFF, IDEMPOTENT_METHODS, backoffDelay } from './retry.js';
export type { Backoff } from './retry.js';
export { genericServerError, responseError } from './status-error.js';
export type { WatchEvent, WatchEventType } from './watch.js';
export { PATCH_CONTENT_TYPES, ResourceClient, resourcePath } from './resource-client.js';
export type { KubeObject, PatchType, ResourceRef } from './resource-client.js';
export { DEFAULT_PAGE_SIZE, listAll, listPages } from './list.js';
export type { ListMeta, ObjectList, PageFetcher } from './list.js';
export type { DeleteOptions, DryRun, GetOptions, ListOptions, PatchOptions, WriteOptions } from './options.js';
export { DiscoveryClient, DynamicClient, NoMatchError } from './discovery.js';
export type { ApiGroup, ApiResource, ResourceQuery } from './discovery.js';
