/**
 * Rollback through the deprecated `deprecated.deployment.rollback.to` annotation (upstream's
 * rollback.go). kubectl 1.32's `rollout undo` patches the template itself and never sets it;
 * the annotation is honoured for older clients: the template of the ReplicaSet with that
 * revision (0: the previous one) is copied back and the annotation cleared.
 */
import type { Deployment, ReplicaSet } from 'kubernetes-types/apps/v1.js';
import type { PodTemplateSpec } from 'kubernetes-types/core/v1.js';
import { clearRollbackTo, getRollbackTo, lastRevision, revisionOf, setDeploymentAnnotationsTo } from './annotations.js';
import { ROLLBACK_DONE, ROLLBACK_REVISION_NOT_FOUND, ROLLBACK_TEMPLATE_UNCHANGED } from './conditions.js';
import { quote, type DeploymentEnv } from './env.js';
import { POD_TEMPLATE_HASH_LABEL, equalIgnoreHash } from './hash.js';
import { getAllReplicaSetsAndSyncRevision } from './new-replica-set.js';

/** Upstream's `rollback`. */
export async function rollback(env: DeploymentEnv, d: Deployment, rsList: ReplicaSet[]): Promise<void> {
  const [newRS, oldRSs] = await getAllReplicaSetsAndSyncRevision(env, d, rsList, true);
  const allRSs = [...oldRSs, ...(newRS ? [newRS] : [])];
  let revision = getRollbackTo(d) ?? 0;
  if (revision === 0) {
    revision = lastRevision(allRSs);
    if (revision === 0) {
      env.event(d, 'Warning', ROLLBACK_REVISION_NOT_FOUND, 'Unable to find last revision.');
      return updateDeploymentAndClearRollbackTo(env, d);
    }
  }
  for (const rs of allRSs) {
    if (revisionOf(rs) !== revision) continue;
    // The revision moves to max+1 on the next sync, when the template matches this ReplicaSet.
    if (!equalIgnoreHash(d.spec?.template, rs.spec?.template)) {
      setFromReplicaSetTemplate(d, rs.spec?.template);
      // The deployment takes the ReplicaSet's annotations (change-cause among them), or its
      // current ones would be copied onto the ReplicaSet rolled back to.
      setDeploymentAnnotationsTo(d, rs);
      await updateDeploymentAndClearRollbackTo(env, d);
      env.event(
        d,
        'Normal',
        ROLLBACK_DONE,
        'Rolled back deployment %s to revision %d',
        quote(d.metadata?.name),
        revision,
      );
      return;
    }
    const msg = `The rollback revision contains the same template as current deployment ${quote(d.metadata?.name)}`;
    env.event(d, 'Warning', ROLLBACK_TEMPLATE_UNCHANGED, '%s', msg);
    return updateDeploymentAndClearRollbackTo(env, d);
  }
  env.event(d, 'Warning', ROLLBACK_REVISION_NOT_FOUND, 'Unable to find the revision to rollback to.');
  return updateDeploymentAndClearRollbackTo(env, d);
}

/** Upstream's `SetFromReplicaSetTemplate`: the template, without the hash label. */
export function setFromReplicaSetTemplate(d: Deployment, template: PodTemplateSpec | undefined): void {
  const t = structuredClone(template ?? {});
  if (t.metadata?.labels) delete t.metadata.labels[POD_TEMPLATE_HASH_LABEL];
  (d.spec ??= { selector: {}, template: {} }).template = t;
}

async function updateDeploymentAndClearRollbackTo(env: DeploymentEnv, d: Deployment): Promise<void> {
  clearRollbackTo(d);
  await env.updateDeployment(d);
}
