/**
 * Finding or creating a deployment's new ReplicaSet and syncing revisions (upstream's
 * `getAllReplicaSetsAndSyncRevision` and `getNewReplicaSet` in sync.go).
 */
import type { Deployment, ReplicaSet } from 'kubernetes-types/apps/v1.js';
import type { LabelSelector } from 'kubernetes-types/meta/v1.js';
import { isAlreadyExists, ApiError } from '../../machinery/errors.js';
import { getControllerOf, newControllerRef } from '../common/index.js';
import {
  MAX_REV_HISTORY_LENGTH_IN_CHARS,
  REVISION_ANNOTATION,
  maxRevision,
  setDeploymentRevision,
  setNewReplicaSetAnnotations,
} from './annotations.js';
import {
  FAILED_RS_CREATE,
  FOUND_NEW_RS,
  NEW_REPLICA_SET_CREATED,
  getCondition,
  hasProgressDeadline,
  newCondition,
  setCondition,
} from './conditions.js';
import { quote, type DeploymentEnv } from './env.js';
import { maxSurge, newRSNewReplicas } from './fenceposts.js';
import { POD_TEMPLATE_HASH_LABEL, computeHash, equalIgnoreHash } from './hash.js';
import { findNewReplicaSet, findOldReplicaSets } from './replica-sets.js';

/** Upstream's `labelsutil.CloneSelectorAndAddLabel`. */
export function cloneSelectorAndAddLabel(sel: LabelSelector | undefined, key: string, value: string): LabelSelector {
  const out: LabelSelector = structuredClone(sel ?? {});
  out.matchLabels = { ...(out.matchLabels ?? {}), [key]: value };
  return out;
}

/** True when the API refused a create because the namespace is being deleted. */
function namespaceTerminating(err: unknown): boolean {
  return (
    err instanceof ApiError &&
    !!err.details?.causes?.some(
      (c) => c.reason === 'NamespaceTerminating' || (c as { type?: string }).type === 'NamespaceTerminating',
    )
  );
}

/**
 * Upstream's `getAllReplicaSetsAndSyncRevision`: [new ReplicaSet (created when `create` and
 * missing), every old ReplicaSet], with the new one's and the deployment's revisions synced.
 */
export async function getAllReplicaSetsAndSyncRevision(
  env: DeploymentEnv,
  d: Deployment,
  rsList: ReplicaSet[],
  create: boolean,
): Promise<[ReplicaSet | undefined, ReplicaSet[]]> {
  const [, allOld] = findOldReplicaSets(d, rsList);
  const newRS = await getNewReplicaSet(env, d, rsList, allOld, create);
  return [newRS, allOld];
}

/**
 * Upstream's `getNewReplicaSet`. An existing new ReplicaSet gets the deployment's annotations,
 * revision max(old)+1 and minReadySeconds; the deployment takes its revision (and a
 * FoundNewReplicaSet condition when it had no Progressing one). A missing one is created, when
 * `create`, as `<deployment>-<hash>` sized by maxSurge; a name taken by a ReplicaSet that is not
 * ours bumps status.collisionCount and fails the sync so the next one hashes anew.
 */
export async function getNewReplicaSet(
  env: DeploymentEnv,
  d: Deployment,
  rsList: ReplicaSet[],
  oldRSs: ReplicaSet[],
  create: boolean,
): Promise<ReplicaSet | undefined> {
  const existing = findNewReplicaSet(d, rsList);
  const newRevision = String(maxRevision(oldRSs) + 1);
  const now = env.now();
  if (existing) {
    const rsCopy = structuredClone(existing);
    const annotationsUpdated = setNewReplicaSetAnnotations(
      d,
      rsCopy,
      newRevision,
      true,
      MAX_REV_HISTORY_LENGTH_IN_CHARS,
      maxSurge(d),
    );
    const minReady = d.spec?.minReadySeconds ?? 0;
    if (annotationsUpdated || (rsCopy.spec?.minReadySeconds ?? 0) !== minReady) {
      (rsCopy.spec ??= { selector: {} }).minReadySeconds = minReady;
      return env.updateReplicaSet(rsCopy);
    }
    // The revision the ReplicaSet already carries is the one to show on the deployment.
    let needsUpdate = setDeploymentRevision(d, rsCopy.metadata?.annotations?.[REVISION_ANNOTATION] ?? '');
    if (hasProgressDeadline(d) && !getCondition(d.status, 'Progressing')) {
      const msg = `Found new replica set ${quote(rsCopy.metadata?.name)}`;
      setCondition((d.status ??= {}), newCondition('Progressing', 'True', FOUND_NEW_RS, msg, now));
      needsUpdate = true;
    }
    if (needsUpdate) await env.updateDeploymentStatus(d);
    return rsCopy;
  }
  if (!create) return undefined;

  const template = structuredClone(d.spec?.template ?? {});
  const hash = computeHash(template, d.status?.collisionCount);
  (template.metadata ??= {}).labels = {
    ...(d.spec?.template?.metadata?.labels ?? {}),
    [POD_TEMPLATE_HASH_LABEL]: hash,
  };
  const newRS: ReplicaSet = {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: {
      // A deterministic name makes creation idempotent.
      name: `${d.metadata?.name}-${hash}`,
      namespace: d.metadata?.namespace,
      ownerReferences: [newControllerRef(d, 'apps/v1', 'Deployment')],
      labels: { ...template.metadata.labels },
    },
    spec: {
      replicas: 0,
      selector: cloneSelectorAndAddLabel(d.spec?.selector, POD_TEMPLATE_HASH_LABEL, hash),
      template,
    },
  };
  if (d.spec?.minReadySeconds) newRS.spec!.minReadySeconds = d.spec.minReadySeconds;
  const newReplicas = newRSNewReplicas(d, [...oldRSs, newRS], newRS);
  newRS.spec!.replicas = newReplicas;
  setNewReplicaSetAnnotations(d, newRS, newRevision, false, MAX_REV_HISTORY_LENGTH_IN_CHARS, maxSurge(d));

  let created: ReplicaSet;
  let alreadyExists = false;
  try {
    created = await env.createReplicaSet(newRS);
  } catch (err) {
    if (isAlreadyExists(err)) {
      alreadyExists = true;
      const rs = env.cachedReplicaSet(newRS.metadata!.namespace ?? '', newRS.metadata!.name!);
      if (!rs) throw err;
      const ref = getControllerOf(rs);
      if (ref && ref.uid === d.metadata?.uid && equalIgnoreHash(d.spec?.template, rs.spec?.template)) {
        created = rs;
      } else {
        // A hash collision: count it so the next sync names the ReplicaSet differently.
        const status = (d.status ??= {});
        status.collisionCount = (status.collisionCount ?? 0) + 1;
        await env.updateDeploymentStatus(d).catch(() => undefined);
        throw err;
      }
    } else if (namespaceTerminating(err)) {
      throw err;
    } else {
      const msg = `Failed to create new replica set ${quote(newRS.metadata?.name)}: ${(err as Error).message}`;
      if (hasProgressDeadline(d)) {
        setCondition((d.status ??= {}), newCondition('Progressing', 'False', FAILED_RS_CREATE, msg, now));
        // The create failure is what matters; a failed status write is retried with the sync.
        await env.updateDeploymentStatus(d).catch(() => undefined);
      }
      env.event(d, 'Warning', FAILED_RS_CREATE, '%s', msg);
      throw err;
    }
  }
  if (!alreadyExists && newReplicas > 0) {
    env.event(
      d,
      'Normal',
      'ScalingReplicaSet',
      'Scaled up replica set %s from 0 to %d',
      created.metadata?.name,
      newReplicas,
    );
  }
  let needsUpdate = setDeploymentRevision(d, newRevision);
  if (!alreadyExists && hasProgressDeadline(d)) {
    const msg = `Created new replica set ${quote(created.metadata?.name)}`;
    setCondition((d.status ??= {}), newCondition('Progressing', 'True', NEW_REPLICA_SET_CREATED, msg, now));
    needsUpdate = true;
  }
  if (needsUpdate) await env.updateDeploymentStatus(d);
  return created;
}
