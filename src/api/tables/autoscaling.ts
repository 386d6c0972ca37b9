/**
 * The horizontalpodautoscalers table: upstream's printHorizontalPodAutoscaler over autoscaling/v2
 * metrics (`cpu: 50%/80%`, `100m/200m (avg)`, two metrics then "+ N more..."). An autoscaling/v1
 * object is read as the server's conversion reads it: its CPU target becomes a Resource metric.
 */
import type { HorizontalPodAutoscaler as HpaV1 } from 'kubernetes-types/autoscaling/v1.js';
import type { HorizontalPodAutoscaler, MetricSpec, MetricStatus } from 'kubernetes-types/autoscaling/v2.js';
import { ageColumn, column, nameColumn, printer } from './columns.js';
import { DOC } from './descriptions.js';
import { since } from './format.js';
import { formatQuantity } from './quantity.js';

/** Quantity.String() of an optional quantity: a nil pointer prints `<nil>`. */
const q = (v: string | number | null | undefined): string =>
  v === undefined || v === null ? '<nil>' : formatQuantity(v);

const percent = (v: number | null | undefined): string | undefined =>
  v === undefined || v === null ? undefined : `${v}%`;

function formatMetric(spec: MetricSpec, status: MetricStatus | undefined): string {
  switch (spec.type) {
    case 'External':
    case 'Object': {
      const source = spec.type === 'External' ? spec.external : spec.object;
      const current = spec.type === 'External' ? status?.external : status?.object;
      if (source?.target?.averageValue !== undefined && source.target.averageValue !== null) {
        const cur = current?.current?.averageValue != null ? q(current.current.averageValue) : '<unknown>';
        return `${cur}/${q(source.target.averageValue)} (avg)`;
      }
      const cur = current ? q(current.current?.value) : '<unknown>';
      return `${cur}/${q(source?.target?.value)}`;
    }
    case 'Pods': {
      const cur = status?.pods ? q(status.pods.current?.averageValue) : '<unknown>';
      return `${cur}/${q(spec.pods?.target?.averageValue)}`;
    }
    case 'Resource':
    case 'ContainerResource': {
      const source = spec.type === 'Resource' ? spec.resource : spec.containerResource;
      const current = spec.type === 'Resource' ? status?.resource : status?.containerResource;
      const name = source?.name ?? '';
      if (source?.target?.averageValue !== undefined && source.target.averageValue !== null) {
        const cur = current ? q(current.current?.averageValue) : '<unknown>';
        return `${name}: ${cur}/${q(source.target.averageValue)}`;
      }
      const cur = percent(current?.current?.averageUtilization) ?? '<unknown>';
      return `${name}: ${cur}/${percent(source?.target?.averageUtilization) ?? '<auto>'}`;
    }
    default:
      return '<unknown type>';
  }
}

/** formatHPAMetrics: every metric against its status at the same index, two shown. */
export function formatHpaMetrics(specs: MetricSpec[], statuses: MetricStatus[]): string {
  if (specs.length === 0) return '<none>';
  const max = 2;
  const list = specs.map((spec, i) => formatMetric(spec, statuses[i]));
  const shown = list.slice(0, max).join(', ');
  return list.length > max ? `${shown} + ${list.length - max} more...` : shown;
}

/** The v2 view of an autoscaling/v1 object: its CPU utilization target as a Resource metric. */
function asV2(hpa: HorizontalPodAutoscaler | HpaV1): HorizontalPodAutoscaler {
  if (
    !('targetCPUUtilizationPercentage' in (hpa.spec ?? {})) &&
    !('currentCPUUtilizationPercentage' in (hpa.status ?? {}))
  ) {
    return hpa as HorizontalPodAutoscaler;
  }
  const v1 = hpa as HpaV1;
  const target = v1.spec?.targetCPUUtilizationPercentage;
  const current = v1.status?.currentCPUUtilizationPercentage;
  return {
    metadata: v1.metadata,
    spec: {
      scaleTargetRef: v1.spec?.scaleTargetRef ?? { kind: '', name: '' },
      minReplicas: v1.spec?.minReplicas,
      maxReplicas: v1.spec?.maxReplicas ?? 0,
      metrics:
        target == null
          ? []
          : [
              {
                type: 'Resource',
                resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: target } },
              },
            ],
    },
    status: {
      currentReplicas: v1.status?.currentReplicas,
      desiredReplicas: v1.status?.desiredReplicas ?? 0,
      currentMetrics:
        current == null
          ? []
          : [{ type: 'Resource', resource: { name: 'cpu', current: { averageUtilization: current } } }],
    },
  };
}

/** autoscaling horizontalpodautoscalers (v2 or v1 objects). */
export const horizontalPodAutoscalerPrinter = printer<HorizontalPodAutoscaler | HpaV1>(
  [
    nameColumn,
    column('Reference', 'string', DOC['hpa.scaleTargetRef']),
    column('Targets', 'string', DOC['hpa.metricsV2beta1']),
    column('MinPods', 'string', DOC['hpa.minReplicas']),
    column('MaxPods', 'string', DOC['hpa.maxReplicas']),
    column('Replicas', 'string', DOC['hpa.currentReplicas']),
    ageColumn,
  ],
  (obj, now) => {
    const hpa = asV2(obj);
    const ref = hpa.spec?.scaleTargetRef;
    const min = hpa.spec?.minReplicas;
    return [
      hpa.metadata?.name ?? '',
      `${ref?.kind ?? ''}/${ref?.name ?? ''}`,
      formatHpaMetrics(hpa.spec?.metrics ?? [], hpa.status?.currentMetrics ?? []),
      min === undefined || min === null ? '<unset>' : `${min}`,
      hpa.spec?.maxReplicas ?? 0,
      hpa.status?.currentReplicas ?? 0,
      since(hpa.metadata?.creationTimestamp, now),
    ];
  },
);
