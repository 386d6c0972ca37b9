/**
 * The lifecycle kwok simulates for a pod bound to one of its nodes: straight to Running and Ready
 * (kwok's pod-ready stage), optionally on to Succeeded or Failed when an annotation asks (kwok's
 * pod-complete stage does it for Job pods; we let any pod ask), and, once deletion is requested,
 * finished at once with grace period 0 (kwok's pod-delete stage).
 */
import type { ContainerState, ContainerStatus, Pod, PodStatus } from 'kubernetes-types/core/v1.js';
import { parseDuration } from '../machinery/duration.js';
import { completedConditions, runningConditions } from './pod-conditions.js';
import { type Instant, rfc3339 } from './time.js';

/** Annotation asking kwok to finish a running pod: `Succeeded` or `Failed`. */
export const COMPLETE_ANNOTATION = 'k8ts.io/kwok-complete';

/** Annotation delaying that completion by a Go duration (`5s`, `1m30s`) after the pod started. */
export const COMPLETE_AFTER_ANNOTATION = 'k8ts.io/kwok-complete-after';

/** The delete options kwok finishes a deleting pod with: no further grace. */
export const FINISH_DELETION_OPTIONS = Object.freeze({ gracePeriodSeconds: 0 });

export type TerminalPhase = 'Succeeded' | 'Failed';

export interface RunningStatusOptions {
  now: Instant;
  /** The pod's address; ignored for hostNetwork pods, which take `hostIP`. */
  podIP: string;
  /** The node's InternalIP. */
  hostIP: string;
}

function isSidecar(c: { restartPolicy?: string }): boolean {
  return c.restartPolicy === 'Always';
}

/**
 * The status the kubelet would report once every container of `pod` runs and is ready: phase
 * Running; conditions PodReadyToStartContainers, Initialized, Ready, ContainersReady, PodScheduled
 * True; one running, ready, started status per container (restartCount 0, `imageID` empty and no
 * `containerID`, as kwok leaves them); init containers terminated Completed with exit code 0, or
 * running when they are sidecars (`restartPolicy: Always`); host and pod IPs; startTime and
 * qosClass kept when already set, and a condition's transition time kept when its status is the
 * same.
 */
export function podRunningStatus(pod: Pod, opts: RunningStatusOptions): PodStatus {
  const t = rfc3339(opts.now);
  const podIP = pod.spec?.hostNetwork ? opts.hostIP : opts.podIP;
  const running: ContainerState = { running: { startedAt: t } };
  const status: PodStatus = {
    phase: 'Running',
    conditions: runningConditions(pod, t),
    hostIP: opts.hostIP,
    hostIPs: [{ ip: opts.hostIP }],
    podIP,
    podIPs: [{ ip: podIP }],
    startTime: pod.status?.startTime ?? t,
    initContainerStatuses: (pod.spec?.initContainers ?? []).map((c) =>
      isSidecar(c)
        ? containerStatus(c, { ready: true, started: true, state: running })
        : containerStatus(c, {
            ready: true,
            started: false,
            state: { terminated: { exitCode: 0, reason: 'Completed', startedAt: t, finishedAt: t } },
          }),
    ),
    containerStatuses: (pod.spec?.containers ?? []).map((c) =>
      containerStatus(c, { ready: true, started: true, state: running }),
    ),
  };
  if (!status.initContainerStatuses?.length) delete status.initContainerStatuses;
  if (pod.status?.qosClass) status.qosClass = pod.status.qosClass;
  return status;
}

/**
 * The status of `pod` once it reached `phase` at `now`: every container (sidecars included)
 * terminated, not ready, not started: reason Completed with exit code 0 when it succeeded, Error
 * with exit code 1 when it failed; startedAt kept from the running state. Ready and
 * ContainersReady turn False (PodCompleted / PodFailed), PodReadyToStartContainers False;
 * addresses, startTime, qosClass, restart counts and finished init containers are kept.
 */
export function podCompletedStatus(pod: Pod, phase: TerminalPhase, now: Instant): PodStatus {
  const t = rfc3339(now);
  const old = pod.status ?? {};
  const [exitCode, reason] = phase === 'Succeeded' ? [0, 'Completed'] : [1, 'Error'];
  const finish = (c: { name: string; image?: string }, prior: ContainerStatus[] | undefined) => {
    const prev = prior?.find((s) => s.name === c.name);
    // Already finished (init containers): the kubelet leaves those statuses as they are.
    if (prev?.state?.terminated) return prev;
    const startedAt = prev?.state?.running?.startedAt ?? t;
    return containerStatus(c, {
      ready: false,
      started: false,
      restartCount: prev?.restartCount,
      state: { terminated: { exitCode, reason, startedAt, finishedAt: t } },
    });
  };
  const status: PodStatus = {
    ...old,
    phase,
    conditions: completedConditions(pod, phase, t),
    startTime: old.startTime ?? t,
    initContainerStatuses: (pod.spec?.initContainers ?? []).map((c) => finish(c, old.initContainerStatuses)),
    containerStatuses: (pod.spec?.containers ?? []).map((c) => finish(c, old.containerStatuses)),
  };
  if (!status.initContainerStatuses?.length) delete status.initContainerStatuses;
  return status;
}

function containerStatus(
  c: { name: string; image?: string },
  s: { ready: boolean; started: boolean; state: ContainerState; restartCount?: number },
): ContainerStatus {
  return {
    name: c.name,
    image: c.image ?? '',
    imageID: '',
    ready: s.ready,
    restartCount: s.restartCount ?? 0,
    started: s.started,
    state: s.state,
  };
}

/**
 * The completion `pod` asks for through COMPLETE_ANNOTATION (exactly `Succeeded` or `Failed`) and
 * COMPLETE_AFTER_ANNOTATION (a non-negative Go duration, default 0), or undefined when it asks for
 * none or either value is malformed. Never throws.
 */
export function desiredCompletion(pod: Pod): { phase: TerminalPhase; afterMs: number } | undefined {
  const annotations = pod.metadata?.annotations ?? {};
  const phase = annotations[COMPLETE_ANNOTATION];
  if (phase !== 'Succeeded' && phase !== 'Failed') return undefined;
  const after = annotations[COMPLETE_AFTER_ANNOTATION];
  if (after === undefined) return { phase, afterMs: 0 };
  const afterMs = parseDuration(after.trim());
  // Malformed or negative: not a completion request.
  return Number.isNaN(afterMs) || afterMs < 0 ? undefined : { phase, afterMs };
}

/** Whether `pod` is in a terminal phase (Succeeded or Failed). */
export function isTerminal(pod: Pod): boolean {
  const phase = pod.status?.phase;
  return phase === 'Succeeded' || phase === 'Failed';
}

/**
 * Whether kwok should finish deleting `pod` now: true as soon as `metadata.deletionTimestamp` is
 * set, whatever the grace period, as kwok's pod-delete stage empties the finalizers and deletes
 * with FINISH_DELETION_OPTIONS at once. `_now` is accepted so a grace-honouring mode can be added
 * without changing callers; kwok's behaviour does not look at it.
 */
export function shouldFinishDeletion(pod: Pod, _now?: Instant): boolean {
  return Boolean(pod.metadata?.deletionTimestamp);
}
