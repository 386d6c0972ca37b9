/**
 * Finding the configuration as kubectl does (clientcmd's default loading rules): an explicit
 * `--kubeconfig` file; else the files listed in `KUBECONFIG`, merged (the first file to name a
 * cluster, user or context, or to set `current-context`, wins; missing files are skipped); else
 * `~/.kube/config`. When that yields nothing and the process runs in a pod, the in-cluster config.
 */
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, join, resolve } from 'node:path';
import type { RestConfig } from '../rest/config.js';
import { restConfigFromKubeconfig, type ClientConfigOptions } from './client-config.js';
import { KubeconfigError, fileError } from './errors.js';
import { inClusterConfig, isInCluster } from './in-cluster.js';
import { loadKubeconfigFile } from './parse.js';
import { emptyKubeconfig, isConfigEmpty, type Kubeconfig } from './types.js';

/** Where to load from, and what to pick. */
export interface LoadOptions extends ClientConfigOptions {
  /** An explicit kubeconfig file (`--kubeconfig`); it must exist. Overrides `KUBECONFIG`. */
  kubeconfig?: string;
  /** The environment (`KUBECONFIG`, in-cluster variables); `process.env` when unset. */
  env?: Record<string, string | undefined>;
  /** The home directory for `~/.kube/config`; `os.homedir()` when unset. */
  homeDir?: string;
  /** The root the in-cluster service account directory is found under; `/` when unset. */
  inClusterRoot?: string;
}

/** The kubeconfig files to read, in precedence order (clientcmd's `GetLoadingPrecedence`). */
export function kubeconfigPaths(opts: LoadOptions = {}): string[] {
  if (opts.kubeconfig) return [opts.kubeconfig];
  const env = opts.env ?? process.env;
  if (env.KUBECONFIG) {
    const seen = new Set<string>();
    return env.KUBECONFIG.split(delimiter).filter((p) => p && !seen.has(resolve(p)) && !!seen.add(resolve(p)));
  }
  return [join(opts.homeDir ?? homedir(), '.kube', 'config')];
}

/** Merges kubeconfigs, the earlier ones winning every name and the current context. */
export function mergeKubeconfigs(configs: Kubeconfig[]): Kubeconfig {
  const out = emptyKubeconfig();
  for (const c of configs) {
    out.currentContext ||= c.currentContext;
    for (const key of ['clusters', 'users', 'contexts'] as const) {
      for (const [name, v] of Object.entries(c[key])) {
        if (!Object.hasOwn(out[key], name)) (out[key] as Record<string, unknown>)[name] = v;
      }
    }
  }
  return out;
}

/**
 * The merged kubeconfig of `kubeconfigPaths`: an explicit file must exist (`stat <path>: no such
 * file or directory`), listed and default files that do not are skipped.
 */
export function loadKubeconfig(opts: LoadOptions = {}): Kubeconfig {
  if (opts.kubeconfig && !existsSync(opts.kubeconfig)) {
    throw new KubeconfigError(fileError({ code: 'ENOENT' }, opts.kubeconfig, 'stat'));
  }
  return mergeKubeconfigs(
    kubeconfigPaths(opts)
      .filter((p) => existsSync(p))
      .map(loadKubeconfigFile),
  );
}

/**
 * The RestConfig to use: from the kubeconfig files, or in a pod with no kubeconfig the in-cluster
 * config. Throws KubeconfigError in clientcmd's words.
 */
export function loadRestConfig(opts: LoadOptions = {}): RestConfig {
  const config = loadKubeconfig(opts);
  const inCluster = { root: opts.inClusterRoot, env: opts.env, userAgent: opts.userAgent };
  if (isConfigEmpty(config) && !opts.kubeconfig && isInCluster(inCluster)) {
    const rc = inClusterConfig(inCluster);
    if (opts.namespace) rc.namespace = opts.namespace;
    return rc;
  }
  return restConfigFromKubeconfig(config, opts);
}
