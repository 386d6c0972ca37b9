/**
 * The audit event of one request while it is served (upstream's `AuditContext` and the `WithAudit`
 * filter's response-writer hooks). Stages are written as they finish; each written event is a
 * snapshot, so what is recorded later (the authorization decision, the response) shows only in
 * later stages, as upstream's do.
 *
 * Secrets: upstream gives them no special treatment, and neither does this. Nothing in the audit
 * filter, `LogRequestObject` or `LogResponseObject` looks at the resource: a rule at level Request
 * records a Secret's `data` (or a TokenRequest, or a ConfigMap) in requestObject, and one at
 * RequestResponse records the response's too. Keeping them out is left to the policy: the
 * documented practice is a `level: Metadata` rule for secrets, configmaps and
 * serviceaccounts/token ahead of broader rules. Automatic redaction was asked for
 * (kubernetes/kubernetes#88926, closed unimplemented; #96319, open) and never added.
 */
import { fillObjectRef, patchValue, statusOf } from './bodies.js';
import { goJSON, RawJSON, withoutManagedFields } from './encode.js';
import { snapshotEvent, userInfo, type EventState } from './snapshot.js';
import {
  levelLess,
  type AuditBackend,
  type AuditEvent,
  type Level,
  type RequestAuditConfig,
  type ResponseStatus,
  type Stage,
  type UserInfo,
} from './types.js';

/** Annotation keys and values the authorization filter records. */
export const DECISION_ANNOTATION = 'authorization.k8s.io/decision';
export const REASON_ANNOTATION = 'authorization.k8s.io/reason';

/** What `Auditor.begin` hands over. */
export interface RequestAuditInit {
  config: RequestAuditConfig;
  state: EventState;
  longRunning: boolean;
  backend: AuditBackend;
  now: () => number;
  warn: (message: string) => void;
}

export class RequestAudit {
  readonly level: Level;
  readonly omitStages: readonly Stage[];
  readonly omitManagedFields: boolean;
  /** Whether ResponseStarted is written (watch, proxy, exec, attach, portforward, log…). */
  readonly longRunning: boolean;
  private readonly s: EventState;
  private readonly backend: AuditBackend;
  private readonly now: () => number;
  private readonly warn: (message: string) => void;
  private started = false;
  private finished = false;

  constructor(init: RequestAuditInit) {
    this.level = init.config.level;
    this.omitStages = init.config.omitStages;
    this.omitManagedFields = init.config.omitManagedFields;
    this.longRunning = init.longRunning;
    this.s = init.state;
    this.backend = init.backend;
    this.now = init.now;
    this.warn = init.warn;
  }

  /** The request's audit ID (the `Audit-ID` header it came with, or a new UUID). */
  get auditID(): string {
    return this.s.auditID;
  }

  /** True once ResponseComplete or Panic was handled; later calls change nothing. */
  get done(): boolean {
    return this.finished;
  }

  /**
   * Records the decoded request body (upstream's `LogRequestObject`, for create, update and the
   * DeleteOptions of deletes). Its metadata fills the objectRef's empty namespace, name, uid and
   * resourceVersion at every level; the body itself is kept from level Request on.
   */
  setRequestObject(obj: unknown): void {
    const s = this.s;
    s.objectRef = fillObjectRef(s.objectRef ?? {}, obj);
    if (levelLess(this.level, 'Request')) return;
    s.requestObject = this.encode(obj);
  }

  /**
   * Records a patch body as sent (upstream's `LogRequestPatch`), from level Request on. JSON text
   * is kept compacted; YAML (apply patches) is recorded as its JSON equivalent.
   */
  setRequestPatch(patch: string | Uint8Array | object): void {
    if (levelLess(this.level, 'Request')) return;
    this.s.requestObject = new RawJSON(goJSON(patchValue(patch)));
  }

  /**
   * Records what the response carries (upstream's `LogResponseObject`): a metav1.Status gives the
   * event's responseStatus (status, message, reason, details, code) at every level; the body is
   * kept at RequestResponse only.
   */
  setResponseObject(obj: unknown): void {
    // Lists and written objects are sent as their JSON text; neither is a Status.
    if (typeof obj === 'string') {
      if (!levelLess(this.level, 'RequestResponse')) this.s.responseObject = this.encode(JSON.parse(obj));
      return;
    }
    const status = statusOf(obj);
    if (status) this.s.responseStatus = status;
    if (levelLess(this.level, 'RequestResponse')) return;
    this.s.responseObject = this.encode(obj);
  }

  /** Records who the request acts as (upstream's `LogImpersonatedUser`). */
  setImpersonatedUser(user: UserInfo): void {
    this.s.impersonatedUser = userInfo(user);
  }

  /**
   * Adds an annotation. A key already set to another value keeps its first value (upstream logs a
   * warning); returns whether the value now stands.
   */
  annotate(key: string, value: string): boolean {
    const old = this.s.annotations.get(key);
    if (old !== undefined && old !== value) {
      this.warn(
        `Failed to set annotations[${JSON.stringify(key)}] to ${JSON.stringify(value)} for audit:${JSON.stringify(this.auditID)}, it has already been set to ${JSON.stringify(old)}`,
      );
      return false;
    }
    this.s.annotations.set(key, value);
    return true;
  }

  /** Adds several annotations (admission's, authentication's). */
  annotateAll(annotations: Record<string, string> | undefined): void {
    for (const [k, v] of Object.entries(annotations ?? {})) this.annotate(k, v);
  }

  /** The authorization filter's annotations: decision `allow` or `forbid` and the authorizer's reason. */
  authorized(allowed: boolean, reason: string): void {
    this.annotate(DECISION_ANNOTATION, allowed ? 'allow' : 'forbid');
    this.annotate(REASON_ANNOTATION, reason);
  }

  /** What the authorization filter records when the authorizer failed (then a 500 follows). */
  authorizationError(): void {
    this.annotate(REASON_ANNOTATION, 'internal error');
  }

  /**
   * The status line is being written (upstream's `processCode`, once): the code goes into
   * responseStatus, and long-running requests write their ResponseStarted event. False when the
   * backend dropped that event.
   */
  responseStarted(code: number): boolean {
    if (this.started || this.finished) return true;
    this.started = true;
    this.s.responseStatus ??= { metadata: {} };
    this.s.responseStatus.code = code;
    return this.longRunning ? this.emit('ResponseStarted') : true;
  }

  /** Replaces the recorded response status (as the failed-authentication filter sets its message). */
  setResponseStatus(status: ResponseStatus): void {
    this.s.responseStatus = { ...status, metadata: {} };
  }

  /**
   * The response is complete: writes ResponseComplete. `code` and `responseObject`, when given, are
   * recorded first (`setResponseObject`, then `responseStarted`). A response that never wrote a
   * status is recorded as upstream's faked one (200, "Connection closed early"), with a
   * ResponseStarted first for long-running requests.
   */
  complete(code?: number, responseObject?: unknown): void {
    if (this.finished) return;
    if (responseObject !== undefined) this.setResponseObject(responseObject);
    if (code !== undefined) this.responseStarted(code);
    const faked = (): ResponseStatus => ({
      metadata: {},
      status: 'Success',
      message: 'Connection closed early',
      code: 200,
    });
    if (!this.s.responseStatus && this.longRunning) {
      this.s.responseStatus = faked();
      this.emit('ResponseStarted');
    }
    this.s.responseStatus ??= faked();
    this.finished = true;
    this.emit('ResponseComplete');
  }

  /** The handler threw: writes the Panic stage with upstream's 500 status. */
  panic(err: unknown): void {
    if (this.finished) return;
    this.finished = true;
    const what = err instanceof Error ? err.message : String(err);
    this.s.responseStatus = {
      metadata: {},
      status: 'Failure',
      message: `APIServer panic'd: ${what}`,
      reason: 'InternalError',
      code: 500,
    };
    this.emit('Panic');
  }

  /**
   * Writes the event at `stage` unless the policy omits it (upstream's `processAuditEvent`);
   * false when the backend dropped it.
   */
  emit(stage: Stage): boolean {
    if (this.omitStages.includes(stage)) return true;
    const at = stage === 'RequestReceived' ? this.s.receivedMicros : this.now();
    return this.backend.process(this.snapshot(stage, at));
  }

  /** The event as it would be written now at `stage`. */
  snapshot(stage: Stage, stageMicros: number = this.now()): AuditEvent {
    return snapshotEvent(this.s, this.level, stage, stageMicros);
  }

  private encode(obj: unknown): RawJSON {
    return new RawJSON(goJSON(this.omitManagedFields ? withoutManagedFields(obj) : obj));
  }
}
