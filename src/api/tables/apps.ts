/**
 * Tables for apps/v1: deployments, replicasets, statefulsets, daemonsets, controllerrevisions.
 */
import type { ControllerRevision, DaemonSet, Deployment, ReplicaSet, StatefulSet } from 'kubernetes-types/apps/v1.js';
import { ageColumn, column, containersColumn, imagesColumn, nameColumn, printer, wide } from './columns.js';
import { DOC } from './descriptions.js';
import { containerCells, controllerOf, formatLabelSelector, formatLabels, selectorString, since } from './format.js';

const readyColumn = column('Ready', 'string', 'Number of the pod with ready state');

/** apps/v1 deployments: READY is `ready/desired`; the selector prints bare (empty, not `<none>`). */
export const deploymentPrinter = printer<Deployment>(
  [
    nameColumn,
    readyColumn,
    column('Up-to-date', 'string', DOC['deploy.updatedReplicas']),
    column('Available', 'string', DOC['deploy.availableReplicas']),
    ageColumn,
    wide(containersColumn),
    wide(imagesColumn),
    wide(column('Selector', 'string', DOC['deploy.selectorExt'])),
  ],
  (d, now) => [
    d.metadata?.name ?? '',
    `${d.status?.readyReplicas ?? 0}/${d.spec?.replicas ?? 1}`,
    d.status?.updatedReplicas ?? 0,
    d.status?.availableReplicas ?? 0,
    since(d.metadata?.creationTimestamp, now),
    ...containerCells(d.spec?.template?.spec?.containers),
    selectorString(d.spec?.selector) ?? '<invalid>',
  ],
);

/** apps/v1 replicasets: DESIRED, CURRENT, READY as integers. */
export const replicaSetPrinter = printer<ReplicaSet>(
  [
    nameColumn,
    column('Desired', 'integer', DOC['rs.spec.replicas']),
    column('Current', 'integer', DOC['rs.status.replicas']),
    column('Ready', 'integer', DOC['rs.readyReplicasExt']),
    ageColumn,
    wide(containersColumn),
    wide(imagesColumn),
    wide(column('Selector', 'string', DOC['rs.selectorExt'])),
  ],
  (rs, now) => [
    rs.metadata?.name ?? '',
    rs.spec?.replicas ?? 1,
    rs.status?.replicas ?? 0,
    rs.status?.readyReplicas ?? 0,
    since(rs.metadata?.creationTimestamp, now),
    ...containerCells(rs.spec?.template?.spec?.containers),
    formatLabelSelector(rs.spec?.selector),
  ],
);

/** apps/v1 statefulsets: READY is `ready/desired`. */
export const statefulSetPrinter = printer<StatefulSet>(
  [nameColumn, readyColumn, ageColumn, wide(containersColumn), wide(imagesColumn)],
  (s, now) => [
    s.metadata?.name ?? '',
    `${s.status?.readyReplicas ?? 0}/${s.spec?.replicas ?? 1}`,
    since(s.metadata?.creationTimestamp, now),
    ...containerCells(s.spec?.template?.spec?.containers),
  ],
);

/** apps/v1 daemonsets: the scheduling counts and the template's NODE SELECTOR. */
export const daemonSetPrinter = printer<DaemonSet>(
  [
    nameColumn,
    column('Desired', 'integer', DOC['ds.desiredNumberScheduled']),
    column('Current', 'integer', DOC['ds.currentNumberScheduled']),
    column('Ready', 'integer', DOC['ds.numberReadyExt']),
    column('Up-to-date', 'integer', DOC['ds.updatedNumberScheduled']),
    column('Available', 'integer', DOC['ds.numberAvailable']),
    column('Node Selector', 'string', DOC['pod.nodeSelector']),
    ageColumn,
    wide(containersColumn),
    wide(imagesColumn),
    wide(column('Selector', 'string', DOC['ds.selectorExt'])),
  ],
  (ds, now) => [
    ds.metadata?.name ?? '',
    ds.status?.desiredNumberScheduled ?? 0,
    ds.status?.currentNumberScheduled ?? 0,
    ds.status?.numberReady ?? 0,
    ds.status?.updatedNumberScheduled ?? 0,
    ds.status?.numberAvailable ?? 0,
    formatLabels(ds.spec?.template?.spec?.nodeSelector),
    since(ds.metadata?.creationTimestamp, now),
    ...containerCells(ds.spec?.template?.spec?.containers),
    formatLabelSelector(ds.spec?.selector),
  ],
);

/** formatResourceName with kind: `kind.group/name` in lower case, `kind/name` for the core group. */
function controllerName(rev: ControllerRevision): string {
  const ref = controllerOf(rev.metadata?.ownerReferences);
  if (!ref) return '<none>';
  const parts = (ref.apiVersion ?? '').split('/');
  const group = parts.length === 2 ? parts[0] : '';
  const kind = ref.kind ?? '';
  if (!group && !kind) return ref.name ?? '';
  return `${(group ? `${kind}.${group}` : kind).toLowerCase()}/${ref.name ?? ''}`;
}

/** apps/v1 controllerrevisions: the owning CONTROLLER and the REVISION number. */
export const controllerRevisionPrinter = printer<ControllerRevision>(
  [
    nameColumn,
    column('Controller', 'string', 'Controller of the object'),
    column('Revision', 'string', DOC['cr.revision']),
    ageColumn,
  ],
  (rev, now) => [
    rev.metadata?.name ?? '',
    controllerName(rev),
    rev.revision ?? 0,
    since(rev.metadata?.creationTimestamp, now),
  ],
);
