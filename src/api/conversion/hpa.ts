/**
 * autoscaling/v1 ⇄ autoscaling/v2 HorizontalPodAutoscaler (stored as v2, as upstream does). v1
 * knows only a CPU utilization target; everything else v2 holds rides in v1's annotations
 * `autoscaling.alpha.kubernetes.io/metrics` etc. upstream — here only the CPU target converts and
 * the v2 metrics are kept in an annotation so a round trip loses nothing.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Obj = Record<string, any>;

const METRICS_ANNOTATION = 'autoscaling.alpha.kubernetes.io/metrics';
const CONDITIONS_ANNOTATION = 'autoscaling.alpha.kubernetes.io/conditions';
const CURRENT_ANNOTATION = 'autoscaling.alpha.kubernetes.io/current-metrics';

const isCpu = (m: Obj) =>
  m.type === 'Resource' && m.resource?.name === 'cpu' && m.resource?.target?.type === 'Utilization';

/** A stored autoscaling/v2 HPA as autoscaling/v1 shows it. */
export function hpaV2ToV1(h: Obj): Obj {
  const metrics: Obj[] = h.spec?.metrics ?? [];
  const cpu = metrics.find(isCpu);
  const others = metrics.filter((m) => !isCpu(m));
  const annotations: Obj = { ...h.metadata?.annotations };
  if (others.length) annotations[METRICS_ANNOTATION] = JSON.stringify(others);
  if (h.status?.conditions?.length) annotations[CONDITIONS_ANNOTATION] = JSON.stringify(h.status.conditions);
  const currentOthers = (h.status?.currentMetrics ?? []).filter(
    (m: Obj) => !(m.type === 'Resource' && m.resource?.name === 'cpu'),
  );
  if (currentOthers.length) annotations[CURRENT_ANNOTATION] = JSON.stringify(currentOthers);
  const metadata = { ...h.metadata };
  if (Object.keys(annotations).length) metadata.annotations = annotations;
  const spec: Obj = { scaleTargetRef: h.spec?.scaleTargetRef, maxReplicas: h.spec?.maxReplicas };
  if (h.spec?.minReplicas !== undefined) spec.minReplicas = h.spec.minReplicas;
  if (cpu) spec.targetCPUUtilizationPercentage = cpu.resource.target.averageUtilization;
  const status: Obj = {
    currentReplicas: h.status?.currentReplicas ?? 0,
    desiredReplicas: h.status?.desiredReplicas ?? 0,
  };
  if (h.status?.observedGeneration !== undefined) status.observedGeneration = h.status.observedGeneration;
  if (h.status?.lastScaleTime) status.lastScaleTime = h.status.lastScaleTime;
  const curCpu = (h.status?.currentMetrics ?? []).find((m: Obj) => m.type === 'Resource' && m.resource?.name === 'cpu');
  if (curCpu?.resource?.current?.averageUtilization !== undefined)
    status.currentCPUUtilizationPercentage = curCpu.resource.current.averageUtilization;
  return { apiVersion: 'autoscaling/v1', kind: 'HorizontalPodAutoscaler', metadata, spec, status };
}

/** An autoscaling/v1 HPA in its stored autoscaling/v2 form. */
export function hpaV1ToV2(h: Obj): Obj {
  const annotations: Obj = { ...h.metadata?.annotations };
  let others: Obj[] = [];
  if (annotations[METRICS_ANNOTATION]) {
    try {
      others = JSON.parse(annotations[METRICS_ANNOTATION]);
    } catch {
      others = [];
    }
  }
  let conditions: Obj[] | undefined;
  try {
    conditions = annotations[CONDITIONS_ANNOTATION] ? JSON.parse(annotations[CONDITIONS_ANNOTATION]) : undefined;
  } catch {
    conditions = undefined;
  }
  delete annotations[METRICS_ANNOTATION];
  delete annotations[CONDITIONS_ANNOTATION];
  delete annotations[CURRENT_ANNOTATION];
  const metadata = { ...h.metadata };
  if (Object.keys(annotations).length) metadata.annotations = annotations;
  else delete metadata.annotations;
  const metrics: Obj[] = [];
  if (h.spec?.targetCPUUtilizationPercentage !== undefined) {
    metrics.push({
      type: 'Resource',
      resource: {
        name: 'cpu',
        target: { type: 'Utilization', averageUtilization: h.spec.targetCPUUtilizationPercentage },
      },
    });
  }
  metrics.push(...others);
  const spec: Obj = { scaleTargetRef: h.spec?.scaleTargetRef, maxReplicas: h.spec?.maxReplicas };
  if (h.spec?.minReplicas !== undefined) spec.minReplicas = h.spec.minReplicas;
  if (metrics.length) spec.metrics = metrics;
  const status: Obj = {
    currentReplicas: h.status?.currentReplicas ?? 0,
    desiredReplicas: h.status?.desiredReplicas ?? 0,
  };
  if (h.status?.observedGeneration !== undefined) status.observedGeneration = h.status.observedGeneration;
  if (h.status?.lastScaleTime) status.lastScaleTime = h.status.lastScaleTime;
  if (h.status?.currentCPUUtilizationPercentage !== undefined) {
    status.currentMetrics = [
      {
        type: 'Resource',
        resource: { name: 'cpu', current: { averageUtilization: h.status.currentCPUUtilizationPercentage } },
      },
    ];
  }
  if (conditions) status.conditions = conditions;
  return { apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler', metadata, spec, status };
}
