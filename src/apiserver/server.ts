/**
 * The apiserver's HTTP front: one TLS port speaking HTTP/2 (ALPN) and HTTP/1.1, the filters
 * upstream runs before any handler (in-flight limits, panic recovery, metrics), then the
 * non-resource paths (health, version, metrics, discovery, OpenAPI) and the resource handlers.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Socket } from 'node:net';
import tls, { type TLSSocket } from 'node:tls';
import { H2Session } from '../machinery/h2/session.js';
import { H2ServerRequest, H2ServerResponse } from './h2-compat.js';
import { ApiError, errors } from '../machinery/errors.js';
import { resourceRequest, type ResourceRequest } from './request-info.js';
import { parseDuration } from '../machinery/duration.js';
import { attachAudit, MAX_BODY, sendError, sendJSON, sentBody, type Req, type Res } from './http.js';
import { auditAttributes, type RequestAudit } from './audit/index.js';
import { serveDiscovery } from './handlers/discovery.js';
import { notFoundPath, serveResource } from './handlers/resource.js';
import { serveOpenAPI } from './handlers/openapi.js';
import type { Context } from './context.js';
import { actAs, userOf } from './auth/request-auth.js';
import {
  impersonate,
  isImpersonationHeader,
  jwks,
  JWKSPath,
  jwksHeaders,
  OpenIDConfigPath,
  openIDConfiguration,
  openIDConfigurationHeaders,
  type UserInfo,
} from './auth/authn/index.js';
import { forbidden, requestAttributes } from './auth/authorize.js';
import { classify, FlowControl } from './flowcontrol.js';
import type { ApiMetrics } from './metrics.js';

export const VERSION = {
  major: '1',
  minor: '32',
  gitVersion: 'v1.32.3+k8ts',
  gitCommit: '',
  gitTreeState: 'clean',
  buildDate: '2026-01-01T00:00:00Z',
  goVersion: `node${process.versions.node}`,
  compiler: 'tsc',
  platform: `${process.platform}/${process.arch === 'x64' ? 'amd64' : process.arch}`,
};

export interface HealthCheck {
  name: string;
  check: () => Promise<void> | void;
}

export interface ServerOptions {
  cert: Buffer;
  key: Buffer;
  /** CA bundle to verify client certificates against (`--client-ca-file`); asked for, not required. */
  clientCA?: Buffer;
  maxRequestsInflight: number;
  maxMutatingRequestsInflight: number;
  /** `--http2-max-streams-per-connection`: 0 or absent is upstream's default, 100. */
  http2MaxStreamsPerConnection?: number;
  /**
   * API Priority and Fairness (`--enable-priority-and-fairness`, on by default): the two limits
   * together are shared out among priority levels, and a request waits in its level's queue.
   * Off, each limit refuses what is over it at once (upstream's max-in-flight filter).
   */
  enablePriorityAndFairness?: boolean;
  serverAddress: string;
  checks: HealthCheck[];
  metrics: ApiMetrics;
  /** The longest a request other than a watch may take (`--request-timeout`, 60 s); 504 after. */
  requestTimeoutSeconds?: number;
  /** A connection that sends no request this long after its TLS handshake is dropped (Go's ReadHeaderTimeout, 32 s). */
  readHeaderTimeoutMs?: number;
  /** A connection with no request in flight this long is dropped (Go's IdleTimeout, 90 s). */
  idleTimeoutMs?: number;
}

interface IdleGuard {
  begin(): void;
  end(): void;
  stop(): void;
}

const READ_HEADER_TIMEOUT_MS = 32_000;
const IDLE_TIMEOUT_MS = 90_000;
/** Go's default TLS handshake budget in kube-apiserver's server (10 s). */
const HANDSHAKE_TIMEOUT_MS = 10_000;
/**
 * Streams a client may have open on one HTTP/2 connection when `--http2-max-streams-per-connection`
 * is 0: upstream's server then sets 100, what Go's clients assume before the server's SETTINGS.
 */
const DEFAULT_HTTP2_MAX_STREAMS = 100;

const MUTATING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** Upstream's metric verbs are the HTTP-ish action names (`POST`, not `CREATE`). */
const METRIC_VERB: Record<string, string> = { create: 'POST', update: 'PUT' };

export class ApiHttpServer {
  /** The TLS listener: HTTP/2 connections go to our own HTTP/2 layer, HTTP/1.1 ones to node:http. */
  readonly server: tls.Server;
  private readonly http1Server: http.Server;
  private readonly sockets = new Set<Socket>();
  private inflight = 0;
  private mutating = 0;
  private readonly flow?: FlowControl;

  constructor(
    private readonly ctx: Context,
    private readonly opts: ServerOptions,
  ) {
    this.server = tls.createServer({
      cert: opts.cert,
      key: opts.key,
      ALPNProtocols: ['h2', 'http/1.1'],
      handshakeTimeout: HANDSHAKE_TIMEOUT_MS,
      ...(opts.clientCA ? { ca: opts.clientCA, requestCert: true, rejectUnauthorized: false } : {}),
    });
    // Upstream's server concurrency limit: the two flags' sum (a sum of 0 is no limit here).
    const concurrency = opts.maxRequestsInflight + opts.maxMutatingRequestsInflight;
    if ((opts.enablePriorityAndFairness ?? true) && concurrency > 0) this.flow = new FlowControl(concurrency);
    // The metric counts the scrape itself, as upstream's does.
    opts.metrics.inflightNow = () => ({ readOnly: this.inflight, mutating: this.mutating });
    const onRequest = (req: Req, res: Res) => void this.handle(req, res);
    this.http1Server = http.createServer((req, res) => {
      this.track(req, res);
      onRequest(req, res);
    });
    // Every TCP connection, from its accept: one still in its TLS handshake holds close() up too.
    this.server.on('connection', (socket: Socket) => {
      socket.setNoDelay(true);
      this.sockets.add(socket);
      socket.once('close', () => this.sockets.delete(socket));
    });
    // As upstream's server: a client's streams beyond this wait on its side (or, sent before it
    // has our SETTINGS, are refused unprocessed for it to send again).
    const maxStreams = opts.http2MaxStreamsPerConnection || DEFAULT_HTTP2_MAX_STREAMS;
    this.server.on('secureConnection', (socket: TLSSocket) => {
      if (socket.alpnProtocol !== 'h2') {
        // HTTP/1.1 carries one request at a time; its idle timer follows the requests.
        const idle = this.idleGuard(() => socket.destroy());
        socket.once('close', idle.stop);
        this.http1.set(socket, idle);
        this.http1Server.emit('connection', socket);
        return;
      }
      const idle = this.idleGuard(() => session.destroy());
      const session = new H2Session(
        socket,
        (stream) => {
          idle.begin();
          stream.once('close', idle.end);
          // The handlers' types are node's; these offer the part of them the handlers use.
          const req = new H2ServerRequest(stream, socket, MAX_BODY);
          onRequest(req as unknown as Req, new H2ServerResponse(req, stream) as unknown as Res);
        },
        maxStreams,
      );
      session.once('close', idle.stop);
    });
  }

  private readonly http1 = new WeakMap<TLSSocket, IdleGuard>();

  /**
   * Drops slow and idle connections, as Go's server does for kube-apiserver: one that has not
   * started a request within the read-header timeout, and one with nothing in flight for the
   * idle timeout.
   */
  private idleGuard(drop: () => void): IdleGuard {
    let active = 0;
    let stopped = false;
    const start = (ms: number) => setTimeout(drop, ms).unref();
    let timer: NodeJS.Timeout | undefined = start(this.opts.readHeaderTimeoutMs ?? READ_HEADER_TIMEOUT_MS);
    const arm = () => {
      clearTimeout(timer);
      // A response's 'close' can come after its connection's: the guard is then over.
      if (stopped) return;
      timer = active === 0 ? start(this.opts.idleTimeoutMs ?? IDLE_TIMEOUT_MS) : undefined;
    };
    return {
      begin: () => {
        active++;
        arm();
      },
      end: () => {
        active--;
        arm();
      },
      stop: () => {
        stopped = true;
        clearTimeout(timer);
      },
    };
  }

  listen(port: number, host: string): Promise<number> {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, host, () => resolve((this.server.address() as AddressInfo).port));
    });
  }

  /** Stops accepting, then ends every connection (watches would otherwise hold it open forever). */
  close(): Promise<void> {
    return new Promise((resolve) => {
      this.server.close(() => resolve());
      for (const socket of this.sockets) socket.destroy();
      this.http1Server.close();
    });
  }

  /** Counts an HTTP/1.1 request against its connection's idle timer until its response is done. */
  private track(req: Req, res: Res): void {
    const idle = this.http1.get(req.socket as TLSSocket);
    if (!idle) return;
    idle.begin();
    res.once('close', idle.end);
  }

  private async handle(req: Req, res: Res): Promise<void> {
    const started = process.hrtime.bigint();
    const url = new URL(req.url ?? '/', 'https://apiserver');
    const path = url.pathname.replace(/\/+$/, '') || '/';
    const ri = resourceRequest(req.method ?? 'GET', path, url.searchParams);
    const isWatch = ri?.verb === 'watch';
    const mutating = MUTATING.has(req.method ?? '');
    let counted = false;
    let releaseSeat: (() => void) | undefined;
    let audit: RequestAudit | undefined;
    try {
      // Authentication comes first, as in upstream's handler chain; a refused credential is 401.
      let user = await this.authenticate(req, path, ri);
      audit = this.beginAudit(req, res, user, path, ri);
      if (Object.keys(req.headers).some(isImpersonationHeader)) {
        user = await this.impersonate(req, user);
        audit?.setImpersonatedUser(user);
      }
      if (!isWatch) {
        // Long-running requests are exempt, as upstream's. With priority and fairness, a seat of
        // the request's level (waiting for it in the queue); without, the max-in-flight filter.
        const tooMany = () => errors.tooManyRequests('Too many requests, please try again later.', 1);
        if (this.flow) {
          const seat = this.flow.admit(classify(user, path, ri));
          releaseSeat = seat instanceof Promise ? await seat : seat;
          if (!releaseSeat) throw tooMany();
        } else {
          // A limit of 0 is none.
          const limit = mutating ? this.opts.maxMutatingRequestsInflight : this.opts.maxRequestsInflight;
          if (limit > 0 && (mutating ? this.mutating : this.inflight) >= limit) throw tooMany();
        }
        counted = true;
        if (mutating) this.mutating++;
        else this.inflight++;
      }
      if (this.ctx.authz) {
        const attrs = {
          ...requestAttributes(user, req.method ?? 'GET', path, ri),
          fieldSelector: url.searchParams.get('fieldSelector') ?? undefined,
        };
        const decision = this.ctx.authz.authorize(attrs);
        audit?.authorized(decision.allowed, decision.reason);
        if (!decision.allowed) throw forbidden(attrs, decision.reason);
      }
      const work = this.route(ri, path, url.searchParams, req, res);
      if (isWatch) await work;
      else await this.withTimeout(work, url.searchParams);
    } catch (err) {
      sendError(res, err);
    } finally {
      audit?.complete(res.statusCode, sentBody(res));
      releaseSeat?.();
      if (counted) {
        if (mutating) this.mutating--;
        else this.inflight--;
      }
      if (ri && !isWatch) {
        const labels = {
          verb: METRIC_VERB[ri.verb] ?? ri.verb.toUpperCase(),
          group: ri.group,
          version: ri.version,
          resource: ri.resource,
          subresource: ri.subresource,
          scope: ri.name || ri.verb === 'create' ? 'resource' : ri.namespace ? 'namespace' : 'cluster',
        };
        this.opts.metrics.requests.inc({ ...labels, code: String(res.statusCode) });
        this.opts.metrics.duration.observe(labels, Number(process.hrtime.bigint() - started) / 1e9);
      }
    }
  }

  private async authenticate(req: Req, path: string, ri: ResourceRequest | undefined): Promise<UserInfo> {
    try {
      return (await this.ctx.authn?.authenticate(req)) ?? userOf(req);
    } catch (err) {
      // Upstream audits a failed authentication as one ResponseStarted event.
      const auditor = this.ctx.auditor;
      if (auditor && err instanceof ApiError && err.code === 401) {
        const attrs = auditAttributes(requestAttributes(userOf(req), req.method ?? 'GET', path, ri));
        auditor.failedAuthentication({
          attrs,
          uri: req.url ?? '/',
          headers: req.headers,
          remoteAddress: req.socket?.remoteAddress,
          clientCertificate: !!(req.socket as TLSSocket | undefined)?.getPeerCertificate?.()?.raw,
        });
      }
      throw err;
    }
  }

  /** Starts the request's audit event when `--audit-policy-file` says to record it; every response gets an `Audit-Id`. */
  private beginAudit(
    req: Req,
    res: Res,
    user: UserInfo,
    path: string,
    ri: ResourceRequest | undefined,
  ): RequestAudit | undefined {
    const auditor = this.ctx.auditor;
    if (!auditor) return undefined;
    const auditID = auditor.auditIDFor(req.headers);
    res.setHeader('Audit-Id', auditID);
    const audit = auditor.begin({
      attrs: auditAttributes(requestAttributes(user, req.method ?? 'GET', path, ri)),
      uri: req.url ?? '/',
      headers: req.headers,
      remoteAddress: req.socket?.remoteAddress,
      auditID,
    });
    if (!audit) return undefined;
    attachAudit(req, res, audit);
    if (audit.longRunning) {
      // A watch's ResponseStarted stage is when its status line goes out.
      const writeHead = res.writeHead.bind(res) as (...args: unknown[]) => Res;
      res.writeHead = ((...args: unknown[]) => {
        audit.responseStarted(args[0] as number);
        return writeHead(...args);
      }) as typeof res.writeHead;
    }
    return audit;
  }

  private route(ri: ResourceRequest | undefined, path: string, q: URLSearchParams, req: Req, res: Res): Promise<void> {
    if (!ri) return this.serveNonResource(path, q, req, res);
    return serveResource(this.ctx, ri, q, req, res, (d) =>
      this.opts.metrics.watches.inc(
        {
          verb: 'WATCH',
          group: ri.group,
          version: ri.version,
          resource: ri.resource,
          scope: ri.namespace ? 'namespace' : 'cluster',
        },
        d,
      ),
    );
  }

  /**
   * Upstream's timeout filter: a request that is not done within `?timeout=` (at most
   * `--request-timeout`) is answered 504; its work is left to finish, its answer dropped.
   */
  private async withTimeout(work: Promise<void>, q: URLSearchParams): Promise<void> {
    let ms = (this.opts.requestTimeoutSeconds ?? 60) * 1000;
    const asked = q.get('timeout');
    if (asked) {
      const d = parseDuration(asked);
      if (Number.isNaN(d)) throw errors.badRequest('invalid timeout specified in the request URL');
      if (d > 0 && d < ms) ms = d;
    }
    let timer: NodeJS.Timeout | undefined;
    const expired = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () =>
          reject(errors.timeout('request did not complete within requested timeout - context deadline exceeded', 0)),
        ms,
      );
    });
    work.catch(() => {});
    try {
      await Promise.race([work, expired]);
    } finally {
      clearTimeout(timer);
    }
  }

  /**
   * The service-account issuer's OIDC discovery document and key set, when tokens are issued and
   * the issuer is an https URL (otherwise upstream serves neither): 404 then.
   */
  private serveOpenID(path: string, res: Res): void {
    const sa = this.ctx.serviceAccounts;
    let body: unknown;
    try {
      body =
        sa &&
        (path === JWKSPath
          ? jwks(sa.keys)
          : openIDConfiguration(sa.issuer, `https://${this.opts.serverAddress}${JWKSPath}`, sa.keys));
    } catch {
      body = undefined;
    }
    if (!body) throw notFoundPath();
    sendJSON(res, 200, body, path === JWKSPath ? jwksHeaders : openIDConfigurationHeaders);
  }

  /** `--as`, `--as-group`: act as another user when the authorizer allows `impersonate` on them. */
  private async impersonate(req: Req, user: UserInfo): Promise<UserInfo> {
    const headers = (req as { headersDistinct?: Record<string, string[]> }).headersDistinct ?? req.headers;
    const r = await impersonate(user, headers, (attrs) => this.ctx.authz?.authorize({ ...attrs, path: '' }) ?? true);
    if ('status' in r) throw new ApiError(r.status.code, r.status.reason, r.status.message, r.status.details);
    actAs(req, r.user);
    return r.user;
  }

  private async serveNonResource(path: string, q: URLSearchParams, req: Req, res: Res): Promise<void> {
    if (path === '/version') return sendJSON(res, 200, VERSION);
    if (path === '/healthz' || path === '/livez' || path === '/readyz') return this.health(path, q, res);
    if (path.startsWith('/healthz/') || path.startsWith('/livez/') || path.startsWith('/readyz/')) {
      return this.health(path.slice(0, path.indexOf('/', 1)), q, res, path.slice(path.indexOf('/', 1) + 1));
    }
    if (path === '/metrics') {
      const text = await this.opts.metrics.registry.metrics();
      res.writeHead(200, { 'Content-Type': this.opts.metrics.registry.contentType });
      res.end(text);
      return;
    }
    if (path === '/openapi/v2' || path.startsWith('/openapi/v3')) return serveOpenAPI(this.ctx, path, q, req, res);
    if (path === OpenIDConfigPath || path === JWKSPath) return this.serveOpenID(path, res);
    if (serveDiscovery(path, req, res, this.opts.serverAddress, this.ctx.registry.resources())) return;
    if (path === '/') {
      const paths = [
        '/api',
        '/api/v1',
        '/apis',
        '/healthz',
        '/livez',
        '/metrics',
        '/openapi/v2',
        '/openapi/v3',
        '/readyz',
        '/version',
      ];
      return sendJSON(res, 200, { paths });
    }
    throw notFoundPath();
  }

  /** `/healthz`, `/livez`, `/readyz` with upstream's plain-text answers, `?verbose` and per-check paths. */
  private async health(path: string, q: URLSearchParams, res: Res, only?: string): Promise<void> {
    const checks = [{ name: 'ping', check: () => {} }, { name: 'log', check: () => {} }, ...this.opts.checks];
    const selected = only ? checks.filter((c) => c.name === only) : checks;
    if (only && !selected.length) throw notFoundPath();
    const exclude = new Set(q.getAll('exclude'));
    const lines: string[] = [];
    let failed = false;
    for (const c of selected) {
      if (exclude.has(c.name)) {
        lines.push(`[+]${c.name} excluded: ok`);
        continue;
      }
      try {
        await c.check();
        lines.push(`[+]${c.name} ok`);
      } catch {
        failed = true;
        lines.push(`[-]${c.name} failed: reason withheld`);
      }
    }
    const kind = path.slice(1);
    const verbose = q.has('verbose') || failed;
    let body = only ? (failed ? `internal server error: ${only} failed\n` : 'ok') : 'ok';
    if (verbose && !only) body = `${lines.join('\n')}\n${kind} check ${failed ? 'failed' : 'passed'}\n`;
    res.writeHead(failed ? 500 : 200, {
      'Content-Type': 'text/plain; charset=utf-8',
      'X-Content-Type-Options': 'nosniff',
    });
    res.end(body);
  }
}
