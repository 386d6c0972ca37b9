/**
 * The events table: upstream's printEvent, shared by core/v1 and events.k8s.io/v1 events (the
 * server stores both as one kind; an events.k8s.io object is read through its deprecated* fields).
 */
import type { Event as CoreEvent } from 'kubernetes-types/core/v1.js';
import type { Event as EventsEvent } from 'kubernetes-types/events/v1.js';
import { column, printer, wide } from './columns.js';
import { DOC } from './descriptions.js';
import { since, timeOf } from './format.js';

const columns = [
  column('Last Seen', 'string', DOC['ev.lastTimestamp']),
  column('Type', 'string', DOC['ev.type']),
  column('Reason', 'string', DOC['ev.reason']),
  column('Object', 'string', DOC['ev.involvedObject']),
  wide(column('Subobject', 'string', DOC['ev.fieldPath'])),
  wide(column('Source', 'string', DOC['ev.source'])),
  column('Message', 'string', DOC['ev.message']),
  wide(column('First Seen', 'string', DOC['ev.firstTimestamp'])),
  wide(column('Count', 'string', DOC['ev.count'])),
  wide(column('Name', 'string', DOC['meta.name'], { format: 'name' })),
];

/** formatEventSource: component (or reporting controller), then `, host` (or instance) if any. */
function eventSource(e: CoreEvent): string {
  const component = e.source?.component || e.reportingComponent || '';
  const instance = e.source?.host || e.reportingInstance || '';
  return instance ? `${component}, ${instance}` : component;
}

function eventCells(e: CoreEvent, now: Date): unknown[] {
  const first = timeOf(e.firstTimestamp) !== undefined ? since(e.firstTimestamp, now) : since(e.eventTime, now);
  let last = timeOf(e.lastTimestamp) !== undefined ? since(e.lastTimestamp, now) : first;
  let count = e.count ?? 0;
  if (e.series) {
    last = since(e.series.lastObservedTime, now);
    count = e.series.count ?? 0;
  } else if (count === 0) {
    // Singleton events of the new API carry no count.
    count = 1;
  }
  const kind = (e.involvedObject?.kind ?? '').toLowerCase();
  const name = e.involvedObject?.name;
  return [
    last,
    e.type ?? '',
    e.reason ?? '',
    name ? `${kind}/${name}` : kind,
    e.involvedObject?.fieldPath ?? '',
    eventSource(e),
    (e.message ?? '').trim(),
    first,
    count,
    e.metadata?.name ?? '',
  ];
}

/** The core/v1 view of an events.k8s.io/v1 Event, as the server's conversion builds it. */
function asCoreEvent(e: EventsEvent): CoreEvent {
  return {
    metadata: e.metadata ?? {},
    involvedObject: e.regarding ?? {},
    related: e.related,
    reason: e.reason,
    message: e.note,
    type: e.type,
    action: e.action,
    eventTime: e.eventTime,
    series: e.series,
    reportingComponent: e.reportingController,
    reportingInstance: e.reportingInstance,
    source: e.deprecatedSource,
    firstTimestamp: e.deprecatedFirstTimestamp,
    lastTimestamp: e.deprecatedLastTimestamp,
    count: e.deprecatedCount,
  };
}

/** An event in either shape: events.k8s.io/v1 is recognized by having no `involvedObject`. */
const isCore = (e: CoreEvent | EventsEvent): e is CoreEvent => e.apiVersion === 'v1' || 'involvedObject' in e;

/** core/v1 and events.k8s.io/v1 events, whichever shape the object is stored in. */
export const eventPrinter = printer<CoreEvent | EventsEvent>(columns, (e, now) =>
  eventCells(isCore(e) ? e : asCoreEvent(e), now),
);
