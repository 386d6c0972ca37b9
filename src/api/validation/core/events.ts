/**
 * Events, core/v1 and events.k8s.io/v1, as upstream's `ValidateEventCreate` and
 * `ValidateEventUpdate` check them. Both kinds are checked in the core shape (upstream converts to
 * the internal core.Event first, so errors name core fields: `involvedObject.namespace`,
 * `message`); core/v1 writes only get the legacy checks, events.k8s.io/v1 ones the strict ones too.
 */
import { fieldErrors } from '../../../machinery/field-errors.js';
import { isDNS1123Subdomain, isQualifiedName } from '../../../machinery/validation/names.js';
import { validateObjectMeta, validateObjectMetaUpdate } from '../../../machinery/validation/object-meta.js';
import { type Errs, type Obj, int, isObj, jsonEqual, obj, objectMeta, optObj, str } from '../util.js';

/** An events.k8s.io/v1 Event in the core/v1 shape (field names as upstream's internal type has them). */
export function eventsV1ToCore(ev: Obj): Obj {
  return {
    metadata: ev.metadata,
    involvedObject: ev.regarding,
    reason: ev.reason,
    message: ev.note,
    source: ev.deprecatedSource,
    firstTimestamp: ev.deprecatedFirstTimestamp,
    lastTimestamp: ev.deprecatedLastTimestamp,
    count: ev.deprecatedCount,
    type: ev.type,
    eventTime: ev.eventTime,
    series: ev.series,
    action: ev.action,
    related: ev.related,
    reportingComponent: ev.reportingController,
    reportingInstance: ev.reportingInstance,
  };
}

const set = (v: unknown) => v !== undefined && v !== null && v !== '';

function legacy(ev: Obj, errs: Errs): void {
  const ns = str(obj(ev.metadata).namespace);
  const involved = obj(ev.involvedObject, 'involvedObject', errs);
  const ins = str(involved.namespace, 'involvedObject.namespace', errs);
  const mismatch = () =>
    errs.push(fieldErrors.invalid('involvedObject.namespace', ins, 'does not match event.namespace'));
  if (!set(ev.eventTime)) {
    if (!ins) {
      if (ns !== '' && ns !== 'default') mismatch();
    } else if (ns !== ins) mismatch();
  } else {
    if (!ins && ns !== 'default' && ns !== 'kube-system') mismatch();
    const controller = str(ev.reportingComponent, 'reportingController', errs);
    if (!controller) errs.push(fieldErrors.required('reportingController'));
    for (const m of isQualifiedName(controller)) errs.push(fieldErrors.invalid('reportingController', controller, m));
    for (const [field, limit] of [
      ['reportingInstance', 128],
      ['action', 128],
      ['reason', 128],
    ] as const) {
      const v = str(ev[field], field, errs);
      if (!v) errs.push(fieldErrors.required(field));
      if (Buffer.byteLength(v) > limit)
        errs.push(fieldErrors.invalid(field, '', `can have at most ${limit} characters`));
    }
    if (Buffer.byteLength(str(ev.message, 'message', errs)) > 1024) {
      errs.push(fieldErrors.invalid('message', '', 'can have at most 1024 characters'));
    }
  }
  for (const m of isDNS1123Subdomain(ns)) errs.push(fieldErrors.invalid('namespace', ns, m));
}

function series(ev: Obj, errs: Errs): void {
  const s = optObj(ev.series, 'series', errs);
  if (!s) return;
  if ((int(s.count, 'series.count', errs) ?? 0) < 2)
    errs.push(fieldErrors.invalid('series.count', '', 'should be at least 2'));
  if (!set(s.lastObservedTime)) errs.push(fieldErrors.required('series.lastObservedTime'));
}

/** Upstream's `ValidateEventCreate`; `strict` for writes through events.k8s.io/v1. */
export function validateEventCreate(ev: Obj, strict: boolean): Errs {
  const errs: Errs = [];
  legacy(ev, errs);
  if (!strict) return errs;
  errs.push(...validateObjectMeta(objectMeta(ev.metadata, 'metadata', errs), { namespaced: true }));
  series(ev, errs);
  if (!set(ev.eventTime)) errs.push(fieldErrors.required('eventTime'));
  const type = str(ev.type, 'type', errs);
  if (type !== 'Normal' && type !== 'Warning') errs.push(fieldErrors.invalid('type', '', `has invalid value: ${type}`));
  for (const f of ['firstTimestamp', 'lastTimestamp', 'count']) {
    if (set(ev[f]) && ev[f] !== 0) errs.push(fieldErrors.invalid(f, '', 'needs to be unset'));
  }
  const source = obj(ev.source);
  if (str(source.component) || str(source.host)) errs.push(fieldErrors.invalid('source', '', 'needs to be unset'));
  return errs;
}

/** Upstream's `ValidateEventUpdate`; `strict` for writes through events.k8s.io/v1. */
export function validateEventUpdate(ev: Obj, old: Obj, strict: boolean): Errs {
  const errs: Errs = [];
  legacy(ev, errs);
  if (!strict) return errs;
  errs.push(...validateObjectMetaUpdate(objectMeta(ev.metadata), objectMeta(old.metadata)));
  if (!jsonEqual(ev.series, old.series)) series(ev, errs);
  const fields: [string, string][] = [
    ['involvedObject', 'involvedObject'],
    ['reason', 'reason'],
    ['message', 'message'],
    ['source', 'source'],
    ['firstTimestamp', 'firstTimestamp'],
    ['lastTimestamp', 'lastTimestamp'],
    ['count', 'count'],
    ['reason', 'reason'],
    ['type', 'type'],
    ['eventTime', 'eventTime'],
    ['action', 'action'],
    ['related', 'related'],
    ['reportingComponent', 'reportingController'],
    ['reportingInstance', 'reportingInstance'],
  ];
  for (const [key, path] of fields) {
    const n = ev[key];
    const o = old[key];
    if (
      !jsonEqual(
        isObj(n) && Object.keys(n).length === 0 ? undefined : n,
        isObj(o) && Object.keys(o).length === 0 ? undefined : o,
      )
    ) {
      errs.push(fieldErrors.invalid(path, n ?? '', 'field is immutable'));
    }
  }
  return errs;
}
