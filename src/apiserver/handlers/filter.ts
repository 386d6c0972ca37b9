/**
 * The label and field selectors of a LIST or WATCH as one filter over stored objects. Field
 * selectors may name metadata.name, metadata.namespace and the fields the resource's strategy
 * makes selectable; any other field is refused with upstream's message.
 */
import { parseSelector, type Selector } from '../../machinery/labels.js';
import { parseFieldSelector, unsupportedField, type FieldSelector } from '../../machinery/fields.js';
import type { Filter, KObject } from '../cacher/types.js';
import type { Store } from '../registry/store.js';

export function listFilter(store: Store, namespace: string, q: URLSearchParams): Filter {
  const prefix = store.prefix(namespace);
  const labels = parseSelector(q.get('labelSelector') ?? '');
  const fields = parseFieldSelector(q.get('fieldSelector') ?? '');
  const extra = store.strategy.fields;
  if (!fields.empty()) {
    const sample = extra ? extra({}) : {};
    for (const r of fields.requirements()) {
      if (r.field !== 'metadata.name' && r.field !== 'metadata.namespace' && !(r.field in sample)) {
        throw unsupportedField(r.field);
      }
    }
  }
  if (labels.empty() && fields.empty()) return { prefix };
  const fieldSet = (obj: KObject): Record<string, string> => {
    const set: Record<string, string> = {
      'metadata.name': obj.metadata?.name ?? '',
    };
    if (store.info.namespaced) set['metadata.namespace'] = obj.metadata?.namespace ?? '';
    return extra ? Object.assign(set, extra(obj)) : set;
  };
  return {
    prefix,
    matches: (obj) => labels.matches(obj.metadata?.labels) && (fields.empty() || fields.matches(fieldSet(obj))),
    trigger: trigger(labels, fields, fieldSet),
  };
}

/** A value the selectors require, to index watchers by: a field's (`spec.nodeName=…`) first, else a label's. */
function trigger(
  labels: Selector,
  fields: FieldSelector,
  fieldSet: (obj: KObject) => Record<string, string>,
): Filter['trigger'] {
  for (const r of fields.requirements()) {
    const value = fields.requiresExactMatch(r.field);
    if (value !== undefined) return { index: `field:${r.field}`, value, of: (obj) => fieldSet(obj)[r.field] ?? '' };
  }
  for (const r of labels.requirements()) {
    const value = labels.requiresExactMatch(r.key);
    if (value !== undefined) return { index: `label:${r.key}`, value, of: (obj) => obj.metadata?.labels?.[r.key] };
  }
  return undefined;
}
