/**
 * File-projecting volume sources, as upstream checks them: key-to-path items, downward API files and
 * projected volumes (secrets, configMaps, downward API, service account tokens, cluster trust
 * bundles) with their modes and non-conflicting paths.
 */
import { fieldErrors } from '../../../machinery/field-errors.js';
import { validateLabelSelector } from '../../../machinery/label-selector.js';
import { type Errs, type Obj, int, labelSelector, objList, optObj, optStr, str } from '../util.js';
import { VOLUME_FIELD_PATHS, validateObjectFieldSelector, validateResourceFieldSelector } from './env.js';
import { validateLocalNonReservedPath } from './paths.js';

const FILE_MODE_MSG = 'must be a number between 0 and 0777 (octal), both inclusive';

/** A file mode: 0 to 0777. */
export function fileMode(v: unknown, path: string, errs: Errs): void {
  const mode = int(v, path, errs);
  if (mode !== undefined && (mode > 0o777 || mode < 0)) errs.push(fieldErrors.invalid(path, mode, FILE_MODE_MSG));
}

/** Upstream's `validateKeyToPath`. */
export function keyToPath(kp: Obj, path: string, errs: Errs): void {
  if (!str(kp.key, `${path}.key`, errs)) errs.push(fieldErrors.required(`${path}.key`));
  const p = str(kp.path, `${path}.path`, errs);
  if (!p) errs.push(fieldErrors.required(`${path}.path`));
  validateLocalNonReservedPath(p, `${path}.path`, errs);
  fileMode(kp.mode, `${path}.mode`, errs);
}

/** Upstream's `validateDownwardAPIVolumeFile`. */
export function downwardAPIFile(f: Obj, path: string, errs: Errs): void {
  const p = str(f.path, `${path}.path`, errs);
  if (!p) errs.push(fieldErrors.required(`${path}.path`));
  validateLocalNonReservedPath(p, `${path}.path`, errs);
  const fieldRef = optObj(f.fieldRef, `${path}.fieldRef`, errs);
  const resourceRef = optObj(f.resourceFieldRef, `${path}.resourceFieldRef`, errs);
  if (fieldRef) {
    validateObjectFieldSelector(fieldRef, VOLUME_FIELD_PATHS, `${path}.fieldRef`, errs);
    if (resourceRef) {
      errs.push(
        fieldErrors.invalid(path, 'resource', 'fieldRef and resourceFieldRef can not be specified simultaneously'),
      );
    }
  } else if (resourceRef) validateResourceFieldSelector(resourceRef, `${path}.resourceFieldRef`, true, errs);
  else errs.push(fieldErrors.required(path, 'one of fieldRef and resourceFieldRef is required'));
  fileMode(f.mode, `${path}.mode`, errs);
}

/** Upstream's `validateProjectedVolumeSource`. */
export function validateProjected(pv: Obj, path: string, errs: Errs): void {
  fileMode(pv.defaultMode, `${path}.defaultMode`, errs);
  const paths = new Set<string>();
  const track = (p: string, shown: unknown) => {
    if (!p) return;
    if (paths.has(p)) errs.push(fieldErrors.invalid(path, shown, 'conflicting duplicate paths'));
    paths.add(p);
  };
  for (const [src, i] of objList(pv.sources, `${path}.sources`, errs)) {
    const sp = `${path}.sources[${i}]`;
    let n = 0;
    for (const kind of ['secret', 'configMap'] as const) {
      const s = optObj(src[kind], `${sp}.${kind}`, errs);
      if (!s) continue;
      n++;
      const name = str(s.name, `${sp}.${kind}.name`, errs);
      if (!name) errs.push(fieldErrors.required(`${sp}.${kind}.name`));
      for (const [kp, j] of objList(s.items, `${sp}.${kind}.items`, errs)) {
        keyToPath(kp, `${sp}.${kind}.items[${j}]`, errs);
        track(str(kp.path), name);
      }
    }
    const dapi = optObj(src.downwardAPI, `${sp}.downwardAPI`, errs);
    if (dapi) {
      n++;
      for (const [f] of objList(dapi.items, `${sp}.downwardAPI.items`, errs)) {
        downwardAPIFile(f, `${sp}.downwardAPI`, errs);
        track(str(f.path), str(f.path));
      }
    }
    const sat = optObj(src.serviceAccountToken, `${sp}.serviceAccountToken`, errs);
    if (sat) {
      n++;
      const exp = int(sat.expirationSeconds, `${sp}.serviceAccountToken.expirationSeconds`, errs) ?? 0;
      if (exp < 600) {
        errs.push(
          fieldErrors.invalid(
            `${sp}.serviceAccountToken.expirationSeconds`,
            exp,
            'may not specify a duration less than 10 minutes',
          ),
        );
      }
      if (exp > 2 ** 32) {
        errs.push(
          fieldErrors.invalid(
            `${sp}.serviceAccountToken.expirationSeconds`,
            exp,
            'may not specify a duration larger than 2^32 seconds',
          ),
        );
      }
      const p = str(sat.path, `${sp}.serviceAccountToken.path`, errs);
      if (!p) errs.push(fieldErrors.required(`${path}.path`));
      else validateLocalNonReservedPath(p, `${path}.path`, errs);
    }
    const ctb = optObj(src.clusterTrustBundle, `${sp}.clusterTrustBundle`, errs);
    if (ctb) {
      n++;
      const cp = `${sp}.clusterTrustBundle`;
      const name = optStr(ctb.name, `${cp}.name`, errs);
      const signer = optStr(ctb.signerName, `${cp}.signerName`, errs);
      if (name !== undefined && signer !== undefined) {
        errs.push(fieldErrors.invalid(cp, ctb, 'only one of name and signerName may be used'));
      } else if (name !== undefined) {
        if (name === '') errs.push(fieldErrors.required(`${cp}.name`, 'must be a valid object name'));
        if (ctb.labelSelector) {
          errs.push(
            fieldErrors.invalid(
              `${cp}.labelSelector`,
              ctb.labelSelector,
              'labelSelector must be unset if name is specified',
            ),
          );
        }
      } else if (signer !== undefined) {
        if (signer === '') errs.push(fieldErrors.required(`${cp}.signerName`, 'must be a valid signer name'));
        const sel = labelSelector(ctb.labelSelector, `${cp}.labelSelector`, errs);
        errs.push(...validateLabelSelector(sel, `${cp}.labelSelector`));
      } else errs.push(fieldErrors.required(cp, 'either name or signerName must be specified'));
      const p = str(ctb.path, `${cp}.path`, errs);
      if (!p) errs.push(fieldErrors.required(`${cp}.path`));
      validateLocalNonReservedPath(p, `${cp}.path`, errs);
      track(p || '\0', p);
    }
    if (n > 1) errs.push(fieldErrors.forbidden(sp, 'may not specify more than 1 volume type per source'));
  }
}
