/**
 * The shapes the event libraries share: the sink the broadcaster writes to (implemented over the
 * REST client elsewhere, or by {@link FakeEventSink} in tests), the patch body it sends, the
 * clock it reads, and a minimal logger.
 */
import type { Event } from 'kubernetes-types/core/v1.js';

export type { Event, EventSource, ObjectReference } from 'kubernetes-types/core/v1.js';

/** The two event types upstream accepts (`v1.EventTypeNormal`, `v1.EventTypeWarning`). */
export type EventType = 'Normal' | 'Warning';

/**
 * The body of the patch sent when an already-written event recurs: the new count, last
 * timestamp and message. It is what upstream's two-way strategic merge patch produces for these
 * fields, and is equally valid as a JSON merge patch (`application/strategic-merge-patch+json`
 * or `application/merge-patch+json`).
 */
export interface EventPatch {
  count: number;
  lastTimestamp: string;
  message?: string;
}

/**
 * Where the broadcaster writes events (upstream's `record.EventSink`). Every call addresses the
 * event's own namespace. Implementations reject with an `ApiError` (src/machinery/errors.ts) when
 * the server answered with a Status — the broadcaster then gives up on the event, except a
 * NotFound on `patch`, which makes it create the event anew — and with any other error for
 * transport failures, which the broadcaster retries.
 */
export interface EventSink {
  /** POSTs a new event; resolves to the event as the server stored it. */
  create(namespace: string, event: Event): Promise<Event>;
  /** PATCHes the event `name`; resolves to the event as the server stored it. */
  patch(namespace: string, name: string, patch: EventPatch): Promise<Event>;
  /** PUTs an event. Part of upstream's interface; the broadcaster itself never calls it. */
  update(namespace: string, event: Event): Promise<Event>;
}

/** A clock that only tells time: `now()` is wall-clock milliseconds since the Unix epoch. */
export interface PassiveClock {
  now(): number;
}

/** Where the event libraries report what they drop or fail to write. Both methods optional. */
export interface EventLogger {
  info?(message: string, details?: Record<string, unknown>): void;
  error?(message: string, details?: Record<string, unknown>): void;
}
