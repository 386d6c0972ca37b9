/**
 * Tables for coordination.k8s.io leases and leasecandidates.
 */
import type { Lease } from 'kubernetes-types/coordination/v1.js';
import type { ObjectMeta } from 'kubernetes-types/meta/v1.js';
import { ageColumn, column, nameColumn, printer } from './columns.js';
import { DOC } from './descriptions.js';
import { since } from './format.js';

/** coordination.k8s.io/v1alpha2 LeaseCandidate (1.32; not in kubernetes-types 1.30). */
export interface LeaseCandidate {
  metadata?: ObjectMeta;
  spec?: { leaseName?: string; binaryVersion?: string; emulationVersion?: string };
}

/** coordination.k8s.io/v1 leases: the HOLDER's identity. */
export const leasePrinter = printer<Lease>(
  [nameColumn, column('Holder', 'string', DOC['lease.holderIdentity']), ageColumn],
  (l, now) => [l.metadata?.name ?? '', l.spec?.holderIdentity ?? '', since(l.metadata?.creationTimestamp, now)],
);

/** coordination.k8s.io leasecandidates. Upstream quotes ObjectMeta docs that do not exist: empty. */
export const leaseCandidatePrinter = printer<LeaseCandidate>(
  [
    nameColumn,
    column('LeaseName', 'string', DOC['lc.leaseName']),
    column('BinaryVersion', 'string', ''),
    column('EmulationVersion', 'string', ''),
    ageColumn,
  ],
  (c, now) => [
    c.metadata?.name ?? '',
    c.spec?.leaseName ?? '',
    c.spec?.binaryVersion ?? '',
    c.spec?.emulationVersion ?? '',
    since(c.metadata?.creationTimestamp, now),
  ],
);
