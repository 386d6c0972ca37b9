/**
 * Tables for resource.k8s.io (dynamic resource allocation, v1beta1 in 1.32): deviceclasses,
 * resourceclaims, resourceclaimtemplates, resourceslices. kubernetes-types 1.30 predates these
 * shapes, so the fields read are declared here.
 */
import type { ObjectMeta } from 'kubernetes-types/meta/v1.js';
import { ageColumn, column, nameColumn, printer } from './columns.js';
import { DOC } from './descriptions.js';
import { since } from './format.js';

/** The fields of a resource.k8s.io object the tables read. */
export interface DraObject {
  metadata?: ObjectMeta;
  spec?: { nodeName?: string; driver?: string; pool?: { name?: string } };
  status?: { allocation?: unknown; reservedFor?: unknown[] };
}

const nameAge = (o: DraObject, now: Date): unknown[] => [
  o.metadata?.name ?? '',
  since(o.metadata?.creationTimestamp, now),
];

/** resource.k8s.io deviceclasses. */
export const deviceClassPrinter = printer<DraObject>([nameColumn, ageColumn], nameAge);

/** resource.k8s.io resourceclaimtemplates. */
export const resourceClaimTemplatePrinter = printer<DraObject>([nameColumn, ageColumn], nameAge);

/** resourceClaimState: `deleted`, `pending`, `allocated`, `reserved`, comma-joined. */
function claimState(c: DraObject): string {
  const states: string[] = [];
  const deleting = !!c.metadata?.deletionTimestamp;
  if (deleting) states.push('deleted');
  if (c.status?.allocation === undefined || c.status.allocation === null) {
    if (!deleting) states.push('pending');
  } else {
    states.push('allocated');
    if ((c.status.reservedFor ?? []).length > 0) states.push('reserved');
  }
  return states.join(',');
}

/** resource.k8s.io resourceclaims. */
export const resourceClaimPrinter = printer<DraObject>(
  [
    nameColumn,
    column('State', 'string', 'A summary of the current state (allocated, pending, reserved, etc.).'),
    ageColumn,
  ],
  (c, now) => [c.metadata?.name ?? '', claimState(c), since(c.metadata?.creationTimestamp, now)],
);

/** resource.k8s.io resourceslices. */
export const resourceSlicePrinter = printer<DraObject>(
  [
    nameColumn,
    column('Node', 'string', DOC['slice.nodeName']),
    column('Driver', 'string', DOC['slice.driver']),
    column('Pool', 'string', DOC['slice.pool']),
    ageColumn,
  ],
  (s, now) => [
    s.metadata?.name ?? '',
    s.spec?.nodeName ?? '',
    s.spec?.driver ?? '',
    s.spec?.pool?.name ?? '',
    since(s.metadata?.creationTimestamp, now),
  ],
);
