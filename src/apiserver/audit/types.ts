/**
 * The shapes of kube-apiserver auditing (audit.k8s.io/v1, `k8s.io/apiserver/pkg/apis/audit/v1`):
 * levels, stages, the Policy read from `--audit-policy-file`, the attributes a policy is evaluated
 * against, and the Event written to the backends.
 */
import type { UserInfo } from '../auth/authn/user.js';

export type { UserInfo };

/** How much of a request is recorded, least to most. */
export type Level = 'None' | 'Metadata' | 'Request' | 'RequestResponse';

/** The points of a request's handling at which events are written. */
export type Stage = 'RequestReceived' | 'ResponseStarted' | 'ResponseComplete' | 'Panic';

/** The levels, in upstream's order (the order of `validLevels` in its validation). */
export const LEVELS: readonly Level[] = ['None', 'Metadata', 'Request', 'RequestResponse'];

/** The stages, in upstream's order (the order of `validOmitStages` in its validation). */
export const STAGES: readonly Stage[] = ['RequestReceived', 'ResponseStarted', 'ResponseComplete', 'Panic'];

/** Upstream's `Level.Less`: true when `a` records less than `b`. */
export function levelLess(a: Level, b: Level): boolean {
  return LEVELS.indexOf(a) < LEVELS.indexOf(b);
}

/** The header carrying a request's audit ID, both ways (`HeaderAuditID`). */
export const HEADER_AUDIT_ID = 'Audit-ID';

/** Resources of one API group a rule matches (`GroupResources`). */
export interface GroupResources {
  /** The API group; `''` (or absent) is the core group. */
  group?: string;
  /** `pods`, `pods/log`, `*`, `pods/*`, `*\/scale`; empty matches every resource of the group. */
  resources?: string[];
  /** Object names; empty matches every name. Requires `resources`. */
  resourceNames?: string[];
}

/** One rule of a policy (`PolicyRule`): every non-empty field must match. */
export interface PolicyRule {
  level: Level;
  users?: string[];
  userGroups?: string[];
  verbs?: string[];
  resources?: GroupResources[];
  /** Namespaces; `''` matches cluster-scoped resources. */
  namespaces?: string[];
  /** `/metrics`, `/healthz*`, `*`. Exclusive with `resources` and `namespaces`. */
  nonResourceURLs?: string[];
  omitStages?: Stage[];
  /** Overrides the policy's `omitManagedFields` when set. */
  omitManagedFields?: boolean;
}

/** An audit.k8s.io/v1 Policy. */
export interface Policy {
  /** Strictly ordered: the first matching rule decides. */
  rules: PolicyRule[];
  /** Stages never written, unioned with each rule's. */
  omitStages?: Stage[];
  /** Whether managedFields are dropped from recorded bodies (the rules' default). */
  omitManagedFields?: boolean;
}

/** What the policy decided for one request (`RequestAuditConfig`). */
export interface RequestAuditConfig {
  level: Level;
  omitStages: Stage[];
  omitManagedFields: boolean;
}

/**
 * A request as the authorizer sees it (upstream's `authorizer.Attributes`). `user` is absent for
 * requests that failed authentication.
 */
export interface AuditAttributes {
  user?: UserInfo;
  /** get, list, watch, create, update, patch, delete, deletecollection…; the lower-case method for non-resource requests. */
  verb: string;
  namespace: string;
  apiGroup: string;
  apiVersion: string;
  resource: string;
  subresource: string;
  name: string;
  /** The URL path, what non-resource rules match. */
  path: string;
  isResourceRequest: boolean;
}

/** authentication.k8s.io/v1 UserInfo, as events carry it. */
export interface AuditUserInfo {
  username?: string;
  uid?: string;
  groups?: string[];
  extra?: Record<string, string[]>;
}

/** The object a request targets (audit's `ObjectReference`), fields in upstream's order. */
export interface ObjectReference {
  resource?: string;
  namespace?: string;
  name?: string;
  uid?: string;
  apiGroup?: string;
  apiVersion?: string;
  resourceVersion?: string;
  subresource?: string;
}

/** The recorded subset of a metav1.Status (`metadata` is always `{}`, as Go writes an empty ListMeta). */
export interface ResponseStatus {
  metadata: Record<string, never>;
  status?: string;
  message?: string;
  reason?: string;
  details?: unknown;
  code?: number;
}

/** One audit.k8s.io/v1 Event. Timestamps are RFC 3339 with microseconds, in UTC. */
export interface AuditEvent {
  kind: 'Event';
  apiVersion: 'audit.k8s.io/v1';
  level: Level;
  auditID: string;
  stage: Stage;
  requestURI: string;
  verb: string;
  user: AuditUserInfo;
  impersonatedUser?: AuditUserInfo;
  sourceIPs?: string[];
  userAgent?: string;
  objectRef?: ObjectReference;
  responseStatus?: ResponseStatus;
  requestObject?: unknown;
  responseObject?: unknown;
  requestReceivedTimestamp: string;
  stageTimestamp: string;
  annotations?: Record<string, string>;
}

/** Where finished stages go. `process` must not block; false when the event was dropped. */
export interface AuditBackend {
  process(event: AuditEvent): boolean;
}
