/**
 * Test doubles for the deployment sync (upstream's fake clientset + FakeRecorder and the
 * `newDeployment`/`rs` fixtures of its tests): an env that records every write.
 */
import type { Deployment, DeploymentStatus, ReplicaSet, ReplicaSetStatus } from 'kubernetes-types/apps/v1.js';
import { goSprintf } from '../../client/events/go-sprintf.js';
import type { IntOrString } from '../../machinery/intstr.js';
import type { DeploymentEnv } from './env.js';

export interface FakeEnv extends DeploymentEnv {
  created: ReplicaSet[];
  updated: ReplicaSet[];
  deleted: string[];
  statuses: DeploymentStatus[];
  deploymentUpdates: Deployment[];
  events: string[];
  requeues: number[];
  /** What `cachedReplicaSet` answers. */
  cache: ReplicaSet[];
  /** Names whose update should fail (upstream's "failed rs update" cases). */
  failUpdates: Set<string>;
}

/** An env at wall time `nowMs` that records the writes instead of making them. */
export function fakeEnv(nowMs = Date.parse('2016-05-20T03:00:00Z')): FakeEnv {
  const env: FakeEnv = {
    created: [],
    updated: [],
    deleted: [],
    statuses: [],
    deploymentUpdates: [],
    events: [],
    requeues: [],
    cache: [],
    failUpdates: new Set(),
    now: () => nowMs,
    async createReplicaSet(rs) {
      env.created.push(structuredClone(rs));
      return { ...structuredClone(rs), metadata: { ...rs.metadata, uid: `uid-${rs.metadata?.name}` } };
    },
    async updateReplicaSet(rs) {
      if (env.failUpdates.has(rs.metadata?.name ?? '')) throw new Error('update failed');
      env.updated.push(structuredClone(rs));
      return structuredClone(rs);
    },
    async deleteReplicaSet(rs) {
      env.deleted.push(rs.metadata?.name ?? '');
    },
    cachedReplicaSet: (ns, name) => env.cache.find((rs) => rs.metadata?.namespace === ns && rs.metadata?.name === name),
    async updateDeploymentStatus(d) {
      env.statuses.push(structuredClone(d.status ?? {}));
    },
    async updateDeployment(d) {
      env.deploymentUpdates.push(structuredClone(d));
    },
    event(_d, type, reason, fmt, ...args) {
      env.events.push(`${type} ${reason} ${goSprintf(fmt, ...args)}`);
    },
    requeueAfter(ms) {
      env.requeues.push(ms);
    },
  };
  return env;
}

export interface DeploymentFixture {
  revisionHistoryLimit?: number;
  maxSurge?: IntOrString;
  maxUnavailable?: IntOrString;
  selector?: Record<string, string>;
}

/** Upstream's test `newDeployment`: RollingUpdate with surge and unavailable 0 unless given. */
export function newDeployment(name: string, replicas: number, f: DeploymentFixture = {}): Deployment {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace: 'default', uid: `uid-${name}`, annotations: {}, generation: 1 },
    spec: {
      replicas,
      strategy: {
        type: 'RollingUpdate',
        rollingUpdate: { maxSurge: f.maxSurge ?? 0, maxUnavailable: f.maxUnavailable ?? 0 },
      },
      selector: { matchLabels: f.selector },
      template: { metadata: { labels: f.selector }, spec: { containers: [{ name: 'c', image: 'foo/bar' }] } },
      revisionHistoryLimit: f.revisionHistoryLimit,
    },
  };
}

/** Upstream's test `rs`: a ReplicaSet of `replicas` created at `timestamp`. */
export function rs(name: string, replicas: number, selector?: Record<string, string>, timestamp?: string): ReplicaSet {
  return {
    metadata: { name, namespace: 'default', uid: `uid-${name}`, creationTimestamp: timestamp },
    spec: { replicas, selector: { matchLabels: selector }, template: {} },
  };
}

/** Upstream's test `newRSWithStatus`. */
export function rsWithStatus(name: string, specReplicas: number, statusReplicas: number): ReplicaSet {
  return withStatus(rs(name, specReplicas, { foo: 'bar' }), { replicas: statusReplicas });
}

/** `r` with `status` (kubernetes-types marks it read-only; fixtures write it). */
export function withStatus(r: ReplicaSet, status: Partial<ReplicaSetStatus>): ReplicaSet {
  (r as { status?: ReplicaSetStatus }).status = { replicas: 0, ...status };
  return r;
}

/** Sets a read-only-typed metadata field on a fixture. */
export function setMeta(o: { metadata?: object }, field: string, value: unknown): void {
  ((o.metadata ??= {}) as Record<string, unknown>)[field] = value;
}
