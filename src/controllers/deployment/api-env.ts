/**
 * The {@link DeploymentEnv} the controller runs a sync in: writes through the API, reads of
 * the ReplicaSet cache, events from `deployment-controller`, and the requeue the sync asks for.
 */
import type { Deployment, ReplicaSet } from 'kubernetes-types/apps/v1.js';
import type { EventRecorder } from '../../client/events/index.js';
import type { Lister } from '../../client/informers/lister.js';
import type { ResourceClient } from '../../client/rest/resource-client.js';
import { isNotFound } from '../../machinery/errors.js';
import type { DeploymentEnv } from './env.js';

/** Sets the (read-only typed) resourceVersion we track across our own writes. */
function setResourceVersion(meta: { resourceVersion?: string }, rv: string | undefined): void {
  (meta as { resourceVersion?: string }).resourceVersion = rv;
}

export interface ApiEnvParts {
  deployments: ResourceClient<Deployment>;
  replicaSets: ResourceClient<ReplicaSet>;
  rsLister: Lister<ReplicaSet>;
  recorder: EventRecorder;
  now(): number;
}

/** An env for one sync; `requeueAfterMs` holds what it asked for. */
export function apiEnv(parts: ApiEnvParts): DeploymentEnv & { requeueAfterMs?: number } {
  const typed = <T extends { apiVersion?: string; kind?: string }>(o: T, kind: string): T => ({
    ...o,
    apiVersion: 'apps/v1',
    kind,
  });
  const env: DeploymentEnv & { requeueAfterMs?: number } = {
    now: parts.now,
    createReplicaSet: (rs) => parts.replicaSets.create(typed(rs, 'ReplicaSet'), { namespace: rs.metadata?.namespace }),
    updateReplicaSet: (rs) => parts.replicaSets.update(typed(rs, 'ReplicaSet'), { namespace: rs.metadata?.namespace }),
    async deleteReplicaSet(rs) {
      try {
        await parts.replicaSets.delete(rs.metadata!.name!, { namespace: rs.metadata?.namespace });
      } catch (err) {
        if (!isNotFound(err)) throw err;
      }
    },
    cachedReplicaSet: (namespace, name) => parts.rsLister.get(namespace, name),
    async updateDeploymentStatus(d) {
      // Upstream's status strategy takes annotations from a status write too: the revision rides along.
      const meta = (d.metadata ??= {});
      const updated = await parts.deployments.updateStatus(typed(d, 'Deployment'), { namespace: meta.namespace });
      setResourceVersion(meta, updated.metadata?.resourceVersion);
    },
    async updateDeployment(d) {
      const updated = await parts.deployments.update(typed(d, 'Deployment'), { namespace: d.metadata?.namespace });
      setResourceVersion((d.metadata ??= {}), updated.metadata?.resourceVersion);
    },
    event: (d, type, reason, fmt, ...args) => parts.recorder.eventf(typed(d, 'Deployment'), type, reason, fmt, ...args),
    requeueAfter(ms) {
      env.requeueAfterMs = env.requeueAfterMs === undefined ? ms : Math.min(env.requeueAfterMs, ms);
    },
  };
  return env;
}
