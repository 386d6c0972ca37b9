/**
 * Tables for flowcontrol.apiserver.k8s.io flowschemas and prioritylevelconfigurations.
 */
import type { FlowSchema, PriorityLevelConfiguration } from 'kubernetes-types/flowcontrol/v1.js';
import { ageColumn, column, nameColumn, printer } from './columns.js';
import { DOC } from './descriptions.js';
import { since } from './format.js';

/** flowcontrol.apiserver.k8s.io/v1 flowschemas: MISSINGPL is the `Dangling` condition, `?` if none. */
export const flowSchemaPrinter = printer<FlowSchema>(
  [
    nameColumn,
    column('PriorityLevel', 'string', DOC['fs.plName']),
    column('MatchingPrecedence', 'string', DOC['fs.matchingPrecedence']),
    column('DistinguisherMethod', 'string', DOC['fs.distinguisherMethod']),
    ageColumn,
    column('MissingPL', 'string', 'references a broken or non-existent PriorityLevelConfiguration'),
  ],
  (fs, now) => [
    fs.metadata?.name ?? '',
    fs.spec?.priorityLevelConfiguration?.name ?? '',
    // Defaulted to 1000 when unset.
    fs.spec?.matchingPrecedence ?? 1000,
    fs.spec?.distinguisherMethod?.type ?? '<none>',
    since(fs.metadata?.creationTimestamp, now),
    (fs.status?.conditions ?? []).find((c) => c.type === 'Dangling')?.status ?? '?',
  ],
);

/** flowcontrol.apiserver.k8s.io/v1 prioritylevelconfigurations; `<none>` for Exempt levels. */
export const priorityLevelConfigurationPrinter = printer<PriorityLevelConfiguration>(
  [
    nameColumn,
    column('Type', 'string', DOC['plc.type']),
    column('NominalConcurrencyShares', 'string', DOC['plc.ncs']),
    column('Queues', 'string', DOC['plc.queues']),
    column('HandSize', 'string', DOC['plc.handSize']),
    column('QueueLengthLimit', 'string', DOC['plc.queueLengthLimit']),
    ageColumn,
  ],
  (plc, now) => {
    const limited = plc.spec?.limited;
    const queuing = limited?.limitResponse?.queuing;
    // The API's defaults (30 shares; 64 queues, hand size 8, 50 long) fill unset fields.
    const shares: unknown = limited ? (limited.nominalConcurrencyShares ?? 30) : '<none>';
    return [
      plc.metadata?.name ?? '',
      plc.spec?.type ?? '',
      shares,
      queuing ? (queuing.queues ?? 64) : '<none>',
      queuing ? (queuing.handSize ?? 8) : '<none>',
      queuing ? (queuing.queueLengthLimit ?? 50) : '<none>',
      since(plc.metadata?.creationTimestamp, now),
    ];
  },
);
