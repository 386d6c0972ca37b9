/**
 * Checks of a rule's `resources` list, as upstream's `validateResourceOverlap` and
 * `validateResourceNames` (`staging/src/k8s.io/apiserver/pkg/apis/apiserver/validation/validation_encryption.go`).
 */
import { invalid, type FieldError } from './errors.js';
import { parseGroupResource } from './group-resource.js';

export const DUPLICATE_RESOURCE = 'the same resource cannot be specified multiple times';
export const OVERLAP =
  "using overlapping resources such as 'secrets' and '*.' in the same resource list is not allowed as they will be masked";
export const EVENTS_GROUP =
  "'*.events.k8s.io' objects are stored using the 'events' API group in etcd. Use 'events' instead in the config file";
export const EXTENSIONS_GROUP = "'extensions' group has been removed and cannot be used for encryption";
export const STAR_RESOURCE =
  "use '*.' to encrypt all the resources from core API group or *.* to encrypt all resources";
export const NON_REST_RESOURCE = 'resources which do not have REST API/s cannot be encrypted';
export const RESOURCE_NAME = 'resource name should not contain capital letters';
export const RESOURCE_ACROSS_GROUP = 'encrypting the same resource across groups is not supported';

/**
 * One error for any resource listed twice and one for any overlap (`*.*` with anything, or
 * `*.group` with another resource of that group), both reported on the whole list.
 */
export function validateResourceOverlap(resources: readonly string[], path: string): FieldError[] {
  if (resources.length < 2) return [];
  const parsed = resources.map(parseGroupResource);
  let duplicate = false;
  let overlap = false;
  parsed.forEach((r1, i) => {
    parsed.forEach((r2, j) => {
      if (i === j) return;
      const same = r1.group === r2.group && r1.resource === r2.resource;
      // Upstream skips the overlap test only for the first duplicate pair it meets.
      if (same && !duplicate) {
        duplicate = true;
        return;
      }
      if (overlap) return;
      if (r1.group === '*' && r1.resource === '*') overlap = true;
      else if (r1.group === r2.group && (r1.resource === '*' || r2.resource === '*')) overlap = true;
    });
  });
  const errors: FieldError[] = [];
  if (duplicate) errors.push(invalid(path, resources, DUPLICATE_RESOURCE));
  if (overlap) errors.push(invalid(path, resources, OVERLAP));
  return errors;
}

const NON_REST = new Set(['apiserveripinfo', 'serviceipallocations', 'servicenodeportallocations']);

/** At most one error per entry, checked in upstream's order. */
export function validateResourceNames(resources: readonly string[], path: string): FieldError[] {
  const errors: FieldError[] = [];
  resources.forEach((res, j) => {
    const at = `${path}[${j}]`;
    const gr = parseGroupResource(res);
    if (res.toLowerCase() !== res) errors.push(invalid(at, res, RESOURCE_NAME));
    else if (res === '*') errors.push(invalid(at, res, STAR_RESOURCE));
    else if (NON_REST.has(res)) errors.push(invalid(at, res, NON_REST_RESOURCE));
    else if (gr.group === 'events.k8s.io') errors.push(invalid(at, res, EVENTS_GROUP));
    else if (gr.group === 'extensions') errors.push(invalid(at, res, EXTENSIONS_GROUP));
    else if (gr.group === '*' && gr.resource !== '*') errors.push(invalid(at, res, RESOURCE_ACROSS_GROUP));
  });
  return errors;
}
