/**
 * Runs one `k8ts etcd` member until `signal` aborts: opens (or creates) the store, binds the
 * client URLs, logs where it serves, and on abort stops serving and closes the database.
 */
import { setFlagsFromString } from 'node:v8';
import pino from 'pino';
import { EtcdServer, type EtcdConfig } from './server.js';
import { idleV8Workers } from './threads.js';

/**
 * V8 optimizes a function once it has run this much bytecode (its `--interrupt-budget`, 66 KB by
 * default), lowered once the store serves: its request path is short and hot. At the default, a
 * fresh `k8ts etcd` was slow through its first few thousand sequential puts: 8-9% of the first
 * thousand took over 0.7 ms, against 3-4% on real etcd, and the p99 of 5,000 puts after 300 (as
 * `npm run bench:store` measures them) was 2.1-2.4 ms. At 8 KB: 3-6% of the first thousand, and a
 * p99 of 1.0-1.6 ms. The price is paid at start: `k8ts server`'s cold start took 1.05 s against
 * 0.95 s (means of six rounds each), its store compiling while it serves the bootstrap's burst and
 * every component starts on the same cores. Set once serving, so that code run only at start-up
 * keeps the default.
 */
const INTERRUPT_BUDGET = 8192;

export async function run(config: EtcdConfig, signal: AbortSignal): Promise<void> {
  const log = pino({ base: { component: 'etcd', name: config.name } }, pino.destination(2));
  const server = new EtcdServer({
    ...config,
    onFatal: (err) => {
      log.fatal({ err }, 'failed to write to the backend; stopping');
      process.exitCode = 1;
      void server.stop();
    },
  });
  const urls = await server.start();
  setFlagsFromString(`--interrupt-budget=${INTERRUPT_BUDGET}`);
  idleV8Workers().catch((err) => log.warn({ err }, 'could not put V8 worker threads at the idle policy'));
  log.info(
    {
      'data-dir': config.dataDir ?? '(in memory)',
      revision: server.store.mvcc.committedRev,
      'compact-revision': server.store.mvcc.compactRev,
      'member-id': server.store.memberId,
      'client-urls': urls,
    },
    'ready to serve client requests',
  );
  if (!signal.aborted) await new Promise((resolve) => signal.addEventListener('abort', resolve, { once: true }));
  await server.stop();
  log.info('stopped serving');
}
