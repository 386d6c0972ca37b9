/**
 * `k8ts server` as a user runs it: one command brings up etcd, apiserver, scheduler and
 * controller manager as separate processes (and kwok with one node); the real kubectl works with
 * the admin.conf it writes; a component killed with -9 is restarted; Ctrl-C (SIGINT) stops everything.
 */
import assert from 'node:assert/strict';
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { kubectlPath, runBinary } from './support/kubectl.js';

const BIN = new URL('../../bin/k8ts', import.meta.url).pathname;

/** Processes whose command line contains `dir` (any text). */
function processesUsing(dir: string): number[] {
  try {
    // `--`: a pattern that starts with a dash is the pattern, not an option of pgrep's.
    return execFileSync('pgrep', ['-f', '--', dir], { encoding: 'utf8' }).split('\n').filter(Boolean).map(Number);
  } catch {
    return [];
  }
}

describe('k8ts server', () => {
  const dir = mkdtempSync(join(tmpdir(), 'k8ts-server-'));
  let server: ChildProcess;
  let out = '';
  const waitOut = async (re: RegExp, timeoutMs = 60_000): Promise<RegExpMatchArray> => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const m = out.match(re);
      if (m) return m;
      if (Date.now() > deadline) throw new Error(`no ${re} in:\n${out}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  };
  const kubectl = (...args: string[]) => runBinary(kubectlPath(), ['--kubeconfig', join(dir, 'admin.conf'), ...args]);

  before(async () => {
    server = spawn(
      process.execPath,
      [
        BIN,
        'server',
        '-d',
        dir,
        '--https-listen-port',
        '0',
        '--etcd-client-port',
        '0',
        '--scheduler-secure-port',
        '0',
        '--controller-manager-secure-port',
        '0',
        '--kwok-nodes',
        '1',
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    server.stdout!.on('data', (d) => (out += d));
    server.stderr!.on('data', (d) => (out += d));
    process.once('exit', () => server.kill('SIGKILL'));
    await waitOut(/control plane ready in/, 120_000);
  });
  after(() => {
    server.kill('SIGKILL');
    for (const pid of processesUsing(dir)) process.kill(pid, 'SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  });

  it('starts every component in order and prints where the admin kubeconfig is', async () => {
    const order = ['etcd ready', 'apiserver ready'].map((s) => out.indexOf(s));
    assert.ok(order[0] >= 0 && order[0] < order[1], out);
    assert.match(out, /scheduler ready \(pid \d+\)/);
    assert.match(out, /controller-manager ready \(pid \d+\)/);
    // Printed after the ready line, which is all that before() waits for.
    assert.equal((await waitOut(/export KUBECONFIG=(\S+)/))[1], join(dir, 'admin.conf'));
    const r = await kubectl('get', '--raw', '/readyz');
    assert.equal(r.stdout.trim(), 'ok');
    const ns = await kubectl('get', 'namespaces', '-o', 'name');
    assert.match(ns.stdout, /namespace\/kube-system/);
  });

  it('runs kwok as kwokctl does, in system:masters (super-admin.conf), and its node becomes Ready', async () => {
    await waitOut(/kwok started with 1 simulated nodes/);
    assert.equal(processesUsing(join(dir, 'super-admin.conf')).length, 1, out);
    assert.deepEqual(processesUsing(`--kubeconfig ${join(dir, 'admin.conf')}`), []);
    const deadline = Date.now() + 30_000;
    for (;;) {
      const r = await kubectl(
        'get',
        'node',
        'kwok-node-0',
        '-o',
        'jsonpath={.status.conditions[?(@.type=="Ready")].status}',
      );
      if (r.stdout === 'True') break;
      if (Date.now() > deadline) throw new Error(`kwok-node-0 not Ready: ${r.stdout}${r.stderr}`);
      await new Promise((wake) => setTimeout(wake, 200));
    }
  });

  it('runs the apiserver with V8 collecting on its own thread and a larger young generation (APISERVER_NODE_ARGS)', () => {
    assert.equal(
      processesUsing(`^${process.execPath} --single-threaded-gc --max-semi-space-size=64 ${BIN} apiserver .*${dir}`)
        .length,
      1,
      out,
    );
  });

  it("runs etcd without V8's memory reducer (ETCD_NODE_ARGS)", () => {
    assert.equal(processesUsing(`^${process.execPath} --no-memory-reducer ${BIN} etcd .*${dir}`).length, 1, out);
  });

  it('restarts a component killed with -9', async () => {
    const pid = Number((await waitOut(/scheduler ready \(pid (\d+)\)/))[1]);
    process.kill(pid, 'SIGKILL');
    await waitOut(/scheduler exited \(signal SIGKILL\); restarting in 1s/);
    const deadline = Date.now() + 30_000;
    for (;;) {
      const running = processesUsing(join(dir, 'scheduler.conf'));
      if (running.length === 1 && running[0] !== pid) break;
      if (Date.now() > deadline) throw new Error('scheduler not restarted');
      await new Promise((r) => setTimeout(r, 100));
    }
    // The rest went on meanwhile.
    assert.equal((await kubectl('get', '--raw', '/readyz')).stdout.trim(), 'ok');
  });

  it('stops everything on Ctrl-C and leaves no process behind', async () => {
    const exited = new Promise<number | null>((r) => server.once('exit', (code) => r(code)));
    server.kill('SIGINT');
    assert.equal(await exited, 0);
    assert.deepEqual(processesUsing(dir), []);
    assert.doesNotMatch(out.slice(out.indexOf('stopping')), /restarting/);
  });
});
