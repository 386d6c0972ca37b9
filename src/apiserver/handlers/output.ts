/**
 * The forms an object or a list is answered in, chosen from the Accept header as upstream does:
 * the object itself, a meta.k8s.io Table (what `kubectl get` asks for), or PartialObjectMetadata.
 */
import { ApiError } from '../../machinery/errors.js';
import { PROTOBUF_MEDIA_TYPE } from '../../machinery/protobuf/codec.js';
import { columnsFor, cellsFor, rowConditionsFor } from '../../api/tables/index.js';
import type { ResourceInfo } from '../../api/resources.js';
import type { KObject } from '../cacher/types.js';
import { customCells, customColumns } from '../crd/table.js';

export type OutputForm =
  | { as: 'object' }
  | { as: 'Table'; version: 'v1' | 'v1beta1'; include: 'None' | 'Metadata' | 'Object' }
  | { as: 'PartialObjectMetadata'; version: 'v1' | 'v1beta1'; list: boolean };

const param = (entry: string, name: string) =>
  entry
    .split(';')
    .slice(1)
    .map((p) => p.trim().split('='))
    .find(([k]) => k === name)?.[1];

/** The first form in `accept` this server can produce; 406 when none is. */
export function outputForm(accept: string | undefined, query: URLSearchParams): OutputForm {
  const entries = (accept || '*/*').split(',').map((e) => e.trim());
  for (const entry of entries) {
    const type = entry.split(';')[0].trim();
    // The object itself, encoded as protobuf when the client accepts only that (sendJSON decides).
    if (type === PROTOBUF_MEDIA_TYPE && !param(entry, 'as')) return { as: 'object' };
    if (type !== 'application/json' && type !== '*/*' && type !== 'application/*') continue;
    const as = param(entry, 'as');
    if (!as) return { as: 'object' };
    const g = param(entry, 'g');
    const v = param(entry, 'v');
    if (g !== 'meta.k8s.io' || (v !== 'v1' && v !== 'v1beta1')) continue;
    if (as === 'Table') {
      const inc = query.get('includeObject');
      const include = inc === 'None' || inc === 'Object' ? inc : 'Metadata';
      return { as: 'Table', version: v, include };
    }
    if (as === 'PartialObjectMetadata' || as === 'PartialObjectMetadataList') {
      return { as: 'PartialObjectMetadata', version: v, list: as === 'PartialObjectMetadataList' };
    }
  }
  throw new ApiError(
    406,
    'NotAcceptable',
    `only the following media types are accepted: application/json, application/yaml, application/vnd.kubernetes.protobuf`,
  );
}

/** metav1.PartialObjectMetadata of an object. */
export function partial(obj: KObject, version = 'v1'): KObject {
  return { kind: 'PartialObjectMetadata', apiVersion: `meta.k8s.io/${version}`, metadata: obj.metadata };
}

/** A Table of `objects` with the resource's columns (headers omitted when `noHeaders`). */
export function table(
  info: ResourceInfo,
  objects: readonly KObject[],
  form: Extract<OutputForm, { as: 'Table' }>,
  listMeta: KObject = {},
  noHeaders = false,
): KObject {
  const now = new Date();
  return {
    kind: 'Table',
    apiVersion: `meta.k8s.io/${form.version}`,
    metadata: listMeta,
    columnDefinitions: noHeaders ? [] : info.custom ? customColumns(info) : columnsFor(info.group, info.resource),
    rows: objects.map((obj) => {
      const cells = info.custom ? customCells(info, obj, now) : cellsFor(info.group, info.resource, obj, now);
      const row: KObject = { cells };
      const conditions = rowConditionsFor(info.group, info.resource, obj);
      if (conditions) row.conditions = conditions;
      if (form.include === 'Metadata') row.object = partial(obj, form.version);
      else if (form.include === 'Object') row.object = obj;
      return row;
    }),
  };
}
