/**
 * Where the HPA gets its numbers (upstream's `metrics.MetricsClient`): per-pod resource usage
 * (metrics.k8s.io), per-pod and per-object custom metrics (custom.metrics.k8s.io) and external
 * metrics (external.metrics.k8s.io). This cluster serves none of these APIs yet, so the default
 * source fails each call with the error upstream's clients give when the API is missing; a real
 * source plugs in through `newHorizontalPodAutoscalerController({ metrics })`.
 */
import type { CrossVersionObjectReference } from 'kubernetes-types/autoscaling/v2.js';
import type { Selector } from '../../machinery/label-requirement.js';

/** One pod's sample: the value in milli-units, when it was taken and over what window (ms). */
export interface PodMetric {
  value: number;
  timestamp: number;
  windowMs: number;
}

/** Samples by pod name. */
export type PodMetricsInfo = Map<string, PodMetric>;

/** The metrics APIs the HPA reads, as upstream's `MetricsClient`. Each call may throw. */
export interface MetricsSource {
  /** Per-pod usage of `resource` (summed over containers, or of `container` alone). */
  getResourceMetric(
    resource: string,
    namespace: string,
    selector: Selector,
    container: string,
  ): Promise<{ metrics: PodMetricsInfo; timestamp: number }>;
  /** A per-pod custom metric of the pods `selector` picks. */
  getRawMetric(
    metricName: string,
    namespace: string,
    selector: Selector,
    metricSelector: Selector,
  ): Promise<{ metrics: PodMetricsInfo; timestamp: number }>;
  /** A custom metric of one object, in milli-units. */
  getObjectMetric(
    metricName: string,
    namespace: string,
    objectRef: CrossVersionObjectReference,
    metricSelector: Selector,
  ): Promise<{ value: number; timestamp: number }>;
  /** The values of an external metric, in milli-units. */
  getExternalMetric(
    metricName: string,
    namespace: string,
    selector: Selector,
  ): Promise<{ values: number[]; timestamp: number }>;
}

/** client-go's message for a 404 from a path the apiserver does not serve. */
function notFound(resource: string): string {
  return `the server could not find the requested resource (get ${resource})`;
}

/**
 * A cluster without metrics APIs: every call fails as upstream's REST metrics clients fail there
 * (resource and external metrics with the apiserver's 404, custom metrics with the discovery
 * check's "no custom metrics API" error).
 */
export const unavailableMetricsSource: MetricsSource = {
  getResourceMetric() {
    return Promise.reject(
      new Error(`unable to fetch metrics from resource metrics API: ${notFound('pods.metrics.k8s.io')}`),
    );
  },
  getRawMetric() {
    return Promise.reject(
      new Error(
        'unable to fetch metrics from custom metrics API: no custom metrics API (custom.metrics.k8s.io) registered',
      ),
    );
  },
  getObjectMetric() {
    return Promise.reject(
      new Error(
        'unable to fetch metrics from custom metrics API: no custom metrics API (custom.metrics.k8s.io) registered',
      ),
    );
  },
  getExternalMetric(metricName) {
    return Promise.reject(
      new Error(
        `unable to fetch metrics from external metrics API: ${notFound(`${metricName}.external.metrics.k8s.io`)}`,
      ),
    );
  },
};
