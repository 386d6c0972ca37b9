/**
 * The pods table: upstream's printPod, the most read row in Kubernetes. STATUS is worked out from
 * the phase, the pod's reason, scheduling gates, init containers (sidecars count as containers
 * once started) and the last container status with a reason, in that order; READY counts ready
 * running containers; RESTARTS carries "(age ago)" of the last restart.
 */
import type { Container, ContainerStatus, Pod, PodStatus } from 'kubernetes-types/core/v1.js';
import { ageColumn, column, nameColumn, printer, wide } from './columns.js';
import { DOC } from './descriptions.js';
import { humanDuration } from './duration.js';
import { since, timeOf } from './format.js';
import type { TableRowCondition } from './types.js';

const columns = [
  nameColumn,
  column('Ready', 'string', 'The aggregate readiness state of this pod for accepting traffic.'),
  column('Status', 'string', 'The aggregate status of the containers in this pod.'),
  column(
    'Restarts',
    'string',
    'The number of times the containers in this pod have been restarted and when the last container in this pod has restarted.',
  ),
  ageColumn,
  wide(column('IP', 'string', DOC['pod.podIP'])),
  wide(column('Node', 'string', DOC['pod.nodeName'])),
  wide(column('Nominated Node', 'string', DOC['pod.nominatedNodeName'])),
  wide(column('Readiness Gates', 'string', DOC['pod.readinessGates'])),
];

const SUCCEEDED: TableRowCondition[] = [
  { type: 'Completed', status: 'True', reason: 'Succeeded', message: 'The pod has completed successfully.' },
];
const FAILED: TableRowCondition[] = [
  { type: 'Completed', status: 'True', reason: 'Failed', message: 'The pod failed.' },
];

/** A sidecar: an init container with `restartPolicy: Always`. */
const isRestartable = (c: Container | undefined): boolean => c?.restartPolicy === 'Always';

/** Tracks a restart count and the latest `lastState.terminated.finishedAt` seen with it. */
class Restarts {
  count = 0;
  last: number | undefined;

  add(c: ContainerStatus): void {
    this.count += c.restartCount ?? 0;
    const finished = timeOf(c.lastState?.terminated?.finishedAt);
    if (finished !== undefined && (this.last === undefined || this.last < finished)) this.last = finished;
  }
}

const conditionTrue = (status: PodStatus, type: string): boolean =>
  (status.conditions ?? []).some((c) => c.type === type && c.status === 'True');

/** isPodInitializedConditionTrue: the first `Initialized` condition decides. */
const initialized = (status: PodStatus): boolean =>
  (status.conditions ?? []).find((c) => c.type === 'Initialized')?.status === 'True';

function readinessGates(pod: Pod): string {
  const gates = pod.spec?.readinessGates ?? [];
  if (gates.length === 0) return '<none>';
  const conditions = pod.status?.conditions ?? [];
  const met = gates.filter((g) => conditions.find((c) => c.type === g.conditionType)?.status === 'True').length;
  return `${met}/${gates.length}`;
}

function podCells(pod: Pod, now: Date): unknown[] {
  const spec = pod.spec;
  const status = pod.status ?? {};
  const initContainers = spec?.initContainers ?? [];
  const phase = status.phase ?? '';
  let reason = status.reason || phase;
  if ((status.conditions ?? []).some((c) => c.type === 'PodScheduled' && c.reason === 'SchedulingGated')) {
    reason = 'SchedulingGated';
  }

  const byName = new Map(initContainers.map((c) => [c.name, c]));
  const total = (spec?.containers ?? []).length + initContainers.filter(isRestartable).length;
  let ready = 0;
  let restarts = new Restarts();
  const sidecarRestarts = new Restarts();

  let initializing = false;
  const initStatuses = status.initContainerStatuses ?? [];
  for (let i = 0; i < initStatuses.length; i++) {
    const c = initStatuses[i];
    restarts.add(c);
    const sidecar = isRestartable(byName.get(c.name));
    if (sidecar) sidecarRestarts.add(c);
    const terminated = c.state?.terminated;
    const waiting = c.state?.waiting;
    if (terminated && (terminated.exitCode ?? 0) === 0) continue;
    if (sidecar && c.started === true) {
      if (c.ready) ready++;
      continue;
    }
    if (terminated) {
      if (terminated.reason) reason = `Init:${terminated.reason}`;
      else if (terminated.signal) reason = `Init:Signal:${terminated.signal}`;
      else reason = `Init:ExitCode:${terminated.exitCode ?? 0}`;
    } else if (waiting?.reason && waiting.reason !== 'PodInitializing') {
      reason = `Init:${waiting.reason}`;
    } else {
      reason = `Init:${i}/${initContainers.length}`;
    }
    initializing = true;
    break;
  }

  if (!initializing || initialized(status)) {
    // Once initialized, only sidecars' restarts still count among the init containers'.
    restarts = sidecarRestarts;
    let hasRunning = false;
    const statuses = status.containerStatuses ?? [];
    for (let i = statuses.length - 1; i >= 0; i--) {
      const c = statuses[i];
      restarts.add(c);
      const { waiting, terminated, running } = c.state ?? {};
      if (waiting?.reason) reason = waiting.reason;
      else if (terminated?.reason) reason = terminated.reason;
      else if (terminated) {
        reason = terminated.signal ? `Signal:${terminated.signal}` : `ExitCode:${terminated.exitCode ?? 0}`;
      } else if (c.ready && running) {
        hasRunning = true;
        ready++;
      }
    }
    // A pod whose last container completed is still running while another one runs.
    if (reason === 'Completed' && hasRunning) reason = conditionTrue(status, 'Ready') ? 'Running' : 'NotReady';
  }

  if (pod.metadata?.deletionTimestamp && status.reason === 'NodeLost') reason = 'Unknown';
  else if (pod.metadata?.deletionTimestamp && phase !== 'Succeeded' && phase !== 'Failed') reason = 'Terminating';

  let restartsCell = `${restarts.count}`;
  if (restarts.count !== 0 && restarts.last !== undefined) {
    restartsCell += ` (${humanDuration(now.getTime() - restarts.last)} ago)`;
  }
  return [
    pod.metadata?.name ?? '',
    `${ready}/${total}`,
    reason,
    restartsCell,
    since(pod.metadata?.creationTimestamp, now),
    status.podIPs?.[0]?.ip || status.podIP || '<none>',
    spec?.nodeName || '<none>',
    status.nominatedNodeName || '<none>',
    readinessGates(pod),
  ];
}

/** Row conditions: `Completed` for pods that Succeeded or Failed, so `--watch` can dim them. */
function podConditions(pod: Pod): TableRowCondition[] | undefined {
  switch (pod.status?.phase) {
    case 'Succeeded':
      return SUCCEEDED;
    case 'Failed':
      return FAILED;
    default:
      return undefined;
  }
}

/** core/v1 pods. */
export const podPrinter = printer<Pod>(columns, podCells, podConditions);
