/**
 * Loading a KubeSchedulerConfiguration file as `kube-scheduler --config` does: read, decode
 * strictly, default, validate. Every failure is a ConfigError with upstream's message.
 */
import { readFileSync } from 'node:fs';
import { decodeConfig } from './decode.js';
import { setDefaults } from './defaults.js';
import { API_VERSION, ConfigError, KIND } from './types.js';
import type { ArgsValidator, SchedulerConfiguration } from './types.js';
import { aggregateMessages, validateConfig } from './validation.js';

/** Options for loading a configuration. */
export interface LoadOptions {
  /** Plugin args validators by plugin name; without them args are not checked here. */
  argsValidators?: ReadonlyMap<string, ArgsValidator>;
}

/** Decodes, defaults and validates config text (YAML or JSON); `source` names it in the ConfigError. */
export function parseConfig(text: string, source: string, options: LoadOptions = {}): SchedulerConfiguration {
  const cfg = setDefaults(decodeConfig(text, source));
  const errs = validateConfig(cfg, options.argsValidators);
  if (errs.length) throw new ConfigError(aggregateMessages(errs), source);
  return cfg;
}

/** Reads and parses a configuration file; an unreadable file fails as Go's `os.ReadFile` words it. */
export function loadConfigFile(path: string, options: LoadOptions = {}): SchedulerConfiguration {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new ConfigError(goOpenError(path, e as NodeJS.ErrnoException), path);
  }
  return parseConfig(text, path, options);
}

/** The configuration kube-scheduler runs with when given no file: v1 defaults of an empty object. */
export function defaultConfig(): SchedulerConfiguration {
  return setDefaults({ kind: KIND, apiVersion: API_VERSION });
}

const ERRNO_TEXT: Record<string, string> = {
  ENOENT: 'no such file or directory',
  EACCES: 'permission denied',
  EISDIR: 'is a directory',
  ENOTDIR: 'not a directory',
};

function goOpenError(path: string, e: NodeJS.ErrnoException): string {
  // Go opens directories fine and fails on read instead.
  if (e.code === 'EISDIR') return `read ${path}: is a directory`;
  return `open ${path}: ${ERRNO_TEXT[e.code ?? ''] ?? e.message}`;
}
