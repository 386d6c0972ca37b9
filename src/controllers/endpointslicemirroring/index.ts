/** The EndpointSlice mirroring controller. */
export { DEFAULT_MAX_ENDPOINTS_PER_SUBSET, endpointSliceMirroringController } from './mirroring-controller.js';
export { MIRRORING_CONTROLLER_NAME } from './reconciler.js';
