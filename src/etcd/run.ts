/**
 * Runs one `k8ts etcd` member until `signal` aborts: opens (or creates) the store, binds the
 * client URLs, logs where it serves, and on abort stops serving and closes the database.
 */
import pino from 'pino';
import { EtcdServer, type EtcdConfig } from './server.js';

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
