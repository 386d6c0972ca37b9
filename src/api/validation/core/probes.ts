/**
 * Probes and lifecycle hooks, as upstream's `validateProbe`, `validateHandler` and
 * `validateLifecycle` check them: exactly one handler, ports by number or IANA name, HTTP schemes,
 * non-negative timings, and the per-probe rules (liveness and startup succeed once).
 */
import { fieldErrors } from '../../../machinery/field-errors.js';
import { isHTTPHeaderName, isValidPortName, isValidPortNum } from '../../../machinery/validation/names.js';
import { type Errs, type Obj, int, intOrStr, nonNegative, objList, optObj, str, strList } from '../util.js';

/** Upstream's `ValidatePortNumOrName`: a number in range, or a valid port name. */
export function validatePortNumOrName(v: unknown, path: string, errs: Errs): void {
  const port = intOrStr(v, path, errs);
  if (typeof port === 'string') for (const m of isValidPortName(port)) errs.push(fieldErrors.invalid(path, port, m));
  else for (const m of isValidPortNum(port ?? 0)) errs.push(fieldErrors.invalid(path, port ?? 0, m));
}

const SCHEMES = ['HTTP', 'HTTPS'];

function validateHTTPGet(h: Obj, path: string, errs: Errs): void {
  if (!str(h.path, `${path}.path`, errs)) errs.push(fieldErrors.required(`${path}.path`));
  validatePortNumOrName(h.port, `${path}.port`, errs);
  const scheme = str(h.scheme, `${path}.scheme`, errs);
  if (!SCHEMES.includes(scheme)) errs.push(fieldErrors.notSupported(`${path}.scheme`, scheme, SCHEMES));
  for (const [header] of objList(h.httpHeaders, `${path}.httpHeaders`, errs)) {
    const name = str(header.name);
    for (const m of isHTTPHeaderName(name)) errs.push(fieldErrors.invalid(`${path}.httpHeaders`, name, m));
  }
}

const HANDLERS = ['exec', 'httpGet', 'tcpSocket', 'grpc', 'sleep'] as const;

/**
 * Upstream's `validateHandler` over the handler kinds a probe (`grpc`) or a hook (`sleep`) may use;
 * `gracePeriod` bounds a sleep.
 */
function validateHandler(
  h: Obj,
  kinds: readonly string[],
  gracePeriod: number | undefined,
  path: string,
  errs: Errs,
): void {
  let n = 0;
  for (const kind of HANDLERS) {
    if (!kinds.includes(kind)) continue;
    const v = optObj(h[kind], `${path}.${kind}`, errs);
    if (!v) continue;
    const p = `${path}.${kind}`;
    if (n > 0) {
      errs.push(fieldErrors.forbidden(p, 'may not specify more than 1 handler type'));
      continue;
    }
    n++;
    switch (kind) {
      case 'exec':
        if (strList(v.command, `${p}.command`, errs).length === 0) errs.push(fieldErrors.required(`${p}.command`));
        break;
      case 'httpGet':
        validateHTTPGet(v, p, errs);
        break;
      case 'tcpSocket':
        validatePortNumOrName(v.port, `${p}.port`, errs);
        break;
      case 'grpc': {
        const port = int(v.port, `${p}.port`, errs) ?? 0;
        for (const m of isValidPortNum(port)) errs.push(fieldErrors.invalid(`${p}.port`, port, m));
        break;
      }
      case 'sleep': {
        const seconds = int(v.seconds, `${p}.seconds`, errs) ?? 0;
        if (gracePeriod !== undefined && (seconds <= 0 || seconds > gracePeriod)) {
          errs.push(
            fieldErrors.invalid(
              p,
              seconds,
              `must be greater than 0 and less than terminationGracePeriodSeconds (${gracePeriod}). ` +
                'Enable AllowPodLifecycleSleepActionZeroValue feature gate for zero sleep.',
            ),
          );
        }
        break;
      }
    }
  }
  if (n === 0) errs.push(fieldErrors.required(path, 'must specify a handler type'));
}

function validateProbe(probe: Obj, gracePeriod: number | undefined, path: string, errs: Errs): void {
  validateHandler(probe, ['exec', 'httpGet', 'tcpSocket', 'grpc'], gracePeriod, path, errs);
  for (const f of ['initialDelaySeconds', 'timeoutSeconds', 'periodSeconds', 'successThreshold', 'failureThreshold']) {
    nonNegative(int(probe[f], `${path}.${f}`, errs) ?? 0, `${path}.${f}`, errs);
  }
  const tgps = int(probe.terminationGracePeriodSeconds, `${path}.terminationGracePeriodSeconds`, errs);
  if (tgps !== undefined && tgps <= 0) {
    errs.push(fieldErrors.invalid(`${path}.terminationGracePeriodSeconds`, tgps, 'must be greater than 0'));
  }
}

/** The liveness, readiness and startup probes of a container (upstream's three validators). */
export function validateProbes(c: Obj, gracePeriod: number | undefined, path: string, errs: Errs): void {
  for (const kind of ['livenessProbe', 'readinessProbe', 'startupProbe'] as const) {
    const probe = optObj(c[kind], `${path}.${kind}`, errs);
    if (!probe) continue;
    const p = `${path}.${kind}`;
    validateProbe(probe, gracePeriod, p, errs);
    if (kind === 'readinessProbe') {
      if (probe.terminationGracePeriodSeconds !== undefined && probe.terminationGracePeriodSeconds !== null) {
        errs.push(
          fieldErrors.invalid(
            `${p}.terminationGracePeriodSeconds`,
            probe.terminationGracePeriodSeconds,
            'must not be set for readinessProbes',
          ),
        );
      }
    } else {
      const st = int(probe.successThreshold) ?? 0;
      if (st !== 1) errs.push(fieldErrors.invalid(`${p}.successThreshold`, st, 'must be 1'));
    }
  }
}

/** Upstream's `validateLifecycle`: postStart and preStop hooks. */
export function validateLifecycle(v: unknown, gracePeriod: number | undefined, path: string, errs: Errs): void {
  const lc = optObj(v, path, errs);
  if (!lc) return;
  for (const hook of ['postStart', 'preStop'] as const) {
    const h = optObj(lc[hook], `${path}.${hook}`, errs);
    if (h) validateHandler(h, ['exec', 'httpGet', 'tcpSocket', 'sleep'], gracePeriod, `${path}.${hook}`, errs);
  }
}
