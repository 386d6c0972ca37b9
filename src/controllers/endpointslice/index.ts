/** The EndpointSlice controller. */
export {
  CONTROLLER_QUALIFIED_NAME,
  DEFAULT_MAX_ENDPOINTS_PER_SLICE,
  endpointSliceController,
  type EndpointSliceOptions,
} from './endpointslice-controller.js';
