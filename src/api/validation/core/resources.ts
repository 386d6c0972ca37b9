/**
 * Resource names and quantities (`cpu`, `memory`, `hugepages-2Mi`, `example.com/gpu`), as upstream's
 * `pkg/apis/core/helper` classifies them and `pkg/apis/core/validation` checks them: container
 * requirements (requests ≤ limits), quota and limit-range names, non-negative and integer amounts.
 */
import { FieldError, fieldErrors } from '../../../machinery/field-errors.js';
import { parseQuantity, type Quantity } from '../../../machinery/quantity.js';
import { isQualifiedName } from '../../../machinery/validation/names.js';
import { type Errs, objList, obj, str } from '../util.js';

const STANDARD_CONTAINER = new Set(['cpu', 'memory', 'ephemeral-storage']);
const STANDARD = new Set([
  'cpu',
  'memory',
  'ephemeral-storage',
  'requests.cpu',
  'requests.memory',
  'requests.ephemeral-storage',
  'limits.cpu',
  'limits.memory',
  'limits.ephemeral-storage',
  'pods',
  'resourcequotas',
  'services',
  'replicationcontrollers',
  'secrets',
  'configmaps',
  'persistentvolumeclaims',
  'storage',
  'requests.storage',
  'services.nodeports',
  'services.loadbalancers',
]);
const STANDARD_QUOTA = new Set([...STANDARD].filter((n) => n !== 'storage'));
const INTEGER = new Set([
  'pods',
  'resourcequotas',
  'services',
  'replicationcontrollers',
  'secrets',
  'configmaps',
  'persistentvolumeclaims',
  'services.nodeports',
  'services.loadbalancers',
]);

/** Upstream's `IsHugePageResourceName`. */
export const isHugePageResourceName = (name: string) => name.startsWith('hugepages-');
const isQuotaHugePage = (name: string) => name.startsWith('hugepages-') || name.startsWith('requests.hugepages-');
/** Upstream's `IsNativeResource`: no domain, or a kubernetes.io one. */
export const isNativeResource = (name: string) => !name.includes('/') || name.includes('kubernetes.io/');
/** Upstream's `IsExtendedResourceName`. */
export const isExtendedResourceName = (name: string) =>
  !isNativeResource(name) && !name.startsWith('requests.') && isQualifiedName(`requests.${name}`).length === 0;
/** Upstream's `IsOvercommitAllowed`: native resources other than huge pages. */
export const isOvercommitAllowed = (name: string) => isNativeResource(name) && !isHugePageResourceName(name);
const isIntegerResourceName = (name: string) => INTEGER.has(name) || isExtendedResourceName(name);
/** Upstream's `IsStandardQuotaResourceName`. */
export const isStandardQuotaResourceName = (name: string) => STANDARD_QUOTA.has(name) || isQuotaHugePage(name);

/**
 * A quantity at v (a JSON string or number), or undefined when absent; an unparseable one is
 * reported with the parser's message.
 */
export function quantity(v: unknown, path: string, errs: Errs): Quantity | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string' && typeof v !== 'number') {
    errs.push(fieldErrors.typeInvalid(path, v, 'must be of type string'));
    return undefined;
  }
  try {
    return parseQuantity(String(v));
  } catch (err) {
    errs.push(fieldErrors.invalid(path, v, (err as Error).message));
    return undefined;
  }
}

/** The quantities of a ResourceList at v, in key order (unparseable ones reported and left out). */
export function resourceList(v: unknown, path: string, errs: Errs): Map<string, Quantity> {
  const out = new Map<string, Quantity>();
  for (const [k, val] of Object.entries(obj(v, path, errs))) {
    const q = quantity(val, `${path}[${k}]`, errs);
    if (q) out.set(k, q);
  }
  return out;
}

/** Upstream's `validateResourceName`. */
export function validateResourceName(name: string, path: string, errs: Errs): boolean {
  const msgs = isQualifiedName(name);
  for (const m of msgs) errs.push(fieldErrors.invalid(path, name, m));
  if (msgs.length) return false;
  if (!name.includes('/') && !(STANDARD.has(name) || isQuotaHugePage(name))) {
    errs.push(fieldErrors.invalid(path, name, 'must be a standard resource type or fully qualified'));
    return false;
  }
  return true;
}

/** Upstream's `validateContainerResourceName`. */
export function validateContainerResourceName(name: string, path: string, errs: Errs): void {
  validateResourceName(name, path, errs);
  if (!name.includes('/')) {
    if (!STANDARD_CONTAINER.has(name) && !isHugePageResourceName(name)) {
      errs.push(fieldErrors.invalid(path, name, 'must be a standard resource for containers'));
    }
  } else if (!isNativeResource(name) && !isExtendedResourceName(name)) {
    errs.push(fieldErrors.invalid(path, name, "doesn't follow extended resource name standard"));
  }
}

/** Upstream's `ValidateResourceQuotaResourceName`. */
export function validateQuotaResourceName(name: string, path: string, errs: Errs): void {
  validateResourceName(name, path, errs);
  if (!name.includes('/') && !isStandardQuotaResourceName(name)) {
    errs.push(fieldErrors.invalid(path, name, 'must be a standard resource for quota'));
  }
}

/** Upstream's `ValidateResourceQuantityValue`: non-negative, and whole for countable resources. */
export function validateResourceQuantityValue(name: string, q: Quantity, path: string, errs: Errs): void {
  if (q.sign() < 0) errs.push(fieldErrors.invalid(path, q.toString(), 'must be greater than or equal to 0'));
  if (isIntegerResourceName(name) && q.milliValue() % 1000n !== 0n) {
    errs.push(fieldErrors.invalid(path, q.toString(), 'must be an integer'));
  }
}

/** Upstream's `ValidatePositiveQuantityValue`. */
export function validatePositiveQuantity(q: Quantity, path: string, errs: Errs): boolean {
  if (q.sign() <= 0) {
    errs.push(fieldErrors.invalid(path, q.toString(), 'must be greater than zero'));
    return false;
  }
  return true;
}

/** The page size of a `hugepages-<size>` resource, if it parses. */
function hugePageSize(name: string): Quantity | undefined {
  try {
    return parseQuantity(name.slice('hugepages-'.length));
  } catch {
    return undefined;
  }
}

function hugePageValue(name: string, q: Quantity, path: string, errs: Errs): void {
  const size = hugePageSize(name);
  const page = size?.value() ?? 0n;
  if (page <= 0n || q.value() % page !== 0n) {
    errs.push(fieldErrors.invalid(path, q.toString(), `${q.toString()} is not positive integer multiple of ${name}`));
  }
}

/**
 * Upstream's `ValidateContainerResourceRequirements`: names, amounts, requests ≤ limits (equal for
 * resources that cannot be overcommitted), huge pages with cpu or memory, and claims naming entries
 * of `spec.resourceClaims`.
 */
export function validateContainerResources(r: unknown, claimNames: Set<string>, path: string, errs: Errs): void {
  const res = obj(r, path, errs);
  const limPath = `${path}.limits`;
  const reqPath = `${path}.requests`;
  const limits = resourceList(res.limits, limPath, errs);
  const requests = resourceList(res.requests, reqPath, errs);
  let cpuOrMemory = false;
  let hugePages = false;
  for (const [name, q] of limits) {
    const p = `${limPath}[${name}]`;
    validateContainerResourceName(name, p, errs);
    validateResourceQuantityValue(name, q, p, errs);
    if (isHugePageResourceName(name)) {
      hugePages = true;
      hugePageValue(name, q, p, errs);
    }
    if (name === 'cpu' || name === 'memory') cpuOrMemory = true;
  }
  for (const [name, q] of requests) {
    const p = `${reqPath}[${name}]`;
    validateContainerResourceName(name, p, errs);
    validateResourceQuantityValue(name, q, p, errs);
    const limit = limits.get(name);
    if (limit) {
      if (q.cmp(limit) !== 0 && !isOvercommitAllowed(name)) {
        errs.push(fieldErrors.invalid(reqPath, q.toString(), `must be equal to ${name} limit of ${limit.toString()}`));
      } else if (q.cmp(limit) > 0) {
        errs.push(
          fieldErrors.invalid(
            reqPath,
            q.toString(),
            `must be less than or equal to ${name} limit of ${limit.toString()}`,
          ),
        );
      }
    } else if (!isOvercommitAllowed(name)) {
      errs.push(fieldErrors.required(limPath, 'Limit must be set for non overcommitable resources'));
    }
    if (isHugePageResourceName(name)) {
      hugePages = true;
      hugePageValue(name, q, p, errs);
    }
    if (name === 'cpu' || name === 'memory') cpuOrMemory = true;
  }
  if (!cpuOrMemory && hugePages) errs.push(fieldErrors.forbidden(path, 'HugePages require cpu or memory'));
  validateClaimNames(res.claims, claimNames, `${path}.claims`, errs);
}

function validateClaimNames(v: unknown, podClaims: Set<string>, path: string, errs: Errs): void {
  const seen = new Set<string>();
  for (const [c, i] of objList(v, path, errs)) {
    const p = `${path}[${i}]`;
    const name = str(c.name, `${p}.name`, errs);
    if (!name) {
      errs.push(fieldErrors.required(p));
      continue;
    }
    const request = str(c.request, `${p}.request`, errs);
    const key = request ? `${name}/${request}` : name;
    if (seen.has(name) || seen.has(key)) errs.push(fieldErrors.duplicate(p, key));
    seen.add(key);
    if (!podClaims.has(name)) {
      const detail =
        'must be one of the names in pod.spec.resourceClaims' +
        (podClaims.size === 0 ? ' which is empty' : `: ${[...podClaims].sort().join(', ')}`);
      errs.push(new FieldError('FieldValueNotFound', p, name, detail));
    }
  }
}
