/**
 * `k8ts etcd`: flags (named as etcd's) → EtcdConfig → run. Also `k8ts etcd snapshot save|restore`.
 */
import { Command, Option, InvalidArgumentError } from 'commander';
import { parseDuration } from '../etcd/compactor.js';
import { DEFAULT_QUOTA_BYTES, type EtcdConfig } from '../etcd/server.js';
import type { SnapshotStatus } from '../etcd/snapshot.js';

// The heavy modules load only for the subcommand that runs them.
const snapshots = () => import('../etcd/snapshot.js');
import { readFileSync } from 'node:fs';

const list = (v: string) =>
  v
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
const int = (v: string) => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError(`invalid value "${v}": not a non-negative integer`);
  return n;
};
const bool = (v: string | boolean) => v === true || v === 'true' || v === '1';
const duration = (v: string) => {
  const ms = parseDuration(v);
  if (Number.isNaN(ms)) throw new InvalidArgumentError(`invalid duration "${v}"`);
  return ms;
};

/** Flags real etcd takes that mean nothing for one member without peers; accepted so manifests work. */
const IGNORED = [
  'listen-peer-urls',
  'initial-cluster',
  'initial-cluster-state',
  'initial-cluster-token',
  'snapshot-count',
  'heartbeat-interval',
  'election-timeout',
  'log-level',
  'logger',
  'log-outputs',
  'peer-cert-file',
  'peer-key-file',
  'peer-trusted-ca-file',
  'peer-client-cert-auth',
  'listen-metrics-urls',
  'experimental-initial-corrupt-check',
];

/** The flags as commander hands them over: etcd's names, camel-cased. */
type Flags = Omit<EtcdConfig, 'dataDir' | 'advertiseClientUrls' | 'watchProgressNotifyIntervalMs' | 'onFatal'> & {
  dataDir?: string;
  inMemory?: boolean;
  advertiseClientUrls?: string[];
  experimentalWatchProgressNotifyInterval: number;
};

export function etcdCommand(): Command {
  const cmd = new Command('etcd')
    .enablePositionalOptions()
    .description('the cluster store: the etcd v3 API (KV, Watch, Lease, Cluster, Maintenance) over SQLite, one member')
    .option('--name <name>', 'human-readable name for this member', 'default')
    .option('--data-dir <dir>', 'path to the data directory (default "${name}.etcd")')
    .option('--in-memory', 'keep everything in memory: nothing is written to disk (for tests)')
    .option('--listen-client-urls <urls>', 'comma-separated URLs to serve client traffic on', list, [
      'http://127.0.0.1:2379',
    ])
    .option(
      '--advertise-client-urls <urls>',
      'comma-separated client URLs to advertise (default: the listen URLs)',
      list,
    )
    .option('--initial-advertise-peer-urls <urls>', 'peer URLs reported by member list', list, [
      'http://localhost:2380',
    ])
    .addOption(
      new Option('--auto-compaction-mode <mode>', 'interpret retention as a period or a number of revisions')
        .choices(['periodic', 'revision'])
        .default('periodic'),
    )
    .option(
      '--auto-compaction-retention <value>',
      'history to keep: a duration or hours (periodic), revisions (revision); 0 disables',
      '0',
    )
    .option(
      '--quota-backend-bytes <bytes>',
      'raise the NOSPACE alarm when the database exceeds this size (0: 2 GiB)',
      int,
      0,
    )
    .option('--max-request-bytes <bytes>', 'largest client request the server accepts', int, 1.5 * 1024 * 1024)
    .option('--max-txn-ops <n>', 'most operations in one transaction', int, 128)
    .option('--cert-file <file>', 'TLS certificate for client connections')
    .option('--key-file <file>', 'TLS key for client connections')
    .option('--trusted-ca-file <file>', 'CA that signs client certificates')
    .option('--client-cert-auth [bool]', 'require client certificates signed by --trusted-ca-file', bool, false)
    .option(
      '--experimental-watch-progress-notify-interval <duration>',
      'how often idle watchers that asked get a progress notification',
      duration,
      600_000,
    )
    .action(async (flags: Flags) => {
      const signal = stopSignal();
      const { run } = await import('../etcd/run.js');
      await run(toConfig(flags), signal);
    });
  for (const name of IGNORED)
    cmd.addOption(new Option(`--${name} [value]`, 'accepted for compatibility; no effect on one member').hideHelp());
  cmd.addCommand(snapshotCommand());
  return cmd;
}

function toConfig(f: Flags): EtcdConfig {
  return {
    name: f.name,
    dataDir: f.inMemory ? null : (f.dataDir ?? `${f.name}.etcd`),
    listenClientUrls: f.listenClientUrls,
    advertiseClientUrls: f.advertiseClientUrls ?? f.listenClientUrls,
    initialAdvertisePeerUrls: f.initialAdvertisePeerUrls,
    autoCompactionMode: f.autoCompactionMode,
    autoCompactionRetention: f.autoCompactionRetention,
    quotaBackendBytes: f.quotaBackendBytes || DEFAULT_QUOTA_BYTES,
    maxRequestBytes: f.maxRequestBytes,
    maxTxnOps: f.maxTxnOps,
    certFile: f.certFile,
    keyFile: f.keyFile,
    trustedCaFile: f.trustedCaFile,
    clientCertAuth: f.clientCertAuth,
    watchProgressNotifyIntervalMs: f.experimentalWatchProgressNotifyInterval,
  };
}

function snapshotCommand(): Command {
  const snapshot = new Command('snapshot').description('back up and restore a k8ts etcd database');
  snapshot
    .command('save <file>')
    .description('stream a snapshot of a running member to a file')
    .option('--endpoints <urls>', 'the member to save from (first of a comma-separated list)', list, [
      'http://127.0.0.1:2379',
    ])
    .option('--cacert <file>', 'CA bundle to verify the server')
    .option('--cert <file>', 'client certificate')
    .option('--key <file>', 'client key')
    .action(async (file: string, o: { endpoints: string[]; cacert?: string; cert?: string; key?: string }) => {
      const read = (f?: string) => (f ? readFileSync(f) : undefined);
      const endpoint = o.endpoints[0].includes('://') ? o.endpoints[0] : `http://${o.endpoints[0]}`;
      const { saveSnapshot } = await snapshots();
      const size = await saveSnapshot(
        { endpoint, ca: read(o.cacert), cert: read(o.cert), key: read(o.key) },
        file,
        (n) => process.stderr.write(`\rreceived ${n} bytes`),
      );
      process.stderr.write('\n');
      console.log(`Snapshot saved at ${file} (${size} bytes)`);
    });
  snapshot
    .command('status <file>')
    .description('check a snapshot file and print its hash, revision, key count and size')
    .addOption(
      new Option('-w, --write-out <format>', 'output format').choices(['simple', 'table', 'json']).default('simple'),
    )
    .action(async (file: string, o: { writeOut: string }) =>
      console.log(formatStatus((await snapshots()).snapshotStatus(file), o.writeOut)),
    );
  snapshot
    .command('restore <file>')
    .description('make a new data directory from a snapshot file')
    .requiredOption('--data-dir <dir>', 'the data directory to create')
    .action(async (file: string, o: { dataDir: string }) => {
      const rev = (await snapshots()).restoreSnapshot(file, o.dataDir);
      console.log(`Restored snapshot ${file} into ${o.dataDir} at revision ${rev}`);
    });
  return snapshot;
}

/** etcdctl's `snapshot status` output: simple (comma-separated), table or JSON. */
export function formatStatus(st: SnapshotStatus, format: string): string {
  if (format === 'json') return JSON.stringify(st);
  const row = [
    st.hash.toString(16).padStart(8, '0'),
    String(st.revision),
    String(st.totalKey),
    humanBytes(st.totalSize),
  ];
  if (format === 'simple') return row.join(', ');
  const head = ['HASH', 'REVISION', 'TOTAL KEYS', 'TOTAL SIZE'];
  const widths = head.map((h, i) => Math.max(h.length, row[i].length) + 2);
  const line = '+' + widths.map((w) => '-'.repeat(w)).join('+') + '+';
  const center = (s: string, w: number) => {
    const left = Math.floor((w - s.length) / 2);
    return ' '.repeat(left) + s + ' '.repeat(w - s.length - left);
  };
  const cells = (r: string[], align: (s: string, w: number) => string) =>
    '|' + r.map((c, i) => align(c, widths[i])).join('|') + '|';
  return [line, cells(head, center), line, cells(row, (s, w) => ' '.repeat(w - s.length - 1) + s + ' '), line].join(
    '\n',
  );
}

/** Sizes as etcdctl prints them (go-humanize: 2.1 MB, 25 kB). */
function humanBytes(n: number): string {
  const units = ['B', 'kB', 'MB', 'GB', 'TB'];
  let i = 0;
  let v = n;
  while (v >= 1000 && i < units.length - 1) {
    v /= 1000;
    i++;
  }
  return i === 0 ? `${n} B` : `${v < 10 ? v.toFixed(1) : Math.round(v)} ${units[i]}`;
}

/** Aborts on SIGINT or SIGTERM. */
function stopSignal(): AbortSignal {
  const ac = new AbortController();
  for (const sig of ['SIGINT', 'SIGTERM'] as const) process.once(sig, () => ac.abort());
  return ac.signal;
}
