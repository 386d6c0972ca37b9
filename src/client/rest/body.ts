/** Reading response bodies, and per-request deadlines. */
import type { ResponseBody } from './h2-exchange.js';
import { TransportError } from './transport-error.js';

/** A request that ran past its `timeoutMs` (Go's `context deadline exceeded`). */
export class TimeoutError extends Error {
  constructor(what: string, ms: number) {
    super(`${what}: context deadline exceeded (timeout ${ms}ms)`);
    this.name = 'TimeoutError';
  }
}

/** Reads all of `body`; a stream that breaks midway is a TransportError (the request was sent). */
export async function readBody(body: ResponseBody, what = ''): Promise<Buffer> {
  const chunks: Buffer[] = [];
  try {
    if (body.readAll) return await body.readAll();
    for await (const c of body) chunks.push(typeof c === 'string' ? Buffer.from(c) : c);
  } catch (err) {
    throw err instanceof TransportError ? err : new TransportError(err, true, what);
  }
  return Buffer.concat(chunks);
}

/**
 * Runs `fn` with a signal that aborts when `parent` does or, with `timeoutMs` > 0, after that long
 * (with a TimeoutError as its reason).
 */
export async function withTimeout<T>(
  parent: AbortSignal | undefined,
  timeoutMs: number | undefined,
  what: string,
  fn: (signal: AbortSignal | undefined) => Promise<T>,
): Promise<T> {
  if (!timeoutMs || timeoutMs <= 0) return fn(parent);
  const ctrl = new AbortController();
  const onAbort = () => ctrl.abort(parent!.reason);
  if (parent?.aborted) onAbort();
  else parent?.addEventListener('abort', onAbort, { once: true });
  const timer = setTimeout(() => ctrl.abort(new TimeoutError(what, timeoutMs)), timeoutMs);
  try {
    return await fn(ctrl.signal);
  } finally {
    clearTimeout(timer);
    parent?.removeEventListener('abort', onAbort);
  }
}
