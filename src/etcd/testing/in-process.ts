/** Starts an EtcdServer inside the test process on an ephemeral loopback port. */
import { EtcdServer, DEFAULT_QUOTA_BYTES, type EtcdConfig } from '../server.js';
import { EtcdRpcClient } from '../rpc-client.js';

export function testConfig(overrides: Partial<EtcdConfig> = {}): EtcdConfig {
  return {
    name: 'default',
    dataDir: null,
    listenClientUrls: ['http://127.0.0.1:0'],
    advertiseClientUrls: ['http://127.0.0.1:2379'],
    initialAdvertisePeerUrls: ['http://localhost:2380'],
    autoCompactionMode: 'periodic',
    autoCompactionRetention: '0',
    quotaBackendBytes: DEFAULT_QUOTA_BYTES,
    maxRequestBytes: 1.5 * 1024 * 1024,
    maxTxnOps: 128,
    clientCertAuth: false,
    watchProgressNotifyIntervalMs: 600_000,
    ...overrides,
  };
}

export interface InProcessEtcd {
  server: EtcdServer;
  endpoint: string;
  client: EtcdRpcClient;
  stop(): Promise<void>;
}

export async function startInProcess(overrides: Partial<EtcdConfig> = {}): Promise<InProcessEtcd> {
  const server = new EtcdServer(testConfig(overrides));
  const [endpoint] = await server.start();
  const client = new EtcdRpcClient({ endpoint });
  return {
    server,
    endpoint,
    client,
    stop: async () => {
      client.close();
      await server.stop();
    },
  };
}
