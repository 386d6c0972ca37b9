/**
 * Drives the real `etcdctl` (API v3, etcd 3.4) as a child process against a store, for the
 * etcdctl tests: runs to completion or in the background, every child with a timeout and killed
 * at the end. `ETCDCTL_BINARY` overrides the binary (default `/usr/bin/etcdctl`).
 */
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe } from 'node:test';
import { etcdTargets, type EtcdTarget, type RunningStore } from './targets.js';
import type { Msg } from '../rpc-client.js';

export const ETCDCTL = process.env.ETCDCTL_BINARY ?? '/usr/bin/etcdctl';

/** Upper bound on any single etcdctl run / wait. */
export const RUN_TIMEOUT_MS = 5_000;
export const TEST_TIMEOUT = { timeout: 20_000 };

interface RunResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** etcdctl's environment: API v3 and none of the caller's ETCDCTL_* settings. */
function etcdctlEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!k.startsWith('ETCDCTL_')) env[k] = v;
  env.ETCDCTL_API = '3';
  return env;
}

export const children = new Set<ChildProcess>();

export function killChild(child: ChildProcess): void {
  if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
}

/** Bounded wait for a condition, polling. */
export async function waitFor(what: string, cond: () => boolean, timeoutMs = RUN_TIMEOUT_MS): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** A background etcdctl (watch): its output so far, and a way to end it. */
interface Background {
  child: ChildProcess;
  stdout(): string;
  stderr(): string;
  lines(): string[];
  exited: Promise<RunResult>;
  kill(): Promise<RunResult>;
}

export function withStore(getStore: () => RunningStore) {
  const base = () => [`--endpoints=${getStore().endpoint}`, '--dial-timeout=2s', '--command-timeout=4s'];

  function start(args: string[], input?: string): Background {
    const child = spawn(ETCDCTL, [...base(), ...args], {
      env: etcdctlEnv(),
      stdio: [input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
    });
    children.add(child);
    let stdout = '';
    let stderr = '';
    child.stdout!.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr!.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    if (input !== undefined) {
      child.stdin!.on('error', () => {});
      child.stdin!.end(input);
    }
    const exited = new Promise<RunResult>((resolve) => {
      child.once('error', (err) => resolve({ code: -1, signal: null, stdout, stderr: stderr + String(err) }));
      child.once('close', (code, signal) => {
        children.delete(child);
        resolve({ code, signal, stdout, stderr });
      });
    });
    return {
      child,
      stdout: () => stdout,
      stderr: () => stderr,
      lines: () => stdout.split('\n'),
      exited,
      kill: async () => {
        killChild(child);
        return exited;
      },
    };
  }

  /** Runs etcdctl to completion (killed after `timeoutMs`). */
  async function run(args: string[], opts: { input?: string; timeoutMs?: number } = {}) {
    const bg = start(args, opts.input);
    const timeoutMs = opts.timeoutMs ?? RUN_TIMEOUT_MS;
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), timeoutMs);
    });
    const res = await Promise.race([bg.exited, timedOut]);
    clearTimeout(timer);
    if (res === 'timeout') {
      const r = await bg.kill();
      throw new Error(
        `etcdctl ${args.join(' ')} did not finish in ${timeoutMs} ms\nstdout: ${r.stdout}\nstderr: ${r.stderr}`,
      );
    }
    return res;
  }

  /** Runs etcdctl and asserts exit code 0; returns stdout. */
  async function ok(args: string[], opts: { input?: string } = {}): Promise<string> {
    const r = await run(args, opts);
    assert.equal(
      r.code,
      0,
      `etcdctl ${args.join(' ')} exited ${r.code} (${r.signal})\nstdout: ${r.stdout}\nstderr: ${r.stderr}`,
    );
    return r.stdout;
  }

  /** Runs etcdctl, asserts it failed, and that stderr (or stdout) contains `message`. */
  async function fails(args: string[], message: string | RegExp, code?: number) {
    const r = await run(args);
    assert.notEqual(r.code, 0, `etcdctl ${args.join(' ')} should fail; stdout: ${r.stdout}`);
    if (code !== undefined) assert.equal(r.code, code, `exit code; stderr: ${r.stderr}`);
    const both = r.stderr + r.stdout;
    if (typeof message === 'string') assert.ok(both.includes(message), `expected "${message}" in:\n${both}`);
    else assert.match(both, message);
    return r;
  }

  /** Parses etcdctl's JSON with 64-bit integers (IDs) kept exact as strings. */
  function parseJson(text: string): Msg {
    return JSON.parse(text.replace(/([:[,]\s*)(-?\d{16,})(?=\s*[,}\]])/g, '$1"$2"'));
  }

  async function json(args: string[], opts: { input?: string } = {}) {
    return parseJson(await ok([...args, '-w', 'json'], opts));
  }

  /** The current store revision (from a `get -w json` header). */
  async function revision(): Promise<number> {
    const r = await json(['get', 'k8ts-etcdctl-test/no-such-key']);
    return Number(r.header.revision);
  }

  return { start, run, ok, fails, json, parseJson, revision };
}

export const b64 = (s: string) => Buffer.from(s).toString('base64');
export const unb64 = (s: string) => Buffer.from(s, 'base64').toString();

export interface EtcdctlSuite {
  target: EtcdTarget;
  /** etcdctl with `--endpoints=http://host:port`. */
  ctl: ReturnType<typeof withStore>;
  /** etcdctl with `--endpoints=host:port` (no scheme). */
  ctlHostPort: ReturnType<typeof withStore>;
  /** A temporary directory, removed afterwards. */
  tmp: string;
  /** The running store. */
  store: () => RunningStore;
}

/**
 * Registers `describe('etcdctl <title> against <target>')` for each store target, with one
 * store started before its tests and stopped (with every etcdctl child killed) after them.
 */
export function etcdctlSuite(title: string, tests: (s: EtcdctlSuite) => void): void {
  for (const target of etcdTargets()) {
    describe(`etcdctl ${title} against ${target.name}`, () => {
      let store: RunningStore | undefined;
      const current = () => {
        if (!store) throw new Error('store not started');
        return store;
      };
      const ctl = withStore(current);
      const ctlHostPort = withStore(() => ({ ...current(), endpoint: new URL(current().endpoint).host }));
      const tmp = mkdtempSync(join(tmpdir(), 'etcdctl-test-'));
      before(async () => {
        store = await target.start();
      });
      after(async () => {
        for (const c of children) killChild(c);
        await store?.stop();
        rmSync(tmp, { recursive: true, force: true });
      });
      tests({ target, ctl, ctlHostPort, tmp, store: current });
    });
  }
}
