/**
 * The paths of the discovery documents: `GET /apis/<group>/<version>/` (the APIResourceList),
 * `/api/`, `/apis/`, `/apis/<group>/` and `/version/`.
 */
import { META, UNAUTHORIZED, cap, finish, groupCamel, objectBody, ok, tagOf } from './operation-model.js';
import type { Body, PathItem } from './operation-model.js';

/** `GET /apis/<group>/<version>/` (or `/api/v1/`): the group-version's APIResourceList. */
export function resourceListPath(group: string, version: string): PathItem {
  const prefix = group ? `/apis/${group}/${version}/` : `/api/${version}/`;
  return finish(prefix, [
    {
      method: 'get',
      description: 'get available resources',
      operationId: `get${groupCamel(group)}${cap(version)}APIResources`,
      tag: tagOf(group, version),
      params: [],
      responses: [ok(objectBody(`${META}.APIResourceList`)), UNAUTHORIZED],
    },
  ]);
}

/** The one-operation paths of the discovery documents: `/api/`, `/apis/`, `/apis/<group>/`, `/version/`. */
export function discoveryPath(kind: 'api' | 'apis' | 'group' | 'version', group = ''): PathItem {
  const get = (path: string, operationId: string, description: string, tag: string, body: Body): PathItem =>
    finish(path, [{ method: 'get', description, operationId, tag, params: [], responses: [ok(body), UNAUTHORIZED] }]);
  if (kind === 'api')
    return get('/api/', 'getCoreAPIVersions', 'get available API versions', 'core', objectBody(`${META}.APIVersions`));
  if (kind === 'apis')
    return get('/apis/', 'getAPIVersions', 'get available API versions', 'apis', objectBody(`${META}.APIGroupList`));
  if (kind === 'group') {
    return get(
      `/apis/${group}/`,
      `get${groupCamel(group)}APIGroup`,
      'get information of a group',
      tagOf(group),
      objectBody(`${META}.APIGroup`),
    );
  }
  return get('/version/', 'getCodeVersion', 'get the code version', 'version', {
    schema: 'io.k8s.apimachinery.pkg.version.Info',
    contentTypes: ['application/json'],
  });
}
