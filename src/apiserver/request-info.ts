/**
 * What a request is about, read from its method, path and query as upstream's RequestInfoFactory
 * reads it: `/api/v1/namespaces/ns/pods/name/status` → group "", version v1, namespace ns,
 * resource pods, name, subresource status, verb from the method.
 */
export type Verb = 'get' | 'list' | 'watch' | 'create' | 'update' | 'patch' | 'delete' | 'deletecollection';

export interface ResourceRequest {
  group: string;
  version: string;
  namespace: string;
  resource: string;
  name: string;
  subresource: string;
  verb: Verb;
}

/** `namespaces/<name>/status` and `…/finalize` are the namespace's own subresources, as upstream reads them. */
const NAMESPACE_SUBRESOURCES = new Set(['status', 'finalize']);

const isWatch = (q: URLSearchParams) => q.get('watch') === 'true' || q.get('watch') === '1';

/** The resource a path names, or undefined for anything that is not `/api/v1/…` or `/apis/<g>/<v>/…` with a resource. */
export function resourceRequest(method: string, path: string, query: URLSearchParams): ResourceRequest | undefined {
  const parts = path.split('/').filter(Boolean).map(decodeURIComponent);
  let group: string;
  let version: string;
  let rest: string[];
  if (parts[0] === 'api' && parts.length >= 3) {
    group = '';
    version = parts[1];
    rest = parts.slice(2);
  } else if (parts[0] === 'apis' && parts.length >= 4) {
    group = parts[1];
    version = parts[2];
    rest = parts.slice(3);
  } else return undefined;

  let watchPath = false;
  if (rest[0] === 'watch') {
    watchPath = true;
    rest = rest.slice(1);
  }
  let namespace = '';
  // `namespaces/<ns>/<resource>…` is namespaced; `namespaces` and `namespaces/<name>[/<sub>]` is the namespace itself.
  if (rest[0] === 'namespaces' && rest.length >= 3 && !NAMESPACE_SUBRESOURCES.has(rest[2])) {
    namespace = rest[1];
    rest = rest.slice(2);
  }
  if (!rest.length || rest.length > 3) return undefined;
  const [resource, name = '', subresource = ''] = rest;
  if (resource === 'namespaces' && name) namespace = '';

  let verb: Verb;
  switch (method) {
    case 'GET':
    case 'HEAD':
      verb = watchPath || isWatch(query) ? 'watch' : name ? 'get' : 'list';
      break;
    case 'POST':
      verb = 'create';
      break;
    case 'PUT':
      verb = 'update';
      break;
    case 'PATCH':
      verb = 'patch';
      break;
    case 'DELETE':
      verb = name ? 'delete' : 'deletecollection';
      break;
    default:
      return undefined;
  }
  return { group, version, namespace, resource, name, subresource, verb };
}
