/**
 * The nodes table: upstream's printNode. STATUS is `Ready`/`NotReady`/`Unknown` from the Ready
 * condition, plus `SchedulingDisabled` when cordoned; ROLES come from `node-role.kubernetes.io/<role>`
 * label keys and the legacy `kubernetes.io/role` label value.
 */
import type { Node } from 'kubernetes-types/core/v1.js';
import { ageColumn, column, nameColumn, printer, wide } from './columns.js';
import { DOC } from './descriptions.js';
import { since } from './format.js';

const ROLE_PREFIX = 'node-role.kubernetes.io/';
const LEGACY_ROLE_LABEL = 'kubernetes.io/role';

/** findNodeRoles: sorted, without duplicates. */
export function nodeRoles(node: Node): string[] {
  const roles = new Set<string>();
  for (const [key, value] of Object.entries(node.metadata?.labels ?? {})) {
    if (key.startsWith(ROLE_PREFIX)) {
      const role = key.slice(ROLE_PREFIX.length);
      if (role) roles.add(role);
    } else if (key === LEGACY_ROLE_LABEL && value !== '') {
      roles.add(value);
    }
  }
  return [...roles].sort();
}

function nodeStatus(node: Node): string {
  // The last Ready condition wins, as upstream's condition map keeps the last one per type.
  const ready = (node.status?.conditions ?? []).filter((c) => c.type === 'Ready').pop();
  const status = [ready ? (ready.status === 'True' ? 'Ready' : 'NotReady') : 'Unknown'];
  if (node.spec?.unschedulable) status.push('SchedulingDisabled');
  return status.join(',');
}

const address = (node: Node, type: string): string =>
  (node.status?.addresses ?? []).find((a) => a.type === type)?.address ?? '<none>';

/** core/v1 nodes. */
export const nodePrinter = printer<Node>(
  [
    nameColumn,
    column('Status', 'string', 'The status of the node'),
    column('Roles', 'string', 'The roles of the node'),
    ageColumn,
    column('Version', 'string', DOC['node.kubeletVersion']),
    wide(column('Internal-IP', 'string', DOC['node.addresses'])),
    wide(column('External-IP', 'string', DOC['node.addresses'])),
    wide(column('OS-Image', 'string', DOC['node.osImage'])),
    wide(column('Kernel-Version', 'string', DOC['node.kernelVersion'])),
    wide(column('Container-Runtime', 'string', DOC['node.containerRuntimeVersion'])),
  ],
  (node, now) => {
    const info = node.status?.nodeInfo;
    return [
      node.metadata?.name ?? '',
      nodeStatus(node),
      nodeRoles(node).join(',') || '<none>',
      since(node.metadata?.creationTimestamp, now),
      info?.kubeletVersion ?? '',
      address(node, 'InternalIP'),
      address(node, 'ExternalIP'),
      info?.osImage || '<unknown>',
      info?.kernelVersion || '<unknown>',
      info?.containerRuntimeVersion || '<unknown>',
    ];
  },
);
