/** The taint eviction controller. */
export { TAINT_EVICTION_CONTROLLER, taintEvictionController } from './controller.js';
