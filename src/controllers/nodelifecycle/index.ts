/** The node lifecycle controller. */
export { NODE_CONTROLLER_COMPONENT, newNodeLifecycleController, nodeLifecycleController } from './controller.js';
export { defaultNodeLifecycleTuning, type NodeLifecycleTuning } from './tuning.js';
