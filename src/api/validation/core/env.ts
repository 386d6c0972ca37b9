/**
 * Environment variables and downward API selectors, as upstream's `ValidateEnv`, `ValidateEnvFrom`,
 * `validateObjectFieldSelector` and `validateContainerResourceFieldSelector` check them.
 */
import { fieldErrors } from '../../../machinery/field-errors.js';
import { isConfigMapKey, isRelaxedEnvVarName, nameIsDNSSubdomain } from '../../../machinery/validation/names.js';
import { type Errs, type Obj, objList, optObj, str } from '../util.js';
import { qualifiedName } from './rules.js';

const ENV_FIELD_PATHS = [
  'metadata.name',
  'metadata.namespace',
  'metadata.uid',
  'spec.nodeName',
  'spec.serviceAccountName',
  'status.hostIP',
  'status.hostIPs',
  'status.podIP',
  'status.podIPs',
];
/** The downward API paths a volume file may use. */
export const VOLUME_FIELD_PATHS = [
  'metadata.annotations',
  'metadata.labels',
  'metadata.name',
  'metadata.namespace',
  'metadata.uid',
];
const RESOURCE_FIELD_PATHS = [
  'limits.cpu',
  'limits.ephemeral-storage',
  'limits.memory',
  'requests.cpu',
  'requests.ephemeral-storage',
  'requests.memory',
];

const CONVERTIBLE = new Set([
  'metadata.annotations',
  'metadata.labels',
  'metadata.name',
  'metadata.namespace',
  'metadata.uid',
  'spec.nodeName',
  'spec.restartPolicy',
  'spec.serviceAccountName',
  'spec.schedulerName',
  'status.phase',
  'status.hostIP',
  'status.hostIPs',
  'status.podIP',
  'status.podIPs',
]);

/** Upstream's `fieldpath.SplitMaybeSubscriptedPath`: `metadata.labels['a']` → [`metadata.labels`, `a`]. */
function splitSubscript(fieldPath: string): [string, string] | undefined {
  if (!fieldPath.endsWith("']")) return undefined;
  const s = fieldPath.slice(0, -2);
  const at = s.indexOf("['");
  if (at <= 0) return undefined;
  return [s.slice(0, at), s.slice(at + 2)];
}

/** Upstream's `ConvertDownwardAPIFieldLabel` for pods: the internal path, or throws upstream's error. */
function convertFieldLabel(version: string, label: string): string {
  if (version !== 'v1') throw new Error(`unsupported pod version: ${version}`);
  const sub = splitSubscript(label);
  if (sub) {
    if (sub[0] === 'metadata.annotations' || sub[0] === 'metadata.labels') return label;
    throw new Error(`field label does not support subscript: ${label}`);
  }
  if (CONVERTIBLE.has(label)) return label;
  if (label === 'spec.host') return 'spec.nodeName';
  throw new Error(`field label not supported: ${label}`);
}

/** Upstream's `validateObjectFieldSelector` (`apiVersion` is defaulted to v1 before). */
export function validateObjectFieldSelector(fs: Obj, allowed: readonly string[], path: string, errs: Errs): void {
  const apiVersion = str(fs.apiVersion, `${path}.apiVersion`, errs);
  if (!apiVersion) return void errs.push(fieldErrors.required(`${path}.apiVersion`));
  const fieldPath = str(fs.fieldPath, `${path}.fieldPath`, errs);
  if (!fieldPath) return void errs.push(fieldErrors.required(`${path}.fieldPath`));
  let internal: string;
  try {
    internal = convertFieldLabel(apiVersion, fieldPath);
  } catch (err) {
    errs.push(
      fieldErrors.invalid(`${path}.fieldPath`, fieldPath, `error converting fieldPath: ${(err as Error).message}`),
    );
    return;
  }
  const sub = splitSubscript(internal);
  if (sub) {
    if (sub[0] === 'metadata.annotations') qualifiedName(sub[1].toLowerCase(), path, errs);
    else if (sub[0] === 'metadata.labels') qualifiedName(sub[1], path, errs);
    else errs.push(fieldErrors.invalid(path, sub[0], 'does not support subscript'));
  } else if (!allowed.includes(internal)) {
    errs.push(fieldErrors.notSupported(`${path}.fieldPath`, internal, allowed));
  }
}

/** Upstream's `validateContainerResourceFieldSelector`. */
export function validateResourceFieldSelector(fs: Obj, path: string, volume: boolean, errs: Errs): void {
  const containerName = str(fs.containerName, `${path}.containerName`, errs);
  const resource = str(fs.resource, `${path}.resource`, errs);
  if (volume && !containerName) errs.push(fieldErrors.required(`${path}.containerName`));
  else if (!resource) errs.push(fieldErrors.required(`${path}.resource`));
  else if (!RESOURCE_FIELD_PATHS.includes(resource) && !/^(requests|limits)\.hugepages-/.test(resource)) {
    errs.push(fieldErrors.notSupported(`${path}.resource`, resource, RESOURCE_FIELD_PATHS));
  }
}

function keySelector(s: Obj, path: string, errs: Errs): void {
  const name = str(s.name, `${path}.name`, errs);
  for (const m of nameIsDNSSubdomain(name, false)) errs.push(fieldErrors.invalid(`${path}.name`, name, m));
  const key = str(s.key, `${path}.key`, errs);
  if (!key) errs.push(fieldErrors.required(`${path}.key`));
  else for (const m of isConfigMapKey(key)) errs.push(fieldErrors.invalid(`${path}.key`, key, m));
}

/** Upstream's `ValidateEnv` (with the relaxed name rule 1.32 enables by default). */
export function validateEnv(v: unknown, path: string, errs: Errs): void {
  for (const [ev, i] of objList(v, path, errs)) {
    const p = `${path}[${i}]`;
    const name = str(ev.name, `${p}.name`, errs);
    if (!name) errs.push(fieldErrors.required(`${p}.name`));
    else for (const m of isRelaxedEnvVarName(name)) errs.push(fieldErrors.invalid(`${p}.name`, name, m));
    const from = optObj(ev.valueFrom, `${p}.valueFrom`, errs);
    if (!from) continue;
    const fp = `${p}.valueFrom`;
    let sources = 0;
    const fieldRef = optObj(from.fieldRef, `${fp}.fieldRef`, errs);
    if (fieldRef) {
      sources++;
      validateObjectFieldSelector(fieldRef, ENV_FIELD_PATHS, `${fp}.fieldRef`, errs);
    }
    const resourceRef = optObj(from.resourceFieldRef, `${fp}.resourceFieldRef`, errs);
    if (resourceRef) {
      sources++;
      validateResourceFieldSelector(resourceRef, `${fp}.resourceFieldRef`, false, errs);
    }
    const cmRef = optObj(from.configMapKeyRef, `${fp}.configMapKeyRef`, errs);
    if (cmRef) {
      sources++;
      keySelector(cmRef, `${fp}.configMapKeyRef`, errs);
    }
    const secretRef = optObj(from.secretKeyRef, `${fp}.secretKeyRef`, errs);
    if (secretRef) {
      sources++;
      keySelector(secretRef, `${fp}.secretKeyRef`, errs);
    }
    if (sources === 0) {
      errs.push(
        fieldErrors.invalid(
          fp,
          '',
          'must specify one of: `fieldRef`, `resourceFieldRef`, `configMapKeyRef` or `secretKeyRef`',
        ),
      );
    } else if (str(ev.value)) {
      errs.push(fieldErrors.invalid(fp, '', 'may not be specified when `value` is not empty'));
    } else if (sources > 1) {
      errs.push(fieldErrors.invalid(fp, '', 'may not have more than one field specified at a time'));
    }
  }
}

function envSourceName(ref: Obj, path: string, errs: Errs): void {
  const name = str(ref.name, `${path}.name`, errs);
  if (!name) errs.push(fieldErrors.required(`${path}.name`));
  else for (const m of nameIsDNSSubdomain(name, true)) errs.push(fieldErrors.invalid(`${path}.name`, name, m));
}

/** Upstream's `ValidateEnvFrom`. */
export function validateEnvFrom(v: unknown, path: string, errs: Errs): void {
  for (const [ev, i] of objList(v, path, errs)) {
    const p = `${path}[${i}]`;
    const prefix = str(ev.prefix, `${p}.prefix`, errs);
    if (prefix) for (const m of isRelaxedEnvVarName(prefix)) errs.push(fieldErrors.invalid(`${p}.prefix`, prefix, m));
    let sources = 0;
    const cm = optObj(ev.configMapRef, `${p}.configMapRef`, errs);
    if (cm) {
      sources++;
      envSourceName(cm, `${p}.configMapRef`, errs);
    }
    const secret = optObj(ev.secretRef, `${p}.secretRef`, errs);
    if (secret) {
      sources++;
      envSourceName(secret, `${p}.secretRef`, errs);
    }
    if (sources === 0) errs.push(fieldErrors.invalid(path, '', 'must specify one of: `configMapRef` or `secretRef`'));
    else if (sources > 1)
      errs.push(fieldErrors.invalid(path, '', 'may not have more than one field specified at a time'));
  }
}
