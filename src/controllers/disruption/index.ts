/** The disruption (PodDisruptionBudget) controller. */
export { disruptionController } from './disruption-controller.js';
