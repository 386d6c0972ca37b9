/**
 * Starts `k8ts etcd` as its own process (through `bin/k8ts`) on an ephemeral loopback port, for
 * conformance tests, crash tests and benchmarks. Resolves once it serves requests.
 */
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from '../../machinery/ports.js';
import { spawnStore, type SpawnedStore } from './spawn.js';

export const K8TS_BIN = join(dirname(fileURLToPath(import.meta.url)), '../../../bin/k8ts');

export type RunningK8tsEtcd = SpawnedStore;

export interface StartOptions {
  /** Reuse a data dir (restart after a crash); a fresh temporary one otherwise. */
  dataDir?: string;
  /** Reuse a port (restart on the same endpoint). */
  port?: number;
  /** Node's own flags, before the launcher (`k8ts server` runs the store with ETCD_NODE_ARGS). */
  nodeArgs?: string[];
}

/** Extra etcd flags are passed through, e.g. `['--quota-backend-bytes', '1048576']`. */
export async function startK8tsEtcd(extraArgs: string[] = [], opts: StartOptions = {}): Promise<RunningK8tsEtcd> {
  const endpoint = `http://127.0.0.1:${opts.port ?? (await freePort())}`;
  return spawnStore({
    label: 'k8ts etcd',
    command: process.execPath,
    args: (dataDir) => [
      ...(opts.nodeArgs ?? []),
      K8TS_BIN,
      'etcd',
      '--data-dir',
      dataDir,
      '--listen-client-urls',
      endpoint,
      ...extraArgs,
    ],
    endpoint,
    dataDir: opts.dataDir,
    tmpPrefix: 'k8ts-etcd-',
  });
}
