/** The StatefulSet controller (`statefulset-controller`). */
export { statefulSetController } from './controller.js';
