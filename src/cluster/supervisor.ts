/**
 * One component process of `k8ts server`: `k8ts <args>` as a child, its output appended to a log
 * file, restarted with backoff (1 s doubling to 30 s, reset after 60 s of running) when it dies,
 * stopped with SIGTERM and, after a grace period, SIGKILL.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { openSync, closeSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The launcher that runs `k8ts` right after `npm ci`. */
export const K8TS_BIN = fileURLToPath(new URL('../../bin/k8ts', import.meta.url));

/**
 * Node flags the apiserver runs with.
 * - `--single-threaded-gc`: V8 collects garbage on the apiserver's own thread, without helper
 *   threads. On a machine whose cores the control plane's processes share, a helper that the
 *   kernel has paused holds up the collection that waits for it, and every request with it: in
 *   `bench:apiserver`'s latency line, six alternating pairs of runs gave a highest mutating p99 of
 *   29–50 ms with V8's helpers against 15–24 ms without (throughput alike).
 * - `--max-semi-space-size=64` (MB; 16 by default): under a write load the young generation may
 *   grow to where what a request holds while it waits for etcd dies young instead of being copied
 *   again and again. In the 10,000-pod Deployment that `bench:controllers` times, two alternating
 *   pairs of runs gave young-generation collections of 3.2–3.3 s instead of 4.6–5.2 s (95 of them
 *   instead of 397) and apiserver CPU of 16.3–16.4 s instead of 17.4–19.1 s; the latency line's p99
 *   and the idle RSS did not change (BENCHMARKS.md, Controllers).
 */
export const APISERVER_NODE_ARGS = ['--single-threaded-gc', '--max-semi-space-size=64'];

/**
 * Node flags `k8ts etcd` runs with (V8 takes this one only on the command line, not from
 * `v8.setFlagsFromString` once running).
 * - `--no-memory-reducer`: once a process has allocated little for a few seconds, V8's memory
 *   reducer runs full collections that compact the whole heap to hand memory back. A store holds
 *   every revision in memory: after `bench:store`'s first four lines (about 170 MB of heap), the
 *   load that followed dropped to one put every 20 ms, and two such collections stopped the store
 *   for 20-51 ms each, every watcher's event waiting (three runs of the watch line, each with one
 *   or two puts whose events took 26-41 ms). Without the reducer, no such put in four runs, the
 *   slowest event 6.9-9.8 ms; the store's resident memory a minute after the four lines was 609 MB,
 *   against 578 MB with it (one run each).
 */
export const ETCD_NODE_ARGS = ['--no-memory-reducer'];

export interface SupervisedOptions {
  name: string;
  args: string[];
  logFile: string;
  /** Node flags (`--max-old-space-size=…`). */
  nodeArgs?: string[];
  /** Told of each unexpected exit and restart. */
  onEvent(line: string): void;
  stopGraceMs?: number;
}

export class Supervised {
  private child: ChildProcess | undefined;
  private stopping = false;
  private backoffMs = 1000;
  private startedAt = 0;
  private restartTimer: NodeJS.Timeout | undefined;
  /** Restarts so far. */
  restarts = 0;

  constructor(private readonly o: SupervisedOptions) {}

  get name(): string {
    return this.o.name;
  }

  /** The running child's pid, if one runs. */
  get pid(): number | undefined {
    return this.child?.exitCode === null && this.child.signalCode === null ? this.child.pid : undefined;
  }

  start(): void {
    const fd = openSync(this.o.logFile, 'a');
    // In a process group of its own, so that Ctrl-C reaches only the server, which stops the
    // components in order; they are killed if the server exits without doing so.
    const child = spawn(process.execPath, [...(this.o.nodeArgs ?? []), K8TS_BIN, ...this.o.args], {
      stdio: ['ignore', fd, fd],
      detached: true,
    });
    const killOnExit = () => child.kill('SIGKILL');
    process.once('exit', killOnExit);
    child.once('exit', () => process.off('exit', killOnExit));
    closeSync(fd);
    this.child = child;
    this.startedAt = Date.now();
    child.once('exit', (code, signal) => {
      if (this.stopping) return;
      if (Date.now() - this.startedAt > 60_000) this.backoffMs = 1000;
      const how = signal ? `signal ${signal}` : `code ${code}`;
      this.o.onEvent(
        `${this.o.name} exited (${how}); restarting in ${this.backoffMs / 1000}s (log: ${this.o.logFile})`,
      );
      this.restartTimer = setTimeout(() => {
        this.restarts++;
        this.start();
      }, this.backoffMs);
      this.backoffMs = Math.min(this.backoffMs * 2, 30_000);
    });
  }

  /** From now on an exit is expected: no restart. */
  expectExit(): void {
    this.stopping = true;
    clearTimeout(this.restartTimer);
  }

  /** Stops the child and any pending restart; resolves once it has exited. */
  async stop(): Promise<void> {
    this.expectExit();
    clearTimeout(this.restartTimer);
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((r) => child.once('exit', () => r()));
    child.kill('SIGTERM');
    const kill = setTimeout(() => child.kill('SIGKILL'), this.o.stopGraceMs ?? 10_000);
    await exited;
    clearTimeout(kill);
  }
}
