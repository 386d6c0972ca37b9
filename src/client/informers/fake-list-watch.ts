/**
 * A scripted ListWatch for tests: list responses (or errors) queued in order, watches handed out
 * as FakeWatch objects the test pushes events into and ends.
 */
import type { ObjectList } from '../rest/list.js';
import type { ListOptions } from '../rest/options.js';
import type { KubeObject } from '../rest/resource-client.js';
import type { WatchEvent } from '../rest/watch.js';
import type { ListWatch } from './list-watch.js';

/** A ConfigMap-ish object for tests. */
export function cm(name: string, rv: string, labels?: Record<string, string>, namespace = 'default'): KubeObject {
  return { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace, resourceVersion: rv, labels } };
}

/** A list response. */
export function listOf(rv: string, items: KubeObject[]): ObjectList<KubeObject> {
  return { metadata: { resourceVersion: rv }, items };
}

/** One open watch: push events, end it, or see its options. */
export class FakeWatch {
  private queue: WatchEvent<KubeObject>[] = [];
  private ended = false;
  private wake: (() => void) | undefined;
  constructor(readonly opts: ListOptions) {}

  push(type: WatchEvent['type'], object: KubeObject | Record<string, unknown>): void {
    this.queue.push({ type, object: object as KubeObject });
    this.wake?.();
  }

  end(): void {
    this.ended = true;
    this.wake?.();
  }

  async *events(signal?: AbortSignal): AsyncGenerator<WatchEvent<KubeObject>> {
    const onAbort = () => this.wake?.();
    signal?.addEventListener('abort', onAbort);
    try {
      for (;;) {
        while (this.queue.length) yield this.queue.shift()!;
        if (this.ended || signal?.aborted) return;
        await new Promise<void>((r) => (this.wake = r));
      }
    } finally {
      signal?.removeEventListener('abort', onAbort);
    }
  }
}

/** The fake ListWatch. Lists answer from `lists` in order (the last repeats). */
export class FakeListWatch implements ListWatch<KubeObject> {
  readonly listCalls: ListOptions[] = [];
  readonly watches: FakeWatch[] = [];
  /** Errors thrown by the next watch calls, in order. */
  readonly watchErrors: Error[] = [];
  constructor(public lists: (ObjectList<KubeObject> | Error)[]) {}

  async list(opts: ListOptions): Promise<ObjectList<KubeObject>> {
    this.listCalls.push(opts);
    const r = this.lists.length > 1 ? this.lists.shift()! : this.lists[0];
    if (r instanceof Error) throw r;
    return structuredClone(r);
  }

  async *watch(opts: ListOptions): AsyncGenerator<WatchEvent<KubeObject>> {
    const err = this.watchErrors.shift();
    if (err) throw err;
    const w = new FakeWatch(opts);
    this.watches.push(w);
    yield* w.events(opts.signal);
  }

  /** The n-th watch (0-based), once started. */
  async nthWatch(n: number): Promise<FakeWatch> {
    await until(() => this.watches.length > n);
    return this.watches[n];
  }
}

/** Waits (a macrotask at a time) until `cond` holds; throws after `timeoutMs` of real time. */
export async function until(cond: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error('condition not met');
    await new Promise((r) => setImmediate(r));
  }
}
