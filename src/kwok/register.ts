/**
 * Registering the simulated nodes: N Node objects created with a bounded number in flight, each
 * followed by its first heartbeat, retried with backoff until it succeeds or kwok stops.
 */
import type { Node } from 'kubernetes-types/core/v1.js';
import type { Logger } from 'pino';
import { sleep } from '../client/wall-clock.js';
import type { Clock } from '../client/workqueue/clock.js';
import { isAlreadyExists } from '../machinery/errors.js';
import type { KwokApi } from './api.js';

export interface RegisterOptions {
  count: number;
  /** Nodes in flight at once. */
  concurrency: number;
  /** The Node to create for index i. */
  build(index: number): Node;
  api: KwokApi;
  /** The Node of that name already known to exist (the informer's cache), if any. */
  existing?(name: string): Node | undefined;
  /** Whether an existing Node of the same name may be taken over (else it is skipped). */
  adopt(existing: Node): boolean;
  /** The node's first heartbeat (Lease, status), once it exists; `created` when just created. */
  afterRegister(node: Node, created: boolean): Promise<void>;
  /** For backoff sleeps. */
  clock: Clock;
  log: Logger;
  signal: AbortSignal;
}

export interface RegisterResult {
  /** Created or adopted. */
  registered: number;
  /** Names that exist but belong to something else. */
  skipped: string[];
}

const BACKOFF = { initialMs: 500, maxMs: 30_000 };

/**
 * Creates nodes 0 … count-1 (`concurrency` at a time), adopting or skipping the ones that already
 * exist (known from `existing`, or answered AlreadyExists), and logs progress (`registered 1000/5000 nodes`) about every tenth. Resolves once every
 * node is registered and has had its first heartbeat; resolves early when `signal` aborts.
 */
export async function registerNodes(opts: RegisterOptions): Promise<RegisterResult> {
  const { count, log, signal } = opts;
  const step = count <= 100 ? count : Math.ceil(count / 10);
  const skipped: string[] = [];
  let next = 0;
  let done = 0;
  const one = async (index: number) => {
    const wanted = opts.build(index);
    for (let attempt = 0; !signal.aborted; attempt++) {
      try {
        const known = opts.existing?.(wanted.metadata?.name ?? '');
        const node = known ? { node: known, created: false } : await createOrGet(opts.api, wanted);
        if (node.created || opts.adopt(node.node)) await opts.afterRegister(node.node, node.created);
        else {
          skipped.push(wanted.metadata?.name ?? '');
          log.warn({ node: wanted.metadata?.name }, 'a node of that name exists and is not a kwok node; skipped');
        }
        return;
      } catch (err) {
        if (signal.aborted) return;
        const delay = Math.min(BACKOFF.maxMs, BACKOFF.initialMs * 2 ** Math.min(attempt, 16));
        log.warn({ node: wanted.metadata?.name, err: (err as Error)?.message, retryInMs: delay }, 'registering failed');
        await sleep(opts.clock, delay, signal);
      }
    }
  };
  const worker = async () => {
    while (next < count && !signal.aborted) {
      await one(next++);
      if (signal.aborted) return;
      done++;
      if (done % step === 0 || done === count)
        log.info({ registered: done, total: count }, `registered ${done}/${count} nodes`);
    }
  };
  await Promise.all(Array.from({ length: Math.min(opts.concurrency, count) }, worker));
  return { registered: done - skipped.length, skipped };
}

async function createOrGet(api: KwokApi, node: Node): Promise<{ node: Node; created: boolean }> {
  try {
    return { node: await api.createNode(node), created: true };
  } catch (err) {
    if (!isAlreadyExists(err)) throw err;
  }
  return { node: await api.getNode(node.metadata?.name ?? ''), created: false };
}
