/** Kubeconfig errors, in clientcmd's words so that they read as kubectl's. */

/** A kubeconfig that cannot be loaded or used. */
export class KubeconfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'KubeconfigError';
  }
}

/** clientcmd's `ErrEmptyConfig` message. */
export const EMPTY_CONFIG_MESSAGE =
  'no configuration has been provided, try setting KUBERNETES_MASTER environment variable';

/** clientcmd's `errConfigurationInvalid`: `invalid configuration: a` or `invalid configuration: [a, b]`. */
export function invalidConfiguration(errs: string[]): KubeconfigError {
  return new KubeconfigError(`invalid configuration: ${errs.length === 1 ? errs[0] : `[${errs.join(', ')}]`}`);
}

/** A file error as Go prints it: `open /x: no such file or directory`. */
export function fileError(err: unknown, path: string, op = 'open'): string {
  const code = (err as { code?: string } | null)?.code;
  const why: Record<string, string> = {
    ENOENT: 'no such file or directory',
    EACCES: 'permission denied',
    EISDIR: 'is a directory',
  };
  return `${op} ${path}: ${(code && why[code]) ?? (err instanceof Error ? err.message : String(err))}`;
}
