/** The Endpoints controller. */
export { endpointsController, HEADLESS_LABEL } from './endpoints-controller.js';
