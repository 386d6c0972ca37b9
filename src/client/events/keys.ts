/**
 * The keys upstream's correlator groups events by (tools/record/events_cache.go): the full
 * event key for de-duplication, the source+object key for spam filtering, and the
 * aggregate/local key pair for aggregation. Fields are concatenated with no separator, exactly
 * as upstream does.
 */
import type { Event } from './types.js';

/** Groups events for aggregation: `aggregateKey` buckets similar events, `localKey` tells them apart. */
export type EventAggregatorKeyFunc = (event: Event) => { aggregateKey: string; localKey: string };

/** Produces the message of an aggregate event. */
export type EventAggregatorMessageFunc = (event: Event) => string;

/** Builds the spam filter's key for an event. */
export type EventSpamKeyFunc = (event: Event) => string;

/** Source, involved object, type, reason and message: events with equal keys are de-duplicated. */
export function getEventKey(event: Event): string {
  const o = event.involvedObject;
  return [
    event.source?.component,
    event.source?.host,
    o.kind,
    o.namespace,
    o.name,
    o.fieldPath,
    o.uid,
    o.apiVersion,
    event.type,
    event.reason,
    event.message,
  ]
    .map((s) => s ?? '')
    .join('');
}

/** Source and involved object (no field path): the unit the spam filter rate-limits. */
export function getSpamKey(event: Event): string {
  const o = event.involvedObject;
  return [event.source?.component, event.source?.host, o.kind, o.namespace, o.name, o.uid, o.apiVersion]
    .map((s) => s ?? '')
    .join('');
}

/**
 * Upstream's `EventAggregatorByReasonFunc`: events alike in source, involved object, type,
 * reason and reporting controller/instance are similar; the message tells them apart.
 */
export const eventAggregatorByReasonFunc: EventAggregatorKeyFunc = (event) => {
  const o = event.involvedObject;
  const aggregateKey = [
    event.source?.component,
    event.source?.host,
    o.kind,
    o.namespace,
    o.name,
    o.uid,
    o.apiVersion,
    event.type,
    event.reason,
    event.reportingComponent,
    event.reportingInstance,
  ]
    .map((s) => s ?? '')
    .join('');
  return { aggregateKey, localKey: event.message ?? '' };
};

/** Upstream's `EventAggregatorByReasonMessageFunc`: `(combined from similar events): <message>`. */
export const eventAggregatorByReasonMessageFunc: EventAggregatorMessageFunc = (event) =>
  `(combined from similar events): ${event.message ?? ''}`;
