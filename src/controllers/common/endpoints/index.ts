/**
 * The library the Endpoints, EndpointSlice and EndpointSlice mirroring controllers share
 * (upstream's `k8s.io/endpointslice/util`).
 */
export * from './endpoint-set.js';
export * from './pod-util.js';
export * from './repack.js';
export * from './slice-tracker.js';
export * from './trigger-time-tracker.js';
