/**
 * Upstream's `record.EventRecorder`: builds core/v1 Events about an object on behalf of a
 * source (component + host) and hands them to the broadcaster, which correlates and writes them
 * asynchronously. Recording never blocks and never throws.
 */
import type { ObjectMeta } from 'kubernetes-types/meta/v1.js';
import { goSprintf } from './go-sprintf.js';
import { formatTime, uniqueHexNanos } from './time.js';
import type { Event, EventLogger, EventSource, ObjectReference, PassiveClock } from './types.js';

/** An API object with its TypeMeta set (kind and apiVersion are needed for the reference). */
export interface ObjectWithMeta {
  apiVersion?: string;
  kind?: string;
  metadata?: ObjectMeta;
}

/** What an event can be about: an object (with kind/apiVersion set) or a ready ObjectReference. */
export type EventObject = ObjectWithMeta | ObjectReference;

/** Records events about objects (upstream's `record.EventRecorder`). */
export interface EventRecorder {
  /**
   * Records an event about `object`. `type` must be `Normal` or `Warning` (others are logged
   * and dropped); `reason` is a short UpperCamelCase machine-readable cause; `message` is for
   * humans. The event goes to the object's namespace (`default` for cluster-scoped objects).
   */
  event(object: EventObject, type: string, reason: string, message: string): void;
  /** Like {@link EventRecorder.event}, with the message built by Go-style `Sprintf`. */
  eventf(object: EventObject, type: string, reason: string, messageFmt: string, ...args: unknown[]): void;
  /** Like {@link EventRecorder.eventf}, with `annotations` set on the event's metadata. */
  annotatedEventf(
    object: EventObject,
    annotations: Record<string, string>,
    type: string,
    reason: string,
    messageFmt: string,
    ...args: unknown[]
  ): void;
}

/**
 * The ObjectReference for `object` (upstream's `reference.GetReference`): a reference is used as
 * it is; an object yields kind, apiVersion, namespace, name, uid and resourceVersion from its
 * TypeMeta and metadata. Throws when the object has no kind — there is no scheme to look it up.
 */
export function getReference(object: EventObject): ObjectReference {
  if (!('metadata' in object) || object.metadata === undefined) return { ...(object as ObjectReference) };
  const o = object as ObjectWithMeta;
  if (!o.kind) throw new Error(`object ${o.metadata?.namespace ?? ''}/${o.metadata?.name ?? ''} has no kind`);
  const ref: ObjectReference = { kind: o.kind };
  if (o.apiVersion) ref.apiVersion = o.apiVersion;
  const m = o.metadata ?? {};
  if (m.name) ref.name = m.name;
  if (m.namespace) ref.namespace = m.namespace;
  if (m.uid) ref.uid = m.uid;
  if (m.resourceVersion) ref.resourceVersion = m.resourceVersion;
  return ref;
}

/**
 * A fresh event as upstream's `makeEvent` + `generateEvent` build it: name
 * `<object name>.<hex unix nanos>` (made unique within the process, see `uniqueHexNanos`), the
 * object's namespace (or `default`), count 1, first and
 * last timestamp now, the source, and reportingComponent/reportingInstance from the source's
 * component/host.
 */
export function makeEvent(
  ref: ObjectReference,
  source: EventSource,
  annotations: Record<string, string> | undefined,
  type: string,
  reason: string,
  message: string,
  nowMs: number,
): Event {
  const t = formatTime(nowMs);
  const metadata: ObjectMeta = {
    name: `${ref.name ?? ''}.${uniqueHexNanos(nowMs)}`,
    namespace: ref.namespace || 'default',
  };
  if (annotations) metadata.annotations = { ...annotations };
  return {
    apiVersion: 'v1',
    kind: 'Event',
    metadata,
    involvedObject: ref,
    reason,
    message,
    firstTimestamp: t,
    lastTimestamp: t,
    count: 1,
    type,
    source: { ...source },
    reportingComponent: source.component ?? '',
    reportingInstance: source.host ?? '',
  };
}

/** True for the event types upstream accepts (`util.ValidateEventType`). */
export const isValidEventType = (type: string): boolean => type === 'Normal' || type === 'Warning';

/**
 * The recorder a broadcaster hands out: builds events and passes them to `emit` (which queues
 * them, or returns false when the queue is full or shut down).
 */
export class SourceEventRecorder implements EventRecorder {
  /** A recorder for `source` that stamps events with `clock` and passes them to `emit`. */
  constructor(
    private readonly source: EventSource,
    private readonly clock: PassiveClock,
    private readonly emit: (event: Event) => boolean,
    private readonly logger: EventLogger = {},
  ) {}

  /** See {@link EventRecorder.event}. */
  event(object: EventObject, type: string, reason: string, message: string): void {
    this.generate(object, undefined, type, reason, message);
  }

  /** See {@link EventRecorder.eventf}. */
  eventf(object: EventObject, type: string, reason: string, messageFmt: string, ...args: unknown[]): void {
    this.generate(object, undefined, type, reason, goSprintf(messageFmt, ...args));
  }

  /** See {@link EventRecorder.annotatedEventf}. */
  annotatedEventf(
    object: EventObject,
    annotations: Record<string, string>,
    type: string,
    reason: string,
    messageFmt: string,
    ...args: unknown[]
  ): void {
    this.generate(object, annotations, type, reason, goSprintf(messageFmt, ...args));
  }

  private generate(
    object: EventObject,
    annotations: Record<string, string> | undefined,
    type: string,
    reason: string,
    message: string,
  ): void {
    let ref: ObjectReference;
    try {
      ref = getReference(object);
    } catch (err) {
      this.logger.error?.('Could not construct reference, will not report event', { err, type, reason, message });
      return;
    }
    if (!isValidEventType(type)) {
      this.logger.error?.('Unsupported event type', { type });
      return;
    }
    const event = makeEvent(ref, this.source, annotations, type, reason, message, this.clock.now());
    if (!this.emit(event)) {
      this.logger.error?.('Unable to record event: too many queued events, dropped event', { event });
    }
  }
}
