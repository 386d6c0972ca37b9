/**
 * The apiserver's entry point to auditing (upstream's `WithAuditInit`, `WithAudit` and
 * `WithFailedAuthenticationAudit` filters): per request, evaluate the policy and, unless the level
 * is None, start an event and write its RequestReceived stage.
 *
 * Per request, in upstream's filter order:
 * ```ts
 * const auditID = auditor.auditIDFor(req.headers);        // every request; echo it:
 * res.setHeader('Audit-Id', auditID);
 * // authentication failed → auditor.failedAuthentication({ attrs, uri, headers, remoteAddress, auditID });
 * const ev = auditor.begin({ attrs, uri: req.url, headers: req.headers, remoteAddress: req.socket.remoteAddress,
 *   received, auditID, annotations: authnAuditAnnotations });   // undefined at level None
 * ev?.setImpersonatedUser(impersonated);                    // after impersonation
 * ev?.authorized(allowed, reason);                          // authorization filter
 * ev?.annotateAll(admission.auditAnnotations);
 * ev?.setRequestObject(decodedBody);   // create/update/delete options; ev?.setRequestPatch(body) for patch
 * ev?.responseStarted(status);         // when the status line goes out (writes ResponseStarted for watch & co.)
 * ev?.complete(status, responseBody);  // after the last byte (Status bodies become responseStatus)
 * // on a thrown error instead of a response: ev?.panic(err)
 * ```
 */
import { randomUUID } from 'node:crypto';
import { nowMicros, toMicros } from './encode.js';
import { evaluate } from './evaluate.js';
import { RequestAudit } from './request-audit.js';
import { objectRefOf, truncateUserAgent, userInfo, type EventState } from './snapshot.js';
import { headerValue, sourceIPs, type Headers } from './source-ips.js';
import {
  HEADER_AUDIT_ID,
  type AuditAttributes,
  type AuditBackend,
  type Policy,
  type RequestAuditConfig,
} from './types.js';

export interface AuditorOptions {
  policy: Policy;
  backend: AuditBackend;
  /** The clock, in microseconds since the epoch (default: the wall clock). */
  now?: () => number;
  /** New audit IDs (default: random UUIDs). */
  newAuditID?: () => string;
  /** Which requests write ResponseStarted (default: `isLongRunning`). */
  isLongRunning?: (attrs: AuditAttributes) => boolean;
  /** Upstream's klog warnings (a conflicting annotation). */
  warn?: (message: string) => void;
}

/** One request, as the audit filter sees it. */
export interface AuditRequest {
  /** The authorizer's attributes of the request (`user` absent when authentication failed). */
  attrs: AuditAttributes;
  /** The request URI as sent (path and query), e.g. `/api/v1/namespaces/default/pods?limit=500`. */
  uri: string;
  /** The request headers (User-Agent, X-Forwarded-For, X-Real-Ip, Audit-ID, Authorization). */
  headers: Headers;
  /** The connection's remote address (`req.socket.remoteAddress`). */
  remoteAddress?: string;
  /** When the request arrived: a Date or microseconds since the epoch (default: now). */
  received?: Date | number;
  /** The request's audit ID when already chosen (`auditIDFor`); else taken from the headers. */
  auditID?: string;
  /** Overrides the long-running check. */
  longRunning?: boolean;
  /** Annotations recorded before the audit filter (authentication's). */
  annotations?: Record<string, string>;
}

const LONG_RUNNING_VERBS = new Set(['watch', 'proxy']);
const LONG_RUNNING_SUBRESOURCES = new Set(['attach', 'exec', 'proxy', 'log', 'portforward']);

/** kube-apiserver's long-running check: watch and proxy verbs, attach/exec/proxy/log/portforward subresources. */
export function isLongRunning(attrs: AuditAttributes): boolean {
  if (LONG_RUNNING_VERBS.has(attrs.verb)) return true;
  return attrs.isResourceRequest && LONG_RUNNING_SUBRESOURCES.has(attrs.subresource);
}

/**
 * Upstream's `getAuthMethods`: what a request that failed authentication tried (basic, bearer,
 * access_token, x509), as the message of its audit event.
 */
export function authMethodsMessage(headers: Headers, uri: string, clientCertificate = false): string {
  const methods: string[] = [];
  const auth = headerValue(headers, 'Authorization');
  if (/^basic /i.test(auth)) {
    const decoded = Buffer.from(auth.slice(6), 'base64').toString('utf8');
    if (/^[A-Za-z0-9+/]*=*$/.test(auth.slice(6)) && decoded.includes(':')) methods.push('basic');
  }
  const parts = auth.trim().split(' ');
  if (parts.length > 1 && parts[0].toLowerCase() === 'bearer') methods.push('bearer');
  const q = uri.indexOf('?');
  if (q >= 0 && (new URLSearchParams(uri.slice(q + 1)).get('access_token') ?? '').trim()) methods.push('access_token');
  if (clientCertificate) methods.push('x509');
  return methods.length > 0
    ? `Authentication failed, attempted: ${methods.join(', ')}`
    : 'Authentication failed, no credentials provided';
}

export class Auditor {
  private readonly policy: Policy;
  private readonly backend: AuditBackend;
  private readonly now: () => number;
  private readonly newID: () => string;
  private readonly longRunningCheck: (attrs: AuditAttributes) => boolean;
  private readonly warn: (message: string) => void;

  constructor(opts: AuditorOptions) {
    this.policy = opts.policy;
    this.backend = opts.backend;
    this.now = opts.now ?? nowMicros;
    this.newID = opts.newAuditID ?? randomUUID;
    this.longRunningCheck = opts.isLongRunning ?? isLongRunning;
    this.warn = opts.warn ?? (() => {});
  }

  /**
   * The request's audit ID: its `Audit-ID` header as given, else a new UUID. The apiserver echoes
   * it in the `Audit-Id` response header of every request, audited or not.
   */
  auditIDFor(headers: Headers): string {
    return headerValue(headers, HEADER_AUDIT_ID) || this.newID();
  }

  /** The policy's decision for a request. */
  evaluate(attrs: AuditAttributes): RequestAuditConfig {
    return evaluate(this.policy, attrs);
  }

  /**
   * Starts auditing a request: undefined when its level is None; otherwise the event, whose
   * RequestReceived stage is already written (unless omitted).
   */
  begin(req: AuditRequest): RequestAudit | undefined {
    const audit = this.start(req);
    audit?.emit('RequestReceived');
    return audit;
  }

  /**
   * Audits a request that failed authentication (upstream's `WithFailedAuthenticationAudit`): one
   * ResponseStarted event with the attempted methods as message and `code`. False when the level
   * is None or the backend dropped the event.
   */
  failedAuthentication(req: AuditRequest & { clientCertificate?: boolean }, code = 401): boolean {
    const audit = this.start({ ...req, attrs: { ...req.attrs, user: undefined }, longRunning: true });
    if (!audit) return false;
    audit.setResponseStatus({ metadata: {}, message: authMethodsMessage(req.headers, req.uri, req.clientCertificate) });
    return audit.responseStarted(code);
  }

  private start(req: AuditRequest): RequestAudit | undefined {
    const config = evaluate(this.policy, req.attrs);
    if (config.level === 'None') return undefined;
    const state: EventState = {
      auditID: req.auditID || this.auditIDFor(req.headers),
      requestURI: req.uri,
      verb: req.attrs.verb,
      user: userInfo(req.attrs.user),
      sourceIPs: sourceIPs(req.headers, req.remoteAddress),
      userAgent: truncateUserAgent(headerValue(req.headers, 'User-Agent')),
      objectRef: objectRefOf(req.attrs),
      receivedMicros: req.received === undefined ? this.now() : toMicros(req.received),
      annotations: new Map(),
    };
    const audit = new RequestAudit({
      config,
      state,
      longRunning: req.longRunning ?? this.longRunningCheck(req.attrs),
      backend: this.backend,
      now: this.now,
      warn: this.warn,
    });
    audit.annotateAll(req.annotations);
    return audit;
  }
}
