/**
 * `kubectl get` for custom resources (upstream's CRD table convertor): a Name column, then the
 * version's printer columns; each cell is the first value its JSONPath finds, typed by the
 * column (a `date` becomes an age such as `5m`), or empty.
 */
import type { PrinterColumn, ResourceInfo } from '../../api/resources.js';
import { nameColumn } from '../../api/tables/columns.js';
import type { TableColumnDefinition } from '../../api/tables/index.js';
import { since } from '../../api/tables/format.js';
import type { KObject } from '../cacher/types.js';
import { findJSONPath } from './json-path.js';

/** The columns of `info`'s table. */
export function customColumns(info: ResourceInfo): TableColumnDefinition[] {
  return [
    nameColumn,
    ...(info.custom?.columns ?? []).map((c) => ({
      name: c.name,
      type: c.type,
      format: c.format ?? '',
      description: c.description ?? '',
      priority: c.priority ?? 0,
    })),
  ];
}

function cell(c: PrinterColumn, obj: KObject, now: Date): unknown {
  let found: unknown[];
  try {
    found = findJSONPath(obj, c.jsonPath);
  } catch {
    return null;
  }
  if (!found.length) return null;
  const v = found[0];
  switch (c.type) {
    case 'string':
      return typeof v === 'string' ? v : JSON.stringify(v);
    case 'integer':
      return typeof v === 'number' && Number.isInteger(v) ? v : null;
    case 'number':
      return typeof v === 'number' ? v : null;
    case 'boolean':
      return typeof v === 'boolean' ? v : null;
    case 'date':
      return typeof v === 'string' && !Number.isNaN(Date.parse(v)) ? since(v, now) : null;
    default:
      return null;
  }
}

/** The cells of one object's row. */
export function customCells(info: ResourceInfo, obj: KObject, now: Date): unknown[] {
  return [obj.metadata?.name, ...(info.custom?.columns ?? []).map((c) => cell(c, obj, now))];
}
