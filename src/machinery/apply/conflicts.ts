/**
 * Apply conflicts: the fields an apply would change that other managers own, and the 409 the
 * apiserver answers with (apimachinery's `managedfields/internal/conflict.go` and
 * structured-merge-diff's `merge/conflict.go`), word for word, because kubectl prints it.
 */
import { ApiError, type StatusCause } from '../errors.js';
import { compareStrings, pathString, type Path } from './field-path.js';
import type { FieldSet } from './field-set.js';

/** One field another manager owns. `manager` is the manager's identifier (see `managerIdentifier`). */
export interface Conflict {
  manager: string;
  path: Path;
}

/** Thrown inside the engine when an apply conflicts; {@link conflictError} turns it into the 409. */
export class ConflictsError extends Error {
  constructor(readonly conflicts: Conflict[]) {
    super(conflicts.map((c) => `conflict with ${JSON.stringify(c.manager)}: ${pathString(c.path)}`).join('\n'));
    this.name = 'ConflictsError';
  }
}

/** One conflict per owned path, managers in identifier order, paths in set order (`ConflictsFromManagers`). */
export function conflictsFromManagers(sets: ReadonlyMap<string, FieldSet>): Conflict[] {
  const out: Conflict[] = [];
  for (const manager of [...sets.keys()].sort(compareStrings)) {
    for (const path of (sets.get(manager) as FieldSet).paths()) out.push({ manager, path });
  }
  return out;
}

/**
 * How a manager is named in conflict messages: `"kubectl"`, `"kubectl-edit" using apps/v1`,
 * `"kube-controller-manager" with subresource "status" using apps/v1`.
 */
export function printManager(identifier: string): string {
  let entry: { manager?: unknown; operation?: unknown; apiVersion?: unknown; subresource?: unknown; time?: unknown };
  try {
    entry = JSON.parse(identifier) as typeof entry;
    if (typeof entry !== 'object' || entry === null) throw new Error('not an entry');
  } catch {
    return JSON.stringify(identifier);
  }
  let s = JSON.stringify(typeof entry.manager === 'string' ? entry.manager : '');
  if (typeof entry.subresource === 'string' && entry.subresource !== '') {
    s += ` with subresource ${JSON.stringify(entry.subresource)}`;
  }
  if (entry.operation === 'Update') {
    const apiVersion = typeof entry.apiVersion === 'string' ? entry.apiVersion : '';
    return typeof entry.time === 'string' ? `${s} using ${apiVersion} at ${entry.time}` : `${s} using ${apiVersion}`;
  }
  return s;
}

/** The conflict message: `Apply failed with 1 conflict: conflict with "m": .spec.replicas`, or grouped by manager. */
export function conflictMessage(conflicts: readonly Conflict[]): string {
  if (conflicts.length === 1) {
    const [c] = conflicts;
    return `Apply failed with 1 conflict: conflict with ${printManager(c.manager)}: ${pathString(c.path)}`;
  }
  const byManager = new Map<string, Path[]>();
  for (const c of conflicts) byManager.set(c.manager, [...(byManager.get(c.manager) ?? []), c.path]);
  const lines: string[] = [];
  for (const manager of [...byManager.keys()].sort(compareStrings)) {
    lines.push(`conflicts with ${printManager(manager)}:`);
    for (const p of byManager.get(manager) as Path[]) lines.push(`- ${pathString(p)}`);
  }
  return `Apply failed with ${conflicts.length} conflicts: ${lines.join('\n')}`;
}

/** The 409 Conflict of an apply (`NewConflictError`): one `FieldManagerConflict` cause per field and manager. */
export function conflictError(conflicts: readonly Conflict[]): ApiError {
  const causes: StatusCause[] = conflicts.map((c) => ({
    reason: 'FieldManagerConflict',
    message: `conflict with ${printManager(c.manager)}`,
    field: pathString(c.path),
  }));
  return new ApiError(409, 'Conflict', conflictMessage(conflicts), { causes });
}
