/**
 * A control plane as users run it: `bin/k8ts etcd` and `bin/k8ts apiserver` as their own
 * processes on ephemeral loopback ports, with a kubeconfig for the real kubectl. Both are killed
 * when the test process exits, whatever happens.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import https from 'node:https';
import { freePort } from '../../../src/machinery/ports.js';
import { writeKubeconfig } from '../../../src/apiserver/testing/cluster.js';
import { APISERVER_NODE_ARGS, ETCD_NODE_ARGS } from '../../../src/cluster/supervisor.js';
import { kubectlPath, runBinary, type RunResult } from './kubectl.js';

const BIN = new URL('../../../bin/k8ts', import.meta.url).pathname;

export interface E2ECluster {
  dir: string;
  kubeconfig: string;
  url: string;
  etcdEndpoint: string;
  kubectl(args: string[], opts?: { input?: string; timeoutMs?: number }): Promise<RunResult>;
  /** kill -9 the apiserver and start it again on the same port and store. */
  crashApiserver(): Promise<void>;
  /** The apiserver's process id (it changes after a crash). */
  apiserverPid(): number;
  /** Starts `k8ts <args>` (a scheduler, a controller manager), with `nodeArgs` for node; stopped with the cluster. */
  spawn(args: string[], nodeArgs?: string[]): Component;
  stop(): Promise<void>;
}

/** A component process started by the test. */
export interface Component {
  child: ChildProcess;
  log(): string;
  /** Sends `signal` (SIGTERM by default) and waits for the exit. */
  stop(signal?: NodeJS.Signals): Promise<void>;
}

/** Runs `k8ts <args>`, or another program when `command` is given. */
function startProcess(
  args: string[],
  label: string,
  command?: string,
  nodeArgs: string[] = [],
): { child: ChildProcess; log: () => string } {
  const child = command
    ? spawn(command, args, { stdio: ['ignore', 'ignore', 'pipe'] })
    : spawn(process.execPath, [...nodeArgs, BIN, ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
  let log = '';
  child.stderr!.on('data', (d) => (log = (log + d).slice(-8000)));
  const kill = () => child.exitCode === null && child.signalCode === null && child.kill('SIGKILL');
  process.once('exit', kill);
  child.once('exit', () => process.off('exit', kill));
  void label;
  return { child, log: () => log };
}

function ready(url: string, ca: () => Buffer | undefined): Promise<boolean> {
  return new Promise((resolve) => {
    const c = ca();
    if (!c) return resolve(false);
    const req = https.get(`${url}/readyz`, { ca: c, timeout: 1000 }, (res) => {
      res.resume();
      resolve(res.statusCode === 200);
    });
    req.on('error', () => resolve(false));
    req.on('timeout', () => req.destroy());
  });
}

/**
 * As upstream's integration tests do, the apiserver runs without ServiceAccount admission unless
 * `args` enable it: with no controller manager here, no namespace has its `default` account.
 */
function withoutServiceAccountAdmission(args: string[]): string[] {
  const enable = args.indexOf('--enable-admission-plugins');
  if (enable >= 0 && args[enable + 1].split(',').includes('ServiceAccount')) return args;
  const disable = args.indexOf('--disable-admission-plugins');
  if (disable < 0) return [...args, '--disable-admission-plugins', 'ServiceAccount'];
  return args.map((a, i) => (i === disable + 1 ? `${a},ServiceAccount` : a));
}

/**
 * `store: 'etcd'` puts the apiserver on real etcd (Debian's `etcd`) instead of `k8ts etcd`;
 * `apiserverArgs` are added to the apiserver's flags.
 */
export async function startCluster(
  opts: { store?: 'k8ts' | 'etcd'; apiserverArgs?: string[]; pki?: boolean; apiserverNodeArgs?: string[] } = {},
): Promise<E2ECluster> {
  const dir = mkdtempSync(join(tmpdir(), 'k8ts-e2e-'));
  const etcdPort = await freePort();
  const apiPort = await freePort();
  // With `pki`, the cluster is set up as kubeadm sets one up: `k8ts certs generate`, etcd and the
  // apiserver on mutual TLS, client certificates verified, kubectl on the generated admin.conf.
  const pki = join(dir, 'pki');
  if (opts.pki) {
    const made = await runBinary(process.execPath, [
      BIN,
      'certs',
      'generate',
      '--cert-dir',
      pki,
      '--apiserver-advertise-address',
      '127.0.0.1',
    ]);
    if (made.code !== 0) throw new Error(`k8ts certs generate: ${made.stderr}`);
  }
  const etcdURL = `${opts.pki ? 'https' : 'http'}://127.0.0.1:${etcdPort}`;
  const storeArgs = [
    '--data-dir',
    join(dir, 'etcd'),
    '--listen-client-urls',
    etcdURL,
    '--advertise-client-urls',
    etcdURL,
    ...(opts.pki
      ? [
          '--cert-file',
          join(pki, 'etcd/server.crt'),
          '--key-file',
          join(pki, 'etcd/server.key'),
          '--trusted-ca-file',
          join(pki, 'etcd/ca.crt'),
          '--client-cert-auth',
        ]
      : []),
  ];
  const etcd =
    opts.store === 'etcd'
      ? startProcess([...storeArgs, '--listen-peer-urls', `http://127.0.0.1:${await freePort()}`], 'etcd', 'etcd')
      : startProcess(['etcd', ...storeArgs], 'etcd', undefined, ETCD_NODE_ARGS);
  const apiArgs = [
    'apiserver',
    '--etcd-servers',
    etcdURL,
    '--secure-port',
    String(apiPort),
    '--bind-address',
    '127.0.0.1',
    '--advertise-address',
    '127.0.0.1',
    '--cert-dir',
    pki,
    ...(opts.pki
      ? [
          '--tls-cert-file',
          join(pki, 'apiserver.crt'),
          '--tls-private-key-file',
          join(pki, 'apiserver.key'),
          '--client-ca-file',
          join(pki, 'ca.crt'),
          '--etcd-cafile',
          join(pki, 'etcd/ca.crt'),
          '--etcd-certfile',
          join(pki, 'apiserver-etcd-client.crt'),
          '--etcd-keyfile',
          join(pki, 'apiserver-etcd-client.key'),
          '--service-account-signing-key-file',
          join(pki, 'sa.key'),
        ]
      : []),
    ...withoutServiceAccountAdmission(opts.apiserverArgs ?? []),
  ];
  // Run as `k8ts server` runs it, with the node flags a caller adds (a profiler).
  const apiNodeArgs = [...APISERVER_NODE_ARGS, ...(opts.apiserverNodeArgs ?? [])];
  let api = startProcess(apiArgs, 'apiserver', undefined, apiNodeArgs);
  const url = `https://127.0.0.1:${apiPort}`;
  const ca = () => {
    try {
      return readFileSync(join(pki, opts.pki ? 'ca.crt' : 'apiserver.crt'));
    } catch {
      return undefined;
    }
  };
  const waitReady = async () => {
    const deadline = Date.now() + 60_000;
    while (!(await ready(url, ca))) {
      if (api.child.exitCode !== null) throw new Error(`apiserver exited: ${api.log()}`);
      if (etcd.child.exitCode !== null) throw new Error(`etcd exited: ${etcd.log()}`);
      if (Date.now() > deadline) throw new Error(`apiserver not ready in time: ${api.log()}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  };
  await waitReady();
  let kubeconfig = join(dir, 'kubeconfig');
  if (opts.pki) {
    const made = await runBinary(process.execPath, [
      BIN,
      'kubeconfig',
      '--cert-dir',
      pki,
      '--kubeconfig-dir',
      dir,
      '--server',
      url,
      '--node-name',
      'n1',
    ]);
    if (made.code !== 0) throw new Error(`k8ts kubeconfig: ${made.stderr}`);
    kubeconfig = join(dir, 'admin.conf');
  } else writeKubeconfig(kubeconfig, url, ca()!);
  const kubectl = kubectlPath();
  const exited = (c: ChildProcess) =>
    new Promise<void>((r) => (c.exitCode !== null || c.signalCode !== null ? r() : c.once('exit', () => r())));
  const components: Component[] = [];
  return {
    spawn(args, nodeArgs) {
      const p = startProcess(args, args[0], undefined, nodeArgs);
      const c: Component = {
        child: p.child,
        log: p.log,
        async stop(signal = 'SIGTERM') {
          if (p.child.exitCode === null && p.child.signalCode === null) p.child.kill(signal);
          await exited(p.child);
        },
      };
      components.push(c);
      return c;
    },
    dir,
    kubeconfig,
    url,
    etcdEndpoint: etcdURL,
    kubectl: (args, opts = {}) => runBinary(kubectl, ['--kubeconfig', kubeconfig, ...args], opts),
    apiserverPid: () => api.child.pid!,
    async crashApiserver() {
      api.child.kill('SIGKILL');
      await exited(api.child);
      api = startProcess(apiArgs, 'apiserver', undefined, apiNodeArgs);
      await waitReady();
    },
    async stop() {
      // Components get a clean stop (and a kill if they hang), before the apiserver goes.
      const hung = setTimeout(() => components.forEach((c) => c.child.kill('SIGKILL')), 5000);
      await Promise.all(components.map((c) => c.stop()));
      clearTimeout(hung);
      api.child.kill('SIGTERM');
      etcd.child.kill('SIGTERM');
      // A process that does not stop within 10 s is a bug to see in its log, not a hung test run.
      const killed = setTimeout(() => {
        for (const p of [api, etcd]) if (p.child.exitCode === null && p.child.kill('SIGKILL')) console.error(p.log());
      }, 10_000);
      await Promise.all([exited(api.child), exited(etcd.child)]);
      clearTimeout(killed);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
