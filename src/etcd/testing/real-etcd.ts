/**
 * Starts the real etcd (Debian's `etcd-server`, `/usr/bin/etcd`) on ephemeral loopback ports in a
 * fresh data directory, for conformance tests and benchmarks. Resolves once it serves requests.
 */
import { freePort } from '../../machinery/ports.js';
import { spawnStore, type SpawnedStore } from './spawn.js';

export type RunningEtcd = SpawnedStore;

export const ETCD_BINARY = process.env.ETCD_BINARY ?? '/usr/bin/etcd';

/** Extra flags are passed through, e.g. `['--quota-backend-bytes', '1048576']`. */
export async function startRealEtcd(extraArgs: string[] = []): Promise<RunningEtcd> {
  const endpoint = `http://127.0.0.1:${await freePort()}`;
  const peer = `http://127.0.0.1:${await freePort()}`;
  return spawnStore({
    label: 'etcd',
    command: ETCD_BINARY,
    args: (dataDir) => [
      '--name',
      'default',
      '--data-dir',
      dataDir,
      '--listen-client-urls',
      endpoint,
      '--advertise-client-urls',
      endpoint,
      '--listen-peer-urls',
      peer,
      '--initial-advertise-peer-urls',
      peer,
      '--initial-cluster',
      `default=${peer}`,
      '--log-level',
      'error',
      ...extraArgs,
    ],
    endpoint,
    tmpPrefix: 'real-etcd-',
    readyTimeoutMs: 20_000,
  });
}
