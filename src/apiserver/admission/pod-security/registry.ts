/**
 * The check registry and pod evaluation (upstream policy/registry.go and checks.go): which checks
 * apply at a level and policy version, in upstream's order — baseline checks sorted by ID, then
 * restricted checks sorted by ID — with superseded baseline checks dropped at restricted.
 */
import { LATEST, parseVersion, versionMinor, type Level, type LevelVersion, type Version } from './api.js';
import { HOST_CHECKS } from './checks-baseline-host.js';
import { KERNEL_CHECKS } from './checks-baseline-kernel.js';
import { PROFILE_CHECKS } from './checks-baseline-profiles.js';
import { LINUX_RESTRICTED_CHECKS } from './checks-restricted-linux.js';
import { POD_RESTRICTED_CHECKS } from './checks-restricted-pod.js';
import { compareStrings } from './format.js';
import type { CheckDefinition, Failure, Json, VersionedCheck } from './types.js';

/** Every check upstream 1.32 enables by default. */
export const DEFAULT_CHECKS: readonly CheckDefinition[] = [
  ...PROFILE_CHECKS,
  ...HOST_CHECKS,
  ...KERNEL_CHECKS,
  ...LINUX_RESTRICTED_CHECKS,
  ...POD_RESTRICTED_CHECKS,
];

/** The newest policy version any check defines (1.32); newer versions and `latest` evaluate as it. */
export const MAX_POLICY_MINOR = Math.max(...DEFAULT_CHECKS.map((c) => c.versions[c.versions.length - 1].minVersion));

const byId = (a: CheckDefinition, b: CheckDefinition): number => compareStrings(a.id, b.id);
const ORDERED: readonly CheckDefinition[] = [
  ...DEFAULT_CHECKS.filter((c) => c.level === 'baseline').sort(byId),
  ...DEFAULT_CHECKS.filter((c) => c.level === 'restricted').sort(byId),
];

/** A check resolved to the revision that applies at one policy version. */
export interface ResolvedCheck {
  id: string;
  level: 'baseline' | 'restricted';
  revision: VersionedCheck;
}

function revisionAt(check: CheckDefinition, minor: number): VersionedCheck | undefined {
  let found: VersionedCheck | undefined;
  for (const v of check.versions) if (v.minVersion <= minor) found = v;
  return found;
}

const cache = new Map<string, ResolvedCheck[]>();

/**
 * The checks that run for `level` at `version`, in upstream's order. Privileged runs none.
 * Versions newer than the newest check revision (and `latest`) evaluate as that newest version.
 */
export function checksFor(level: Level, version: Version): ResolvedCheck[] {
  if (level === 'privileged') return [];
  const minor = Math.min(versionMinor(version === LATEST ? LATEST : parseVersion(version).value), MAX_POLICY_MINOR);
  const key = `${level}:${minor}`;
  const hit = cache.get(key);
  if (hit) return hit;
  const present: ResolvedCheck[] = [];
  for (const c of ORDERED) {
    const revision = revisionAt(c, minor);
    if (revision) present.push({ id: c.id, level: c.level, revision });
  }
  let result: ResolvedCheck[];
  if (level === 'baseline') {
    result = present.filter((c) => c.level === 'baseline');
  } else {
    const overridden = new Set(present.flatMap((c) => (c.level === 'restricted' ? (c.revision.overrides ?? []) : [])));
    result = present.filter((c) => c.level === 'restricted' || !overridden.has(c.id));
  }
  cache.set(key, result);
  return result;
}

/**
 * Evaluates a pod (or pod template) against a level and version, returning every failed check in
 * upstream's order; an empty list means the pod is allowed.
 */
export function evaluatePod(
  level: Level,
  version: Version,
  podMetadata: Json | undefined,
  podSpec: Json | undefined,
): Failure[] {
  const meta = podMetadata ?? {};
  const spec = podSpec ?? {};
  const failures: Failure[] = [];
  for (const c of checksFor(level, version)) {
    const r = c.revision.check(meta, spec);
    if (r)
      failures.push({
        checkId: c.id,
        forbiddenReason: r.forbiddenReason || 'unknown forbidden reason',
        forbiddenDetail: r.forbiddenDetail,
      });
  }
  return failures;
}

/** `evaluatePod` for a LevelVersion. */
export function evaluateLevelVersion(
  lv: LevelVersion,
  podMetadata: Json | undefined,
  podSpec: Json | undefined,
): Failure[] {
  return evaluatePod(lv.level, lv.version, podMetadata, podSpec);
}

/**
 * Upstream `AggregateCheckResult.ForbiddenDetail`: each reason followed by ` (detail)` when it has
 * one, joined with `, `.
 */
export function aggregateMessage(failures: readonly Failure[]): string {
  return failures
    .map((f) => (f.forbiddenDetail ? `${f.forbiddenReason} (${f.forbiddenDetail})` : f.forbiddenReason))
    .join(', ');
}

/** Upstream `AggregateCheckResult.ForbiddenReason`: the reasons alone, joined with `, `. */
export function aggregateReasons(failures: readonly Failure[]): string {
  return failures.map((f) => f.forbiddenReason).join(', ');
}
