/**
 * Server-side printing: the meta.k8s.io/v1 Table columns and row cells upstream's apiserver
 * (release 1.32, pkg/printers/internalversion) answers to
 * `Accept: application/json;as=Table;v=v1;g=meta.k8s.io`. One registry names the printer of every
 * built-in resource; anything else prints the default NAME / CREATED AT table.
 */
import { defaultPrinter } from './default-table.js';
import { PRINTERS } from './registry.js';
import type { Printer, TableColumnDefinition, TableRowCondition } from './types.js';

export type { TableColumnDefinition, TableRow, TableRowCondition } from './types.js';
export { humanDuration, shortHumanDuration } from './duration.js';

const keyOf = (group: string, resource: string) => (group ? `${group}/${resource}` : resource);

/** The printer for a resource, or the default table's. */
function printerFor(group: string, resource: string): Printer<never> {
  return PRINTERS[keyOf(group, resource)] ?? (defaultPrinter as Printer<never>);
}

/** Whether a resource has a printer of its own (else it prints the default table). */
export function hasPrinter(group: string, resource: string): boolean {
  return Object.hasOwn(PRINTERS, keyOf(group, resource));
}

/**
 * Columns for a resource (group '' for core), or the default NAME/CREATED AT columns for unknown
 * ones. All columns are returned, wide ones with `priority: 1`. The array is shared: do not mutate.
 */
export function columnsFor(group: string, resource: string): TableColumnDefinition[] {
  return printerFor(group, resource).columns;
}

/**
 * One row's cells for an object of that resource, at time `now` (for ages): one cell per column
 * of {@link columnsFor}, in order (upstream's ipaddresses row carries one extra, its age).
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function cellsFor(group: string, resource: string, obj: any, now: Date): unknown[] {
  return printerFor(group, resource).cells(obj as never, now);
}

/** The row's `conditions` (`Completed` for finished pods), or `undefined` when it has none. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function rowConditionsFor(group: string, resource: string, obj: any): TableRowCondition[] | undefined {
  return printerFor(group, resource).conditions?.(obj as never);
}
