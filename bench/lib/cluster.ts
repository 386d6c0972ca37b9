/**
 * What the whole-cluster benchmarks (`bench:controllers`, `bench:kwok`, `bench:server`) share: a
 * `k8ts server` at kwok's scale and `k8ts kwok` beside it, polling until a state is reached,
 * per-process CPU and memory, the idle load of the nodes, when pods passed each stage, and when
 * nodes went NotReady against their stored Lease renewals.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Lease } from 'kubernetes-types/coordination/v1.js';
import type { Node, Pod } from 'kubernetes-types/core/v1.js';
import { startServer, type RunningServer } from '../../src/cluster/server.js';
import { K8TS_BIN } from '../../src/cluster/supervisor.js';
import type { RestClient } from '../../src/client/rest/client.js';
import { processCpuSeconds } from './cpu.js';
import { table } from './stats.js';

export const log = (msg: string) => process.stderr.write(`${msg}\n`);

export async function until(what: string, probe: () => Promise<boolean>, timeoutMs = 600_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await probe())) {
    if (Date.now() > deadline) throw new Error(`timed out: ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** One line of a benchmark's table. */
export interface Row {
  line: string;
  /** Seconds, or the figure as printed. */
  seconds?: number;
  value?: string;
  target: string;
}

export const isReady = (o: { status?: { conditions?: { type: string; status: string }[] } }) =>
  !!o.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True');

/** Resident memory of a process in MB, from /proc. */
export function rssMB(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) / 1024 : NaN;
}

/**
 * A process's proportional set size: its private pages, plus each shared page divided by the
 * number of processes mapping it. Summed over the components, Node's own code (mapped by every
 * one of them) counts once instead of once per process as in the sum of RSS.
 */
export function pssMB(pid: number): number {
  const m = /^Pss:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8'));
  return m ? Number(m[1]) / 1024 : NaN;
}

/** CPU seconds of each process of the control plane and of kwok, read at the start of a line. */
export function cpuMeter(server: RunningServer, kwokPid: number) {
  const pids = () => [
    ...server.components.filter((c) => c.pid).map((c) => [c.name, c.pid!] as const),
    ['kwok', kwokPid] as const,
  ];
  const read = () => new Map(pids().map(([name, pid]) => [`${name}:${pid}`, processCpuSeconds(pid) || 0]));
  let start = read();
  return {
    reset: () => void (start = read()),
    /** A row with each process's CPU seconds since the last reset (a restarted one counts from 0). */
    row(): Row & { byProcess: Map<string, number> } {
      const now = read();
      const parts = [...now].map(([key, s]) => [key.split(':')[0], s - (start.get(key) ?? 0)] as const);
      const total = parts.reduce((sum, [, s]) => sum + s, 0);
      start = now;
      return {
        line: `  (CPU s: ${parts.map(([name, s]) => `${name} ${s.toFixed(1)}`).join(', ')})`,
        value: total.toFixed(1),
        target: '',
        byProcess: new Map(parts),
      };
    },
  };
}

/**
 * `k8ts server` in a fresh directory under /tmp (removed by `stop`), for a bench at kwok's scale: the scheduler and the
 * controller manager at QPS 5,000 / burst 10,000, each node a /24 of 10.0.0.0/8.
 */
export async function startScaleServer(
  name: string,
  controllerManagerArgs: string[] = [],
): Promise<{ server: RunningServer; stop: () => Promise<void> }> {
  const dir = mkdtempSync(join(tmpdir(), `k8ts-bench-${name}-`));
  const fast = ['--kube-api-qps', '5000', '--kube-api-burst', '10000'];
  const server = await startServer(
    {
      dataDir: dir,
      httpsListenPort: 0,
      etcdClientPort: 0,
      schedulerSecurePort: 0,
      controllerManagerSecurePort: 0,
      bindAddress: '127.0.0.1',
      disable: [],
      kwokNodes: 0,
      clusterCidr: '10.0.0.0/8',
      serviceCidr: '10.96.0.0/12',
      extraArgs: {
        scheduler: fast,
        'controller-manager': [...fast, '--node-cidr-mask-size', '24', ...controllerManagerArgs],
      },
    },
    log,
  );
  const stop = async () => {
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  };
  return { server, stop };
}

/**
 * Starts `k8ts kwok` with `nodes` nodes against the server, with the credentials `k8ts server
 * --kwok-nodes` gives it; it is killed when this process exits.
 */
export function startKwok(server: RunningServer, nodes: number, args: string[] = []): ChildProcess {
  const kwok = spawn(
    process.execPath,
    [K8TS_BIN, 'kwok', '--kubeconfig', server.superAdminKubeconfig, '--nodes', String(nodes), ...args],
    { stdio: ['ignore', 'ignore', 'inherit'] },
  );
  process.once('exit', () => kwok.kill('SIGKILL'));
  return kwok;
}

/**
 * Resolves once `count` nodes are Ready and schedulable (the node lifecycle controller has lifted
 * the not-ready taint). Followed on a watch: listing thousands of nodes over and over would load
 * the apiserver more than the nodes do.
 */
export async function nodesSchedulable(client: RestClient, count: number): Promise<void> {
  const schedulable = new Set<string>();
  const watching = new AbortController();
  try {
    for await (const ev of client.watch<Node>('/api/v1/nodes', {}, watching.signal)) {
      const n = ev.object as Node;
      const ok =
        ev.type !== 'DELETED' && isReady(n) && !n.spec?.taints?.some((t) => t.key === 'node.kubernetes.io/not-ready');
      if (ok) schedulable.add(n.metadata!.name!);
      else schedulable.delete(n.metadata?.name ?? '');
      if (schedulable.size === count) return;
    }
    throw new Error('the node watch ended before the nodes were Ready');
  } finally {
    watching.abort();
  }
}

/** The apiserver's requests so far whose `apiserver_request_total` labels begin with `labels`. */
export async function requestCount(client: RestClient, labels: string): Promise<number> {
  const text = (await client.request<string>({ path: '/metrics', accept: 'text/plain' })).body;
  return text
    .split('\n')
    .filter((l) => l.startsWith(`apiserver_request_total{${labels}`))
    .reduce((sum, l) => sum + Number(l.split(' ').pop()), 0);
}

/**
 * The steady load of idle nodes: Lease renewals per second (each node's every 10 s) and the
 * apiserver's CPU over `ms` (10 s), with its CPU per renewal. This is what every later line shares the
 * apiserver with.
 */
export async function idleLoad(server: RunningServer, client: RestClient, rows: Row[], ms = 10_000): Promise<void> {
  const pid = server.components.find((c) => c.name === 'apiserver')!.pid!;
  const renewals = () => requestCount(client, 'verb="PUT",group="coordination.k8s.io"');
  const [c0, r0, t0] = [processCpuSeconds(pid), await renewals(), Date.now()];
  await new Promise((r) => setTimeout(r, ms));
  const [c1, r1, t1] = [processCpuSeconds(pid), await renewals(), Date.now()];
  const perSecond = ((r1 - r0) * 1000) / (t1 - t0);
  rows.push({ line: '(idle nodes: Lease renewals per second)', value: perSecond.toFixed(0), target: '' });
  rows.push({ line: '(idle nodes: apiserver cores)', value: (((c1 - c0) * 1000) / (t1 - t0)).toFixed(2), target: '' });
  rows.push({
    line: '(idle nodes: apiserver CPU per renewal, ms)',
    value: (((c1 - c0) * 1000) / Math.max(1, r1 - r0)).toFixed(2),
    target: '',
  });
}

/**
 * When the pods passed each stage, in seconds after `t0` (ms): created, scheduled, Ready, each at
 * its 10th, 50th, 90th and 100th percentile, from the timestamps the API keeps (whole seconds). A
 * stage whose last pod comes long after the one before shows where a line waits.
 */
export function stageRows(pods: Pod[], t0: number): Row[] {
  const at = (t: string | undefined) => (t ? Date.parse(t) / 1000 - Math.floor(t0 / 1000) : NaN);
  const condition = (p: Pod, type: string) => p.status?.conditions?.find((c) => c.type === type)?.lastTransitionTime;
  const stages: [string, (p: Pod) => number][] = [
    ['created', (p) => at(p.metadata?.creationTimestamp)],
    ['scheduled', (p) => at(condition(p, 'PodScheduled'))],
    ['Ready', (p) => at(condition(p, 'Ready'))],
  ];
  return stages.map(([name, time]) => {
    const ts = pods
      .map(time)
      .filter((t) => !Number.isNaN(t))
      .sort((a, b) => a - b);
    const q = (f: number) => ts[Math.min(ts.length - 1, Math.ceil(f * ts.length) - 1)] ?? NaN;
    return {
      line: `  (${name}, s after the create: 10% / 50% / 90% / all)`,
      value: [0.1, 0.5, 0.9, 1].map(q).join(' / '),
      target: '',
    };
  });
}

/**
 * The Lease renewals the apiserver stored, per node, by its own clock (each renewal's
 * managedFields time, seen on a watch), to set a node's NotReady transition against:
 * `gapBefore(node, t)` is the seconds from the last renewal stored before `t` to `t`. Under the
 * Lease's 40 s the store had the node renewing and the node lifecycle controller saw it late; past
 * the 50 s grace period the renewals themselves came late. Read the gaps once the run is over, so
 * that this watch has caught up.
 */
export function followLeaseWrites(client: RestClient, signal: AbortSignal) {
  const writes = new Map<string, number[]>();
  const done = (async () => {
    const path = '/apis/coordination.k8s.io/v1/namespaces/kube-node-lease/leases';
    for await (const ev of client.watch<Lease>(path, {}, signal)) {
      if (ev.type !== 'ADDED' && ev.type !== 'MODIFIED') continue;
      const lease = ev.object as Lease;
      const t = Math.max(0, ...(lease.metadata?.managedFields ?? []).map((f) => Date.parse(f.time ?? '') || 0));
      const ts = writes.get(lease.metadata?.name ?? '') ?? [];
      if (t > (ts.at(-1) ?? 0)) ts.push(t);
      writes.set(lease.metadata?.name ?? '', ts);
    }
  })().catch((err) => {
    if (!signal.aborted) throw err;
  });
  return {
    done,
    gapBefore(node: string, at: number): number | undefined {
      const before = (writes.get(node) ?? []).filter((t) => t <= at);
      return before.length ? (at - before[before.length - 1]) / 1000 : undefined;
    },
  };
}

/** The time (ms) of the node's last transition out of Ready, or undefined while it is Ready. */
export function notReadySince(node: Node): number | undefined {
  const ready = node.status?.conditions?.find((c) => c.type === 'Ready');
  return ready && ready.status !== 'True' ? Date.parse(ready.lastTransitionTime ?? '') : undefined;
}

/** Prints the rows as the benchmarks' table, or as JSON. */
export function printRows(rows: Row[], json: boolean | undefined): void {
  if (json) console.log(JSON.stringify(rows));
  else
    console.log(
      table(
        ['line', 'seconds / value', 'target'],
        rows.map((r) => [r.line, r.value ?? r.seconds!.toFixed(1), r.target]),
      ),
    );
}
