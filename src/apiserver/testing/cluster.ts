/**
 * A control plane for tests: an in-memory `k8ts etcd` and a `k8ts apiserver`, both in this
 * process on ephemeral loopback ports, talking over their real wire protocols; and a kubeconfig
 * for them that trusts the apiserver's self-signed certificate.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { before, after } from 'node:test';
import pino from 'pino';
import { startInProcess, type InProcessEtcd } from '../../etcd/testing/in-process.js';
import { start, type RunningApiServer } from '../run.js';
import { DEFAULTS, type ApiServerConfig } from '../config.js';
import { testClient, type TestClient } from './http.js';

export interface TestControlPlane {
  etcd: InProcessEtcd;
  apiserver: RunningApiServer;
  /** `https://127.0.0.1:<port>`. */
  url: string;
  kubeconfig: string;
  dir: string;
  /** Restarts the apiserver on the same port (the store keeps its data). */
  restartApiserver(): Promise<void>;
  stop(): Promise<void>;
}

export function writeKubeconfig(path: string, url: string, ca: Buffer): void {
  writeFileSync(
    path,
    `apiVersion: v1
kind: Config
clusters:
- name: k8ts
  cluster:
    server: ${url}
    certificate-authority-data: ${ca.toString('base64')}
contexts:
- name: k8ts
  context:
    cluster: k8ts
    user: admin
current-context: k8ts
users:
- name: admin
  user:
    token: k8ts-admin
`,
  );
}

export async function startControlPlane(overrides: Partial<ApiServerConfig> = {}): Promise<TestControlPlane> {
  const dir = mkdtempSync(join(tmpdir(), 'k8ts-cp-'));
  const etcd = await startInProcess();
  const config: ApiServerConfig = {
    ...DEFAULTS,
    etcdServers: [etcd.endpoint],
    securePort: 0,
    bindAddress: '127.0.0.1',
    advertiseAddress: '127.0.0.1',
    certDir: join(dir, 'pki'),
    ...overrides,
    // As upstream's integration tests: no controller manager makes the `default` accounts here,
    // so ServiceAccount admission is off unless the test turns it on.
    disableAdmissionPlugins: overrides.enableAdmissionPlugins?.includes('ServiceAccount')
      ? overrides.disableAdmissionPlugins
      : [...(overrides.disableAdmissionPlugins ?? []), 'ServiceAccount'],
  };
  const log = pino({ level: 'warn' }, pino.destination(2));
  let apiserver = await start(config, log);
  const url = `https://127.0.0.1:${apiserver.port}`;
  const kubeconfig = join(dir, 'kubeconfig');
  writeKubeconfig(kubeconfig, url, apiserver.caCert);
  const cp: TestControlPlane = {
    etcd,
    apiserver,
    url,
    kubeconfig,
    dir,
    async restartApiserver() {
      await apiserver.stop();
      apiserver = await start({ ...config, securePort: Number(new URL(url).port) }, log);
      cp.apiserver = apiserver;
    },
    async stop() {
      await apiserver.stop();
      await etcd.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return cp;
}

/**
 * A control plane for the test file that calls this: started before its tests and stopped after
 * them. The client it returns talks to that control plane once it is up.
 */
export function useControlPlane(overrides: Partial<ApiServerConfig> = {}): TestClient {
  let cp: TestControlPlane | undefined;
  let client: TestClient | undefined;
  before(async () => {
    cp = await startControlPlane(overrides);
    client = testClient(cp.url, cp.apiserver.caCert);
  });
  after(() => cp?.stop());
  return {
    request: (...args) => client!.request(...args),
    watch: (...args) => client!.watch(...args),
  };
}
