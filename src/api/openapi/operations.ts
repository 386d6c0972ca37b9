/**
 * The REST operations the apiserver serves for each resource of the registry, documented the way
 * upstream's endpoint installer documents them: paths, operation ids, descriptions,
 * `x-kubernetes-action`, `x-kubernetes-group-version-kind`, parameters, bodies and responses.
 */
import type { ResourceInfo } from '../resources.js';
import {
  META,
  OBJECT_TYPES,
  patchTypesOf,
  STREAM_TYPES,
  UNAUTHORIZED,
  article,
  cap,
  definitionOf,
  finish,
  groupCamel,
  ok,
  responsesFor,
  tagOf,
  type Method,
  type Operation,
  type PathItem,
} from './operation-model.js';
import { NAMESPACE_PARAM, OPERATION_QUERY, QUERY, pathParam, type Param } from './parameters.js';
import { subresourcePaths } from './subresource-paths.js';

export { groupCamel, tagOf } from './operation-model.js';
export type { Operation, PathItem } from './operation-model.js';
export { discoveryPath, resourceListPath } from './discovery-paths.js';

/** Resources whose DELETE answers with the deleted object rather than a Status. */
const DELETE_RETURNS_OBJECT = new Set([
  '/pods',
  '/services',
  '/serviceaccounts',
  '/persistentvolumes',
  '/persistentvolumeclaims',
  'apiextensions.k8s.io/customresourcedefinitions',
]);

/** Every operation on `r` and its subresources, grouped by path. */
export function resourcePaths(r: ResourceInfo): PathItem[] {
  const gv = `${groupCamel(r.group)}${cap(r.version)}`;
  const tag = tagOf(r.group, r.version);
  const gvk = { group: r.group, version: r.version, kind: r.kind };
  const kindDef = definitionOf(gvk, !!r.custom);
  const prefix = r.group ? `/apis/${r.group}/${r.version}` : `/api/${r.version}`;
  const ns = r.namespaced ? 'Namespaced' : '';
  const scope = r.namespaced ? [NAMESPACE_PARAM] : [];
  const collection = `${prefix}${r.namespaced ? '/namespaces/{namespace}' : ''}/${r.resource}`;
  const item = `${collection}/{name}`;
  const nameParam = (kind: string) => pathParam('name', `name of the ${kind}`);
  const has = (verb: string) => r.verbs.includes(verb);
  const op = (o: Omit<Operation, 'tag'>): Operation => ({ ...o, tag });
  const pretty = QUERY.pretty;
  const paths = new Map<string, Operation[]>();
  const add = (path: string, o: Operation) => paths.set(path, [...(paths.get(path) ?? []), o]);
  const listOp = (id: string, params: Param[]) =>
    op({
      method: 'get',
      action: 'list',
      gvk,
      operationId: id,
      description: `list or watch objects of kind ${r.kind}`,
      params: [...params, ...OPERATION_QUERY.list, pretty],
      responses: [ok({ schema: `${kindDef}List`, contentTypes: [...OBJECT_TYPES, ...STREAM_TYPES] }), UNAUTHORIZED],
    });
  const watchOp = (action: 'watch' | 'watchlist', id: string, params: Param[]) =>
    op({
      method: 'get',
      action,
      gvk,
      operationId: id,
      description:
        action === 'watch'
          ? `watch changes to an object of kind ${r.kind}. deprecated: use the 'watch' parameter with a list operation instead, filtered to a single item with the 'fieldSelector' parameter.`
          : `watch individual changes to a list of ${r.kind}. deprecated: use the 'watch' parameter with a list operation instead.`,
      params: [...params, ...OPERATION_QUERY.list, pretty],
      responses: [ok({ schema: `${META}.WatchEvent`, contentTypes: [...OBJECT_TYPES, ...STREAM_TYPES] }), UNAUTHORIZED],
    });

  if (has('list')) {
    add(collection, listOp(`list${gv}${ns}${r.kind}`, scope));
    if (r.namespaced) add(`${prefix}/${r.resource}`, listOp(`list${gv}${r.kind}ForAllNamespaces`, []));
  }
  if (has('create')) {
    add(
      collection,
      op({
        method: 'post',
        action: 'post',
        gvk,
        operationId: `create${gv}${ns}${r.kind}`,
        description: `create${article(r.kind)}${r.kind}`,
        params: [...scope, ...OPERATION_QUERY.create, pretty],
        requestBody: { schema: kindDef, contentTypes: ['*/*'], required: true },
        responses: responsesFor('post', kindDef),
      }),
    );
  }
  const deleteBody = { schema: `${META}.DeleteOptions`, contentTypes: ['*/*'], required: false };
  if (has('deletecollection')) {
    add(
      collection,
      op({
        method: 'delete',
        action: 'deletecollection',
        gvk,
        operationId: `delete${gv}Collection${ns}${r.kind}`,
        description: `delete collection of ${r.kind}`,
        params: [...scope, ...OPERATION_QUERY.deletecollection, pretty],
        requestBody: deleteBody,
        responses: responsesFor('deletecollection', `${META}.Status`),
      }),
    );
  }
  const itemScope = [nameParam(r.kind), ...scope];
  const objectOp = (method: Method, action: string, verb: string, description: string, id: string) =>
    op({
      method,
      action,
      gvk,
      operationId: `${id}${gv}${ns}${r.kind}`,
      description,
      params: [...itemScope, ...OPERATION_QUERY[verb], pretty],
      requestBody:
        method === 'put'
          ? { schema: kindDef, contentTypes: ['*/*'], required: true }
          : method === 'patch'
            ? { schema: `${META}.Patch`, contentTypes: patchTypesOf(r), required: true }
            : method === 'delete'
              ? deleteBody
              : undefined,
      responses: responsesFor(
        action,
        action === 'delete' && !DELETE_RETURNS_OBJECT.has(`${r.group}/${r.resource}`) ? `${META}.Status` : kindDef,
      ),
    });
  if (has('get')) add(item, objectOp('get', 'get', 'get', `read the specified ${r.kind}`, 'read'));
  if (has('update')) add(item, objectOp('put', 'put', 'update', `replace the specified ${r.kind}`, 'replace'));
  if (has('patch')) add(item, objectOp('patch', 'patch', 'patch', `partially update the specified ${r.kind}`, 'patch'));
  if (has('delete')) add(item, objectOp('delete', 'delete', 'delete', `delete${article(r.kind)}${r.kind}`, 'delete'));
  if (has('watch')) {
    const watchPrefix = `${prefix}/watch${r.namespaced ? '/namespaces/{namespace}' : ''}/${r.resource}`;
    add(watchPrefix, watchOp('watchlist', `watch${gv}${ns}${r.kind}List`, scope));
    add(`${watchPrefix}/{name}`, watchOp('watch', `watch${gv}${ns}${r.kind}`, itemScope));
    if (r.namespaced)
      add(`${prefix}/watch/${r.resource}`, watchOp('watchlist', `watch${gv}${r.kind}ListForAllNamespaces`, []));
  }
  for (const s of r.subresources) {
    for (const [path, ops] of subresourcePaths(r, s, { gv, ns, item, scope, op })) for (const o of ops) add(path, o);
  }
  return [...paths].map(([path, ops]) => finish(path, ops));
}
