/**
 * Query options of the resource verbs, as metav1.ListOptions, GetOptions, CreateOptions,
 * PatchOptions and DeleteOptions put them on the wire.
 */
import type { Query } from './client.js';

/** `?dryRun=All`; `true` is All. */
export type DryRun = boolean | 'All';

/** Options every call takes. */
export interface CallOptions {
  /** The namespace; see ResourceClient for what unset means per verb. */
  namespace?: string;
  signal?: AbortSignal;
  timeoutMs?: number;
}

/** metav1.ListOptions (and what watch takes). */
export interface ListOptions extends CallOptions {
  labelSelector?: string;
  fieldSelector?: string;
  limit?: number;
  continue?: string;
  resourceVersion?: string;
  resourceVersionMatch?: 'NotOlderThan' | 'Exact';
  allowWatchBookmarks?: boolean;
  timeoutSeconds?: number;
  sendInitialEvents?: boolean;
}

/** metav1.GetOptions. */
export interface GetOptions extends CallOptions {
  resourceVersion?: string;
}

/** metav1.CreateOptions / UpdateOptions. */
export interface WriteOptions extends CallOptions {
  dryRun?: DryRun;
  fieldManager?: string;
  /** `Strict`, `Warn` or `Ignore`. */
  fieldValidation?: string;
}

/** metav1.PatchOptions; `force` is for apply patches only. */
export interface PatchOptions extends WriteOptions {
  force?: boolean;
}

/** metav1.DeleteOptions, sent as the body as client-go does. */
export interface DeleteOptions extends CallOptions {
  dryRun?: DryRun;
  gracePeriodSeconds?: number;
  propagationPolicy?: 'Orphan' | 'Background' | 'Foreground';
  preconditions?: { uid?: string; resourceVersion?: string };
}

const dry = (d: DryRun | undefined) => (d ? 'All' : undefined);

/** The query of a list or watch. */
export function listQuery(o: ListOptions): Query {
  return {
    labelSelector: o.labelSelector || undefined,
    fieldSelector: o.fieldSelector || undefined,
    limit: o.limit || undefined,
    continue: o.continue || undefined,
    resourceVersion: o.resourceVersion,
    resourceVersionMatch: o.resourceVersionMatch,
    allowWatchBookmarks: o.allowWatchBookmarks || undefined,
    timeoutSeconds: o.timeoutSeconds,
    sendInitialEvents: o.sendInitialEvents,
  };
}

/** The query of a get. */
export const getQuery = (o: GetOptions): Query => ({ resourceVersion: o.resourceVersion || undefined });

/** The query of a create, update or patch. */
export function writeQuery(o: PatchOptions): Query {
  return {
    dryRun: dry(o.dryRun),
    fieldManager: o.fieldManager,
    fieldValidation: o.fieldValidation,
    force: o.force,
  };
}

/** The DeleteOptions body of a delete. */
export function deleteBody(o: DeleteOptions): Record<string, unknown> {
  const body: Record<string, unknown> = { kind: 'DeleteOptions', apiVersion: 'v1' };
  if (o.dryRun) body.dryRun = ['All'];
  if (o.gracePeriodSeconds !== undefined) body.gracePeriodSeconds = o.gracePeriodSeconds;
  if (o.propagationPolicy) body.propagationPolicy = o.propagationPolicy;
  if (o.preconditions) body.preconditions = o.preconditions;
  return body;
}
