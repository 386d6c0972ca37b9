/**
 * `RestClient`: requests to one apiserver as one user — client-go's `rest.RESTClient`. Every
 * attempt takes a token from the client-side rate limiter; throttled (429), `Retry-After` and
 * transient connection failures are retried (see retry.ts); error responses become `ApiError`s.
 */
import type { ApiError } from '../../machinery/errors.js';
import { abortReason, realClock, type Clock } from './clock.js';
import { DEFAULT_BURST, DEFAULT_MAX_RETRIES, DEFAULT_QPS, defaultUserAgent, type RestConfig } from './config.js';
import { Credentials } from './credentials.js';
import { DEFAULT_BACKOFF, IDEMPOTENT_METHODS, errorRetryDelay, responseRetryDelay, type Backoff } from './retry.js';
import { responseError, type RequestTarget } from './status-error.js';
import { TokenBucket } from './token-bucket.js';
import { Transport, type Protocol, type ResponseHeaders, type TransportResponse } from './transport.js';
import { parseWatchStream, type WatchEvent } from './watch.js';
import { readBody, withTimeout } from './body.js';

/** Query parameters; arrays repeat the parameter, undefined leaves it out. */
export type Query = Record<string, string | number | boolean | readonly string[] | undefined>;

/** One request. */
export interface RequestOptions {
  /** HTTP method; GET when unset. */
  method?: string;
  /** Path below the server URL, `/api/v1/namespaces/default/pods`. */
  path: string;
  query?: Query;
  /** Sent as JSON unless a string or Buffer (sent as is). */
  body?: unknown;
  /** Content-Type of the body; `application/json` when unset. */
  contentType?: string;
  /** Accept header; `application/json` when unset. */
  accept?: string;
  /** Extra headers. */
  headers?: Record<string, string | string[]>;
  /** Aborts the request (and its retries). */
  signal?: AbortSignal;
  /** Overall deadline of the request and its retries, in ms; the config's `timeoutMs` when unset. */
  timeoutMs?: number;
  /** Safe to send again even after it may have reached the server (only GET/HEAD/OPTIONS are by default). */
  retryable?: boolean;
  /** What the request is about, for messages of errors without a Status body. */
  target?: Omit<RequestTarget, 'method'>;
}

/** A successful response: the body parsed when JSON, a string otherwise. */
export interface RestResponse<T = unknown> {
  status: number;
  headers: ResponseHeaders;
  body: T;
}

/** How a RestClient is built beyond its RestConfig (tests inject the clock and limiter). */
export interface RestClientOptions {
  /** Time for rate limiting, backoff and token refresh. */
  clock?: Clock;
  /** The rate limiter; `null` disables it; made from `qps`/`burst` when unset. */
  rateLimiter?: TokenBucket | null;
  /** Backoff of connection-error retries. */
  backoff?: Backoff;
}

/** Encodes a query string, `?a=1&b=x` (empty when nothing is set). */
export function encodeQuery(query: Query | undefined): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(query ?? {})) {
    if (v === undefined) continue;
    if (Array.isArray(v)) for (const item of v) q.append(k, String(item));
    else q.append(k, String(v));
  }
  const s = q.toString();
  return s ? `?${s}` : '';
}

/** The rate limiter a config asks for: client-go's defaults for 0, none for negative qps. */
export function rateLimiterFor(config: RestConfig, clock: Clock = realClock): TokenBucket | undefined {
  const qps = config.qps || DEFAULT_QPS;
  if (qps < 0) return undefined;
  return new TokenBucket(qps, config.burst || DEFAULT_BURST, clock);
}

/** Requests to one apiserver over one connection. */
export class RestClient {
  private readonly transport: Transport;
  private readonly credentials: Credentials;
  private readonly clock: Clock;
  private readonly limiter: TokenBucket | undefined;
  private readonly backoff: Backoff;
  private readonly userAgent: string;

  /** @param config where and who; its files are read on the first connection. */
  constructor(
    readonly config: RestConfig,
    options: RestClientOptions = {},
  ) {
    this.clock = options.clock ?? realClock;
    this.transport = new Transport(config);
    this.credentials = new Credentials(config, this.clock);
    this.limiter =
      options.rateLimiter === null ? undefined : (options.rateLimiter ?? rateLimiterFor(config, this.clock));
    this.backoff = options.backoff ?? DEFAULT_BACKOFF;
    this.userAgent = config.userAgent || defaultUserAgent();
  }

  /** The namespace of the config's context, `default` when it has none. */
  get namespace(): string {
    return this.config.namespace || 'default';
  }

  /** `h2` or `http/1.1` once connected. */
  get protocol(): Protocol | undefined {
    return this.transport.protocol;
  }

  /**
   * Sends a request and reads its response. Resolves for 2xx; rejects with an `ApiError` for other
   * statuses (from the Status body, or generic), a `TransportError` for connection failures, the
   * signal's reason when aborted, or a `TimeoutError` past `timeoutMs`.
   */
  async request<T = unknown>(opts: RequestOptions): Promise<RestResponse<T>> {
    const method = (opts.method ?? 'GET').toUpperCase();
    const timeoutMs = opts.timeoutMs ?? this.config.timeoutMs;
    return withTimeout(opts.signal, timeoutMs, `${method} ${opts.path}`, async (signal) => {
      const { res, raw } = await this.exchange({ ...opts, method, signal }, false);
      const body = parse(res.headers, raw!);
      if (res.status < 200 || res.status > 206) throw this.error(method, opts, res, raw!, body);
      return { status: res.status, headers: res.headers, body: body as T };
    });
  }

  /**
   * Watches `path` (`watch=true` is added to `query`): the events as the server sends them, ending
   * when the server ends the stream (e.g. at `timeoutSeconds`), the connection breaks, the caller
   * stops iterating, or `signal` aborts. An ERROR event (a Status, e.g. 410 Expired) is yielded
   * like the others; an error response to the watch itself rejects as `request` does.
   */
  async *watch<T = unknown>(path: string, query: Query = {}, signal?: AbortSignal): AsyncGenerator<WatchEvent<T>> {
    if (signal?.aborted) return;
    let exchanged: { res: TransportResponse };
    try {
      exchanged = await this.exchange({ path, query: { ...query, watch: true }, method: 'GET', signal }, true);
    } catch (err) {
      if (signal?.aborted) return;
      throw err;
    }
    const { res } = exchanged;
    if (res.status !== 200) {
      const raw = await readBody(res.body);
      throw this.error('GET', {}, res, raw, parse(res.headers, raw));
    }
    const onAbort = () => res.body.destroy();
    signal?.addEventListener('abort', onAbort, { once: true });
    try {
      yield* parseWatchStream<T>(res.body);
    } finally {
      signal?.removeEventListener('abort', onAbort);
      res.body.destroy();
    }
  }

  /** Closes the connection; later requests fail. */
  close(): void {
    this.transport.close();
  }

  private error(
    method: string,
    opts: Pick<RequestOptions, 'target'>,
    res: TransportResponse,
    raw: Buffer,
    body: unknown,
  ): ApiError {
    return responseError(res.status, res.headers, raw, body, { method, ...opts.target });
  }

  /** Sends with rate limiting and retries; reads the body unless `stream`. */
  private async exchange(
    opts: RequestOptions & { method: string },
    stream: boolean,
  ): Promise<{ res: TransportResponse; raw?: Buffer }> {
    const { method, signal } = opts;
    const idempotent = opts.retryable ?? IDEMPOTENT_METHODS.has(method);
    const maxRetries = this.config.maxRetries ?? DEFAULT_MAX_RETRIES;
    const path = opts.path + encodeQuery(opts.query);
    const body = encodeBody(opts.body);
    for (let attempt = 0; ; attempt++) {
      await this.limiter?.wait(signal);
      let delay: number | undefined;
      try {
        const headers: Record<string, string | string[]> = {
          accept: opts.accept ?? 'application/json',
          'user-agent': this.userAgent,
          ...(await this.credentials.headers()),
          ...opts.headers,
        };
        if (body) headers['content-type'] = opts.contentType ?? 'application/json';
        const res = await this.transport.send({ method, path, headers, body, signal });
        delay =
          attempt < maxRetries
            ? responseRetryDelay(res.status, res.headers, idempotent, attempt + 1, this.backoff)
            : undefined;
        if (delay === undefined) {
          return stream ? { res } : { res, raw: await readBody(res.body, opts.path) };
        }
        res.body.destroy();
      } catch (err) {
        if (signal?.aborted) throw abortReason(signal);
        delay = attempt < maxRetries ? errorRetryDelay(err, idempotent, attempt + 1, this.backoff) : undefined;
        if (delay === undefined) throw err;
      }
      await this.clock.sleep(delay, signal);
    }
  }
}

function encodeBody(body: unknown): Buffer | undefined {
  if (body === undefined) return undefined;
  if (Buffer.isBuffer(body)) return body;
  return Buffer.from(typeof body === 'string' ? body : JSON.stringify(body));
}

/** JSON bodies parsed; others (and JSON that does not parse) as text. */
function parse(headers: ResponseHeaders, raw: Buffer): unknown {
  const text = raw.toString('utf8');
  const type = String(headers['content-type'] ?? '');
  if (type.includes('json') || (!type && /^\s*[[{]/.test(text))) {
    try {
      return JSON.parse(text);
    } catch {
      return text;
    }
  }
  return text;
}
