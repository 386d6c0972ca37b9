/**
 * The default table (k8s.io/apiserver/pkg/registry/rest.NewDefaultTableConvertor): NAME and
 * CREATED AT, for every resource without a printer of its own — roles, clusterroles, limitranges,
 * customresourcedefinitions, csistoragecapacities. (Custom resources print differently upstream —
 * NAME plus their CRD's additionalPrinterColumns, or an AGE `date` column — which needs the CRD.)
 */
import type { ObjectMeta } from 'kubernetes-types/meta/v1.js';
import { column, nameColumn, printer } from './columns.js';
import { DOC } from './descriptions.js';
import { timeOf } from './format.js';

/** Go's time.RFC3339 of a UTC time: whole seconds, `Z`. The zero time when unset. */
export function rfc3339(ts: string | null | undefined): string {
  const t = timeOf(ts);
  if (t === undefined) return '0001-01-01T00:00:00Z';
  return new Date(t).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** NAME, CREATED AT (a `date` column holding the RFC 3339 creation time). */
export const defaultPrinter = printer<{ metadata?: ObjectMeta }>(
  [nameColumn, column('Created At', 'date', DOC['meta.creationTimestamp'])],
  (o) => [o.metadata?.name ?? '', rfc3339(o.metadata?.creationTimestamp)],
);
