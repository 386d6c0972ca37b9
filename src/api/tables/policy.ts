/**
 * The policy/v1 poddisruptionbudgets table.
 */
import type { PodDisruptionBudget } from 'kubernetes-types/policy/v1.js';
import { ageColumn, column, nameColumn, printer } from './columns.js';
import { since } from './format.js';

const intOrString = (v: number | string | null | undefined): string =>
  v === undefined || v === null ? 'N/A' : String(v);

/** policy/v1 poddisruptionbudgets: MIN AVAILABLE and MAX UNAVAILABLE, `N/A` when unset. */
export const podDisruptionBudgetPrinter = printer<PodDisruptionBudget>(
  [
    nameColumn,
    column('Min Available', 'string', 'The minimum number of pods that must be available.'),
    column('Max Unavailable', 'string', 'The maximum number of pods that may be unavailable.'),
    column('Allowed Disruptions', 'integer', 'Calculated number of pods that may be disrupted at this time.'),
    ageColumn,
  ],
  (pdb, now) => [
    pdb.metadata?.name ?? '',
    intOrString(pdb.spec?.minAvailable),
    intOrString(pdb.spec?.maxUnavailable),
    pdb.status?.disruptionsAllowed ?? 0,
    since(pdb.metadata?.creationTimestamp, now),
  ],
);
