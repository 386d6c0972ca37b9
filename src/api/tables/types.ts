/**
 * The meta.k8s.io/v1 Table vocabulary the printers produce, and the shape of one printer.
 */

/** metav1.TableColumnDefinition. `priority` 0 is always shown; 1 only with `-o wide`. */
export interface TableColumnDefinition {
  name: string;
  type: string;
  format: string;
  description: string;
  priority: number;
}

/** metav1.TableRowCondition; upstream sets only `Completed`, on finished pods. */
export interface TableRowCondition {
  type: string;
  status: string;
  reason?: string;
  message?: string;
}

/** metav1.TableRow. The caller fills `object` (PartialObjectMetadata or the full object). */
export interface TableRow {
  cells: unknown[];
  object?: unknown;
  conditions?: TableRowCondition[];
}

/**
 * How one resource prints: its columns and, for one object, a cell per column (wide columns
 * included — the server always prints wide and kubectl hides priority-1 columns itself).
 */
export interface Printer<T = never> {
  columns: TableColumnDefinition[];
  cells(obj: T, now: Date): unknown[];
  conditions?(obj: T): TableRowCondition[] | undefined;
}
