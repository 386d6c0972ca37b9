/**
 * The stores a conformance test runs against: `k8ts etcd` and real etcd, started the same way with
 * the same etcd flags. `ETCD_TARGETS=real` or `ETCD_TARGETS=k8ts` narrows the list.
 */
import { startK8tsEtcd } from './k8ts-etcd.js';
import { startRealEtcd } from './real-etcd.js';

export interface RunningStore {
  endpoint: string;
  stop(): Promise<void>;
}

export interface EtcdTarget {
  name: 'k8ts' | 'real';
  /** Starts a fresh single-member store; `args` are etcd flags such as `--quota-backend-bytes`. */
  start(args?: string[]): Promise<RunningStore>;
}

const all: EtcdTarget[] = [
  { name: 'k8ts', start: (args) => startK8tsEtcd(args) },
  { name: 'real', start: (args) => startRealEtcd(args) },
];

export function etcdTargets(): EtcdTarget[] {
  const only = process.env.ETCD_TARGETS?.split(',').map((s) => s.trim());
  return only ? all.filter((t) => only.includes(t.name)) : all;
}
