/**
 * The mutable state of a request's audit event and its snapshot as an audit.k8s.io/v1 Event:
 * fields in upstream's order, empty optional fields left out (Go's `omitempty`).
 */
import { formatMicroTime, type RawJSON } from './encode.js';
import type {
  AuditAttributes,
  AuditEvent,
  AuditUserInfo,
  Level,
  ObjectReference,
  ResponseStatus,
  Stage,
  UserInfo,
} from './types.js';

/** Everything recorded about a request so far. */
export interface EventState {
  auditID: string;
  requestURI: string;
  verb: string;
  user: AuditUserInfo;
  impersonatedUser?: AuditUserInfo;
  sourceIPs: string[];
  userAgent: string;
  objectRef?: ObjectReference;
  responseStatus?: ResponseStatus;
  requestObject?: RawJSON;
  responseObject?: RawJSON;
  receivedMicros: number;
  annotations: Map<string, string>;
}

const MAX_USER_AGENT_BYTES = 1024;
const USER_AGENT_TRUNCATED = '...TRUNCATED';

/** The User-Agent, cut to 1024 bytes plus `...TRUNCATED` when longer (`maybeTruncateUserAgent`). */
export function truncateUserAgent(ua: string): string {
  const bytes = Buffer.from(ua, 'utf8');
  if (bytes.length <= MAX_USER_AGENT_BYTES) return ua;
  return bytes.subarray(0, MAX_USER_AGENT_BYTES).toString('utf8') + USER_AGENT_TRUNCATED;
}

/** A user as authentication.k8s.io/v1 UserInfo (`username`, `uid`, `groups`, `extra`). */
export function userInfo(user: UserInfo | undefined): AuditUserInfo {
  const out: AuditUserInfo = {};
  if (!user) return out;
  if (user.name) out.username = user.name;
  if (user.uid) out.uid = user.uid;
  if (user.groups.length > 0) out.groups = [...user.groups];
  const extra = Object.entries(user.extra ?? {});
  if (extra.length > 0) out.extra = Object.fromEntries(extra.map(([k, v]) => [k, [...v]]));
  return out;
}

/** The objectRef of a resource request (none for non-resource requests). */
export function objectRefOf(attrs: AuditAttributes): ObjectReference | undefined {
  if (!attrs.isResourceRequest) return undefined;
  return {
    namespace: attrs.namespace,
    name: attrs.name,
    resource: attrs.resource,
    subresource: attrs.subresource,
    apiGroup: attrs.apiGroup,
    apiVersion: attrs.apiVersion,
  };
}

const REF_ORDER: (keyof ObjectReference)[] = [
  'resource',
  'namespace',
  'name',
  'uid',
  'apiGroup',
  'apiVersion',
  'resourceVersion',
  'subresource',
];

function copyUser(u: AuditUserInfo): AuditUserInfo {
  const out: AuditUserInfo = {};
  if (u.username) out.username = u.username;
  if (u.uid) out.uid = u.uid;
  if (u.groups?.length) out.groups = [...u.groups];
  if (u.extra && Object.keys(u.extra).length > 0) out.extra = { ...u.extra };
  return out;
}

/** The event as written at `stage`; nothing in it is shared with the state. */
export function snapshotEvent(s: EventState, level: Level, stage: Stage, stageMicros: number): AuditEvent {
  const ev: AuditEvent = {
    kind: 'Event',
    apiVersion: 'audit.k8s.io/v1',
    level,
    auditID: s.auditID,
    stage,
    requestURI: s.requestURI,
    verb: s.verb,
    user: copyUser(s.user),
  } as AuditEvent;
  if (s.impersonatedUser) ev.impersonatedUser = copyUser(s.impersonatedUser);
  if (s.sourceIPs.length > 0) ev.sourceIPs = [...s.sourceIPs];
  if (s.userAgent) ev.userAgent = s.userAgent;
  if (s.objectRef) {
    const ref: ObjectReference = {};
    for (const k of REF_ORDER) if (s.objectRef[k]) ref[k] = s.objectRef[k];
    ev.objectRef = ref;
  }
  if (s.responseStatus) {
    const rest = s.responseStatus;
    const st: ResponseStatus = { metadata: {} };
    for (const k of ['status', 'message', 'reason', 'details', 'code'] as const) {
      if (rest[k] !== undefined && rest[k] !== '' && rest[k] !== 0)
        (st as unknown as Record<string, unknown>)[k] = rest[k];
    }
    ev.responseStatus = st;
  }
  if (s.requestObject) ev.requestObject = s.requestObject;
  if (s.responseObject) ev.responseObject = s.responseObject;
  ev.requestReceivedTimestamp = formatMicroTime(s.receivedMicros);
  ev.stageTimestamp = formatMicroTime(stageMicros);
  if (s.annotations.size > 0) {
    const keys = [...s.annotations.keys()].sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
    ev.annotations = Object.fromEntries(keys.map((k) => [k, s.annotations.get(k)!]));
  }
  return ev;
}
