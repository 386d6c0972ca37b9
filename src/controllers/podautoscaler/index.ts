/** The horizontal pod autoscaler controller and its pure parts. */
export {
  defaultHorizontalTuning,
  horizontalPodAutoscalerController,
  newHorizontalPodAutoscalerController,
  type HorizontalTuning,
} from './controller.js';
export { unavailableMetricsSource, type MetricsSource, type PodMetric, type PodMetricsInfo } from './metrics.js';
export { defaultReplicaCalcConfig, type ReplicaCalcConfig } from './replica-calculator.js';
