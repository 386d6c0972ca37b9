/**
 * Building column definitions the way upstream's printers.go spells them.
 */
import { DOC } from './descriptions.js';
import type { Printer, TableColumnDefinition } from './types.js';

/** A column; `priority: 1` marks it wide-only, `format: 'name'` marks the object's name. */
export function column(
  name: string,
  type: string,
  description: string,
  options: { priority?: number; format?: string } = {},
): TableColumnDefinition {
  return { name, type, format: options.format ?? '', description, priority: options.priority ?? 0 };
}

/** The same column, shown only with `-o wide`. */
export const wide = (c: TableColumnDefinition): TableColumnDefinition => ({ ...c, priority: 1 });

/** `Name`: every printer's first column (events aside). */
export const nameColumn = column('Name', 'string', DOC['meta.name'], { format: 'name' });

/** `Age`, from metadata.creationTimestamp. */
export const ageColumn = column('Age', 'string', DOC['meta.creationTimestamp']);

/** `Containers` of a pod template, wide-only in most workload tables. */
export const containersColumn = column('Containers', 'string', 'Names of each container in the template.');

/** `Images` of a pod template, wide-only in most workload tables. */
export const imagesColumn = column('Images', 'string', 'Images referenced by each container in the template.');

/** Ties a printer's cells function to its columns, keeping the object type for the cells. */
export const printer = <T>(
  columns: TableColumnDefinition[],
  cells: (obj: T, now: Date) => unknown[],
  conditions?: Printer<T>['conditions'],
): Printer<T> => (conditions ? { columns, cells, conditions } : { columns, cells });
