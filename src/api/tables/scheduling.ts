/**
 * Tables for scheduling.k8s.io priorityclasses and node.k8s.io runtimeclasses.
 */
import type { RuntimeClass } from 'kubernetes-types/node/v1.js';
import type { PriorityClass } from 'kubernetes-types/scheduling/v1.js';
import { ageColumn, column, nameColumn, printer } from './columns.js';
import { DOC } from './descriptions.js';
import { since } from './format.js';

/** scheduling.k8s.io/v1 priorityclasses. PREEMPTIONPOLICY is, upstream, not a wide column. */
export const priorityClassPrinter = printer<PriorityClass>(
  [
    nameColumn,
    column('Value', 'integer', DOC['pc.value']),
    column('Global-Default', 'boolean', DOC['pc.globalDefault']),
    ageColumn,
    column('PreemptionPolicy', 'string', DOC['pc.preemptionPolicy']),
  ],
  (pc, now) => [
    pc.metadata?.name ?? '',
    pc.value ?? 0,
    pc.globalDefault ?? false,
    since(pc.metadata?.creationTimestamp, now),
    pc.preemptionPolicy ?? '',
  ],
);

/** node.k8s.io/v1 runtimeclasses. Upstream quotes an ObjectMeta doc that does not exist: empty. */
export const runtimeClassPrinter = printer<RuntimeClass>(
  [nameColumn, column('Handler', 'string', ''), ageColumn],
  (rc, now) => [rc.metadata?.name ?? '', rc.handler ?? '', since(rc.metadata?.creationTimestamp, now)],
);
