/**
 * The audit flags of kube-apiserver (upstream's `server/options/audit.go`): `--audit-policy-file`,
 * `--audit-log-path`, `--audit-log-maxage`, `--audit-log-maxbackup`, `--audit-log-maxsize`,
 * `--audit-log-format`, `--audit-log-compress`; their validation and what they build.
 */
import { closeSync, mkdirSync, openSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { Auditor, type AuditorOptions } from './auditor.js';
import { ALLOWED_FORMATS, LogBackend, type LogBackendOptions, type LogFormat } from './log-backend.js';
import { parsePolicy, PolicyLoadError } from './policy.js';
import type { Policy } from './types.js';

export interface AuditOptions {
  /** `--audit-policy-file`. */
  policyFile?: string;
  /** `--audit-log-path`; `-` is standard output; empty disables the log backend. */
  logPath?: string;
  /** `--audit-log-maxage` (days). */
  logMaxAge?: number;
  /** `--audit-log-maxbackup`. */
  logMaxBackup?: number;
  /** `--audit-log-maxsize` (MB). */
  logMaxSize?: number;
  /** `--audit-log-format`, `json` (default) or `legacy`. */
  logFormat?: string;
  /** `--audit-log-compress`. */
  logCompress?: boolean;
}

/** Upstream's `AuditLogOptions.Validate` messages; nothing is checked when no log path is set. */
export function validateAuditOptions(o: AuditOptions): string[] {
  if (!o.logPath) return [];
  const errs: string[] = [];
  const format = o.logFormat ?? 'json';
  if (!(ALLOWED_FORMATS as readonly string[]).includes(format)) {
    errs.push(`invalid audit log format ${format}, allowed formats are ${JSON.stringify(ALLOWED_FORMATS.join(','))}`);
  }
  if ((o.logMaxAge ?? 0) < 0) errs.push(`--audit-log-maxage ${o.logMaxAge} can't be a negative number`);
  if ((o.logMaxBackup ?? 0) < 0) errs.push(`--audit-log-maxbackup ${o.logMaxBackup} can't be a negative number`);
  if ((o.logMaxSize ?? 0) < 0) errs.push(`--audit-log-maxsize ${o.logMaxSize} can't be a negative number`);
  return errs;
}

/** Go's `%+v` of an os.ReadFile error: `open <path>: no such file or directory`. */
function goPathError(op: string, path: string, e: NodeJS.ErrnoException): string {
  const texts: Record<string, string> = {
    ENOENT: 'no such file or directory',
    EACCES: 'permission denied',
    EISDIR: 'is a directory',
    ENOTDIR: 'not a directory',
  };
  return `${e.code === 'EISDIR' ? 'read' : op} ${path}: ${texts[e.code ?? ''] ?? e.message}`;
}

/**
 * Upstream's `LoadPolicyFromFile`: the file's policy, or `PolicyLoadError` with upstream's message
 * (`failed to read file path "…": …`, or the parse error followed by `: from file <path>`).
 */
export function loadPolicyFile(path: string, warn?: (message: string) => void): Policy {
  if (!path) throw new PolicyLoadError('file path not specified');
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new PolicyLoadError(
      `failed to read file path ${JSON.stringify(path)}: ${goPathError('open', path, e as NodeJS.ErrnoException)}`,
    );
  }
  try {
    return parsePolicy(text, { warn });
  } catch (e) {
    if (e instanceof PolicyLoadError) throw new PolicyLoadError(`${e.message}: from file ${path}`);
    throw e;
  }
}

/** Upstream's `ensureLogFile`: the directory (0700) and the file (0600) exist before first use. */
function ensureLogFile(path: string): void {
  try {
    mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
    closeSync(openSync(path, 'a+', 0o600));
  } catch (e) {
    throw new Error(`ensureLogFile: ${goPathError('open', path, e as NodeJS.ErrnoException)}`);
  }
}

/** What the flags build: an auditor only when there is both a policy and a backend. */
export interface AuditSetup {
  auditor?: Auditor;
  backend?: LogBackend;
  policy?: Policy;
}

/**
 * Validates the flags, reads the policy (`loading audit policy file: …` on failure) and opens the
 * log. Without a policy file nothing is audited (upstream logs that no events will be recorded).
 */
export function setupAudit(
  o: AuditOptions,
  extra: Pick<AuditorOptions, 'now' | 'newAuditID' | 'isLongRunning' | 'warn'> &
    Pick<LogBackendOptions, 'onError' | 'stdout' | 'bufferSize'> = {},
): AuditSetup {
  const errs = validateAuditOptions(o);
  if (errs.length > 0) throw new Error(errs.length === 1 ? errs[0] : `[${errs.join(', ')}]`);
  let policy: Policy | undefined;
  if (o.policyFile) {
    try {
      policy = loadPolicyFile(o.policyFile, extra.warn);
    } catch (e) {
      throw new PolicyLoadError(`loading audit policy file: ${(e as Error).message}`);
    }
  }
  if (!o.logPath || !policy) return { policy };
  if (o.logPath !== '-') ensureLogFile(o.logPath);
  const backend = new LogBackend({
    path: o.logPath,
    format: (o.logFormat ?? 'json') as LogFormat,
    maxAge: o.logMaxAge,
    maxBackup: o.logMaxBackup,
    maxSize: o.logMaxSize,
    compress: o.logCompress,
    onError: extra.onError,
    stdout: extra.stdout,
    bufferSize: extra.bufferSize,
  });
  const { now, newAuditID, isLongRunning, warn } = extra;
  const auditor = new Auditor({ policy, backend, now, newAuditID, isLongRunning, warn });
  return { auditor, backend, policy };
}
