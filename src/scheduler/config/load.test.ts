import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultConfig, loadConfigFile, parseConfig } from './load.js';
import { ConfigError } from './types.js';
import type { ArgsValidator } from './types.js';

test('loadConfigFile reads, defaults and validates a file', (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'k8ts-sched-config-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const file = join(dir, 'scheduler.yaml');
  writeFileSync(
    file,
    `apiVersion: kubescheduler.config.k8s.io/v1
kind: KubeSchedulerConfiguration
clientConnection:
  kubeconfig: /etc/kubernetes/scheduler.conf
leaderElection:
  leaderElect: false
profiles:
- schedulerName: default-scheduler
- schedulerName: no-scoring
  plugins:
    preScore:
      disabled:
      - name: "*"
    score:
      disabled:
      - name: "*"
`,
  );
  const cfg = loadConfigFile(file);
  assert.equal(cfg.clientConnection.kubeconfig, '/etc/kubernetes/scheduler.conf');
  assert.equal(cfg.leaderElection.leaderElect, false);
  assert.deepEqual(
    cfg.profiles.map((p) => p.schedulerName),
    ['default-scheduler', 'no-scoring'],
  );
  assert.deepEqual(cfg.profiles[1].plugins.score, { disabled: [{ name: '*' }] });
});

test('loadConfigFile: a missing file fails as Go words it', () => {
  assert.throws(
    () => loadConfigFile('/nonexistent/scheduler.yaml'),
    (e: unknown) =>
      e instanceof ConfigError &&
      e.message === 'open /nonexistent/scheduler.yaml: no such file or directory' &&
      e.source === '/nonexistent/scheduler.yaml',
  );
});

test('parseConfig: validation errors are aggregated into one message', () => {
  assert.throws(
    () =>
      parseConfig(
        'apiVersion: kubescheduler.config.k8s.io/v1\nkind: KubeSchedulerConfiguration\nparallelism: 0\npodInitialBackoffSeconds: 0\n',
        'cfg',
      ),
    new ConfigError(
      '[parallelism: Invalid value: 0: should be an integer value greater than zero, podInitialBackoffSeconds: Invalid value: 0: must be greater than 0]',
      'cfg',
    ),
  );
});

test('parseConfig: args validators join the same aggregate', () => {
  const validators = new Map<string, ArgsValidator>([
    ['PodTopologySpread', () => [{ field: 'defaultingType', message: 'Unsupported value: "Some"' }]],
  ]);
  assert.throws(
    () =>
      parseConfig(
        'apiVersion: kubescheduler.config.k8s.io/v1\nkind: KubeSchedulerConfiguration\nparallelism: 0\n',
        'cfg',
        { argsValidators: validators },
      ),
    new ConfigError(
      '[parallelism: Invalid value: 0: should be an integer value greater than zero, profiles[0].pluginConfig[5].args.defaultingType: Unsupported value: "Some"]',
      'cfg',
    ),
  );
});

test('defaultConfig equals the defaults of an empty file', () => {
  assert.deepEqual(
    defaultConfig(),
    parseConfig('apiVersion: kubescheduler.config.k8s.io/v1\nkind: KubeSchedulerConfiguration\n', 'x'),
  );
  // JSON-serializable as /configz prints it.
  assert.deepEqual(JSON.parse(JSON.stringify(defaultConfig())), defaultConfig());
});
