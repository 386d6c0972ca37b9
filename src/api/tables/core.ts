/**
 * Tables for the smaller core/v1 kinds: namespaces, configmaps, secrets, serviceaccounts,
 * podtemplates, replicationcontrollers, componentstatuses and resourcequotas.
 */
import type {
  ComponentStatus,
  ConfigMap,
  Namespace,
  PodTemplate,
  ReplicationController,
  ResourceQuota,
  Secret,
  ServiceAccount,
} from 'kubernetes-types/core/v1.js';
import { ageColumn, column, containersColumn, imagesColumn, nameColumn, printer, wide } from './columns.js';
import { DOC } from './descriptions.js';
import { containerCells, formatLabels, since } from './format.js';
import { formatQuantity } from './quantity.js';

/** core/v1 namespaces: NAME, STATUS, AGE. */
export const namespacePrinter = printer<Namespace>(
  [nameColumn, column('Status', 'string', 'The status of the namespace'), ageColumn],
  (ns, now) => [ns.metadata?.name ?? '', ns.status?.phase ?? '', since(ns.metadata?.creationTimestamp, now)],
);

/** core/v1 configmaps: DATA counts `data` and `binaryData` keys. */
export const configMapPrinter = printer<ConfigMap>(
  [nameColumn, column('Data', 'string', DOC['cm.data']), ageColumn],
  (cm, now) => [
    cm.metadata?.name ?? '',
    Object.keys(cm.data ?? {}).length + Object.keys(cm.binaryData ?? {}).length,
    since(cm.metadata?.creationTimestamp, now),
  ],
);

/** core/v1 secrets: TYPE and the number of DATA keys. */
export const secretPrinter = printer<Secret>(
  [nameColumn, column('Type', 'string', DOC['secret.type']), column('Data', 'string', DOC['secret.data']), ageColumn],
  (s, now) => [
    s.metadata?.name ?? '',
    s.type ?? '',
    Object.keys(s.data ?? {}).length,
    since(s.metadata?.creationTimestamp, now),
  ],
);

/** core/v1 serviceaccounts: the number of listed SECRETS. */
export const serviceAccountPrinter = printer<ServiceAccount>(
  [nameColumn, column('Secrets', 'string', DOC['sa.secrets']), ageColumn],
  (sa, now) => [sa.metadata?.name ?? '', (sa.secrets ?? []).length, since(sa.metadata?.creationTimestamp, now)],
);

/** core/v1 podtemplates: containers, images and the template's labels; no AGE. */
export const podTemplatePrinter = printer<PodTemplate>(
  [nameColumn, containersColumn, imagesColumn, column('Pod Labels', 'string', 'The labels for the pod template.')],
  (t) => [
    t.metadata?.name ?? '',
    ...containerCells(t.template?.spec?.containers),
    formatLabels(t.template?.metadata?.labels),
  ],
);

/** core/v1 replicationcontrollers: DESIRED, CURRENT, READY; the template and selector when wide. */
export const replicationControllerPrinter = printer<ReplicationController>(
  [
    nameColumn,
    column('Desired', 'integer', DOC['rc.spec.replicas']),
    column('Current', 'integer', DOC['rc.status.replicas']),
    column('Ready', 'integer', DOC['rc.status.readyReplicas']),
    ageColumn,
    wide(containersColumn),
    wide(imagesColumn),
    wide(column('Selector', 'string', DOC['rc.spec.selector'])),
  ],
  (rc, now) => [
    rc.metadata?.name ?? '',
    rc.spec?.replicas ?? 1,
    rc.status?.replicas ?? 0,
    rc.status?.readyReplicas ?? 0,
    since(rc.metadata?.creationTimestamp, now),
    ...containerCells(rc.spec?.template?.spec?.containers),
    formatLabels(rc.spec?.selector),
  ],
);

/** core/v1 componentstatuses: the `Healthy` condition as STATUS, its MESSAGE and ERROR. */
export const componentStatusPrinter = printer<ComponentStatus>(
  [
    nameColumn,
    column('Status', 'string', 'Status of the component conditions'),
    column('Message', 'string', 'Message of the component conditions'),
    column('Error', 'string', 'Error of the component conditions'),
  ],
  (cs) => {
    const healthy = (cs.conditions ?? []).find((c) => c.type === 'Healthy');
    const status = healthy ? (healthy.status === 'True' ? 'Healthy' : 'Unhealthy') : 'Unknown';
    return [cs.metadata?.name ?? '', status, healthy?.message ?? '', healthy?.error ?? ''];
  },
);

/** core/v1 resourcequotas: `name: used/hard` pairs, `limits.*` under LIMIT, the rest under REQUEST. */
export const resourceQuotaPrinter = printer<ResourceQuota>(
  [
    nameColumn,
    column('Request', 'string', 'Request represents a minimum amount of cpu/memory that a container may consume.'),
    column(
      'Limit',
      'string',
      'Limits control the maximum amount of cpu/memory that a container may use independent of contention on the node.',
    ),
    ageColumn,
  ],
  (q, now) => {
    const hard = q.status?.hard ?? {};
    const used = q.status?.used ?? {};
    const requests: string[] = [];
    const limits: string[] = [];
    for (const name of Object.keys(hard).sort()) {
      const pieces = name.split('.');
      const into = pieces.length > 1 && pieces[0] === 'limits' ? limits : requests;
      into.push(`${name}: ${formatQuantity(used[name])}/${formatQuantity(hard[name])}`);
    }
    return [q.metadata?.name ?? '', requests.join(', '), limits.join(', '), since(q.metadata?.creationTimestamp, now)];
  },
);
