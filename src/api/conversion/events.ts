/**
 * core/v1 Event ⇄ events.k8s.io/v1 Event: two views of the same stored events (upstream keeps
 * the core form in etcd). Field mapping as upstream's `pkg/apis/events/v1` conversions.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Obj = Record<string, any>;

const set = (o: Obj, k: string, v: unknown) => {
  if (v !== undefined && v !== null && v !== '') o[k] = v;
};

/** A core/v1 Event as events.k8s.io/v1 shows it. */
export function coreToEvents(e: Obj): Obj {
  const out: Obj = { apiVersion: 'events.k8s.io/v1', kind: 'Event', metadata: e.metadata };
  set(out, 'eventTime', e.eventTime);
  set(out, 'series', e.series);
  set(out, 'reportingController', e.reportingComponent);
  set(out, 'reportingInstance', e.reportingInstance);
  set(out, 'action', e.action);
  set(out, 'reason', e.reason);
  set(out, 'regarding', e.involvedObject);
  set(out, 'related', e.related);
  set(out, 'note', e.message);
  set(out, 'type', e.type);
  if (e.source && (e.source.component || e.source.host)) out.deprecatedSource = e.source;
  set(out, 'deprecatedFirstTimestamp', e.firstTimestamp);
  set(out, 'deprecatedLastTimestamp', e.lastTimestamp);
  if (e.count) out.deprecatedCount = e.count;
  return out;
}

/** An events.k8s.io/v1 Event in its core/v1 (stored) form. */
export function eventsToCore(e: Obj): Obj {
  const out: Obj = { apiVersion: 'v1', kind: 'Event', metadata: e.metadata ?? {} };
  out.involvedObject = e.regarding ?? {};
  set(out, 'reason', e.reason);
  set(out, 'message', e.note);
  out.source = e.deprecatedSource ?? {};
  set(out, 'firstTimestamp', e.deprecatedFirstTimestamp);
  set(out, 'lastTimestamp', e.deprecatedLastTimestamp);
  if (e.deprecatedCount) out.count = e.deprecatedCount;
  set(out, 'type', e.type);
  set(out, 'eventTime', e.eventTime);
  set(out, 'series', e.series);
  set(out, 'action', e.action);
  set(out, 'related', e.related);
  set(out, 'reportingComponent', e.reportingController);
  set(out, 'reportingInstance', e.reportingInstance);
  return out;
}
