/** The DaemonSet controller (`daemonset-controller`). */
export { daemonSetController } from './controller.js';
