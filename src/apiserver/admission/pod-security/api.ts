/**
 * Levels, versions and policies of Pod Security (upstream `k8s.io/pod-security-admission/api`).
 * A version is kept in its canonical text form — `"latest"` or `"v1.N"` — so two level/versions
 * compare equal exactly when upstream's structs would.
 */

export type Level = 'privileged' | 'baseline' | 'restricted';

/** `"latest"` or `"v1.N"` (no leading zeros). */
export type Version = string;

export const LATEST: Version = 'latest';

export const VALID_LEVELS: readonly Level[] = ['privileged', 'baseline', 'restricted'];

/** A level together with the policy version it is evaluated at. */
export interface LevelVersion {
  level: Level;
  version: Version;
}

/** The three modes of a namespace's policy. */
export interface Policy {
  enforce: LevelVersion;
  audit: LevelVersion;
  warn: LevelVersion;
}

/** Result of a parse: the value to use (upstream's fallback when invalid) and the error text. */
export interface Parsed<T> {
  value: T;
  error?: string;
}

/**
 * Upstream `ParseLevel`: one of privileged, baseline, restricted; anything else falls back to
 * `restricted` with the error `must be one of privileged, baseline, restricted`.
 */
export function parseLevel(level: string): Parsed<Level> {
  if ((VALID_LEVELS as readonly string[]).includes(level)) return { value: level as Level };
  return { value: 'restricted', error: `must be one of ${VALID_LEVELS.join(', ')}` };
}

const VERSION_RE = /^v1\.([0-9]|[1-9][0-9]*)$/;

/**
 * Upstream `ParseVersion`: `latest` or `v1.x`; anything else falls back to `latest` with the error
 * `must be "latest" or "v1.x"`.
 */
export function parseVersion(version: string): Parsed<Version> {
  if (version === LATEST) return { value: LATEST };
  const m = VERSION_RE.exec(version);
  if (!m || !Number.isSafeInteger(Number(m[1]))) return { value: LATEST, error: 'must be "latest" or "v1.x"' };
  return { value: `v1.${Number(m[1])}` };
}

/** The minor number of a version; `latest` is newer than any number. */
export function versionMinor(v: Version): number {
  return v === LATEST ? Infinity : Number(v.slice(3));
}

/** `v1.N` for a minor number. */
export function majorMinor(minor: number): Version {
  return `v1.${minor}`;
}

/** `level:version`, e.g. `restricted:latest` (upstream `LevelVersion.String`). */
export function levelVersionString(lv: LevelVersion): string {
  return `${lv.level}:${lv.version}`;
}

export function levelVersionEqual(a: LevelVersion, b: LevelVersion): boolean {
  return a.level === b.level && a.version === b.version;
}

/**
 * Upstream `CompareLevels`: 0 when equal, -1 when `a` is less strict than `b`, +1 when stricter.
 */
export function compareLevels(a: Level, b: Level): number {
  if (a === b) return 0;
  return VALID_LEVELS.indexOf(a) < VALID_LEVELS.indexOf(b) ? -1 : 1;
}

/** The policy used when a namespace sets no labels: privileged:latest for every mode. */
export function defaultPolicy(): Policy {
  const lv = (): LevelVersion => ({ level: 'privileged', version: LATEST });
  return { enforce: lv(), audit: lv(), warn: lv() };
}

/** Upstream `Policy.FullyPrivileged`: every mode is privileged. */
export function fullyPrivileged(p: Policy): boolean {
  return p.enforce.level === 'privileged' && p.audit.level === 'privileged' && p.warn.level === 'privileged';
}

/** Upstream `LevelVersion.Equivalent`: both privileged, or the same level and version. */
export function levelVersionEquivalent(a: LevelVersion, b: LevelVersion): boolean {
  return (a.level === 'privileged' && b.level === 'privileged') || levelVersionEqual(a, b);
}

/** Upstream `Policy.Equivalent`: every mode equivalent. */
export function policyEquivalent(a: Policy, b: Policy): boolean {
  return (
    levelVersionEquivalent(a.enforce, b.enforce) &&
    levelVersionEquivalent(a.audit, b.audit) &&
    levelVersionEquivalent(a.warn, b.warn)
  );
}
