/**
 * The operations of a resource's subresources: object-valued ones (`status`, `scale`,
 * `eviction`, `token` …), `pods/log`, and the connect ones (`exec`, `attach`, `portforward`,
 * `proxy`) whose responses are streams.
 */
import type { ResourceInfo, SubresourceInfo } from '../resources.js';
import { CONNECT_QUERY, POD_LOG_QUERY } from './connect-options.js';
import {
  META,
  OBJECT_TYPES,
  patchTypesOf,
  UNAUTHORIZED,
  article,
  cap,
  definitionOf,
  ok,
  responsesFor,
  type Method,
  type Operation,
} from './operation-model.js';
import { OPERATION_QUERY, QUERY, pathParam, type Param } from './parameters.js';

const CONNECT_METHODS: Record<string, Method[]> = {
  create: ['post'],
  delete: ['delete'],
  get: ['get'],
  patch: ['patch'],
  update: ['put'],
};

/** What the parent resource's operations already worked out. */
export interface Context {
  gv: string;
  ns: string;
  item: string;
  scope: Param[];
  op: (o: Omit<Operation, 'tag'>) => Operation;
}

/** The operations of one subresource: object-valued (`status`, `scale`), `log`, or a connect. */
export function subresourcePaths(r: ResourceInfo, s: SubresourceInfo, c: Context): [string, Operation[]][] {
  const rk = s.responseKind;
  const gvk = rk.group === '' && rk.version === '' ? { group: r.group, version: r.version, kind: rk.kind } : rk;
  const sub = cap(s.subresource);
  const path = `${c.item}/${s.subresource}`;
  const params = [pathParam('name', `name of the ${gvk.kind}`), ...c.scope];
  const id = (verb: string) => `${verb}${c.gv}${c.ns}${r.kind}${sub}`;
  const connectParams = CONNECT_QUERY[gvk.kind];
  if (connectParams) {
    const methods = s.verbs.flatMap((v) => CONNECT_METHODS[v] ?? []);
    if (s.subresource === 'proxy') methods.push('head', 'options');
    methods.sort();
    const connect = (withPath: boolean) =>
      methods.map((method) =>
        c.op({
          method,
          action: 'connect',
          gvk,
          operationId: `connect${c.gv}${cap(method)}${c.ns}${r.kind}${sub}${withPath ? 'WithPath' : ''}`,
          description: `connect ${method.toUpperCase()} requests to ${s.subresource} of ${r.kind}`,
          params: [...params, ...connectParams, ...(withPath ? [pathParam('path', 'path to the resource')] : [])],
          responses: [ok({ schema: { type: 'string' }, contentTypes: ['*/*'] }), UNAUTHORIZED],
        }),
      );
    const out: [string, Operation[]][] = [[path, connect(false)]];
    if (s.subresource === 'proxy') out.push([`${path}/{path}`, connect(true)]);
    return out;
  }
  if (s.subresource === 'log') {
    const log = c.op({
      method: 'get',
      action: 'get',
      gvk,
      operationId: id('read'),
      description: `read log of the specified ${r.kind}`,
      params: [...params, ...POD_LOG_QUERY, QUERY.pretty],
      responses: [ok({ schema: { type: 'string' }, contentTypes: ['text/plain', ...OBJECT_TYPES] }), UNAUTHORIZED],
    });
    return [[path, [log]]];
  }
  // A custom resource's status answers with the resource itself; its scale with autoscaling/v1 Scale.
  const def = definitionOf(gvk, !!r.custom && rk.group === '' && rk.version === '');
  const ops: Operation[] = [];
  const each: [string, Method, string, string, string][] = [
    ['get', 'get', 'get', 'read', `read ${s.subresource} of the specified ${r.kind}`],
    ['update', 'put', 'put', 'replace', `replace ${s.subresource} of the specified ${r.kind}`],
    ['patch', 'patch', 'patch', 'patch', `partially update ${s.subresource} of the specified ${r.kind}`],
    ['create', 'post', 'post', 'create', `create ${s.subresource} of${article(r.kind)}${r.kind}`],
  ];
  for (const [verb, method, action, idVerb, description] of each) {
    if (!s.verbs.includes(verb)) continue;
    const body =
      method === 'patch'
        ? { schema: `${META}.Patch`, contentTypes: patchTypesOf(r), required: true }
        : method === 'get'
          ? undefined
          : { schema: def, contentTypes: ['*/*'], required: true };
    ops.push(
      c.op({
        method,
        action,
        gvk,
        operationId: id(idVerb),
        description,
        params: [...params, ...OPERATION_QUERY[verb], QUERY.pretty],
        requestBody: body,
        responses: responsesFor(action, def),
      }),
    );
  }
  return [[path, ops]];
}
