/**
 * Upstream's `ValidateKubeSchedulerConfiguration` (with component-base's client-connection and
 * leader-election checks) over a defaulted configuration. Messages are upstream's field errors,
 * in its order; plugin args are checked by validators the scheduler core plugs in.
 */
import { fieldErrors, printed } from '../../machinery/field-errors.js';
import type { FieldError } from '../../machinery/field-errors.js';
import { goQuote } from '../../machinery/go-quote.js';
import { isQualifiedName } from '../../machinery/validation/names.js';
import { formatGoDuration, parseGoDuration } from './go-duration.js';
import { API_VERSION, EXTENSION_POINTS } from './types.js';
import type { ArgsValidator, PluginRef, PluginSet, SchedulerConfiguration } from './types.js';

/** Plugins removed in v1: naming one is an error rather than "does not exist". */
export const REMOVED_PLUGINS = ['AzureDiskLimits', 'CinderLimits', 'EBSLimits', 'GCEPDLimits'];
// Upstream formats the removing version from core/v1's SchemeGroupVersion, which prints as "v1".
const REMOVED_IN = 'v1';

/**
 * Validates a defaulted configuration; returns upstream's error messages (`field: body`) in the
 * order it finds them, empty when valid.
 */
export function validateConfig(
  cfg: SchedulerConfiguration,
  argsValidators?: ReadonlyMap<string, ArgsValidator>,
): string[] {
  const errs: (FieldError | string)[] = [];
  if (cfg.clientConnection.burst < 0)
    errs.push(fieldErrors.invalid('clientConnection.burst', cfg.clientConnection.burst, 'must be non-negative'));
  errs.push(...validateLeaderElection(cfg.leaderElection));
  if (cfg.leaderElection.leaderElect && cfg.leaderElection.resourceLock !== 'leases')
    errs.push(
      fieldErrors.invalid(
        'leaderElection.resourceLock',
        cfg.leaderElection.resourceLock,
        'resourceLock value must be "leases"',
      ),
    );
  if (cfg.parallelism <= 0)
    errs.push(fieldErrors.invalid('parallelism', cfg.parallelism, 'should be an integer value greater than zero'));
  if (cfg.profiles.length === 0) {
    errs.push(fieldErrors.required('profiles'));
  } else {
    const seen = new Set<string>();
    cfg.profiles.forEach((p, i) => {
      const path = `profiles[${i}]`;
      if (!p.schedulerName) errs.push(fieldErrors.required(`${path}.schedulerName`));
      errs.push(...validatePercentage(`${path}.percentageOfNodesToScore`, p.percentageOfNodesToScore));
      for (const point of EXTENSION_POINTS)
        (p.plugins[point].enabled ?? []).forEach((r, k) => {
          if (REMOVED_PLUGINS.includes(r.name)) errs.push(removed(`${path}.plugins.${point}.enabled[${k}]`, r.name));
        });
      const seenConfig = new Set<string>();
      (p.pluginConfig ?? []).forEach((pc, j) => {
        const pcPath = `${path}.pluginConfig[${j}]`;
        if (seenConfig.has(pc.name)) errs.push(fieldErrors.duplicate(pcPath, pc.name));
        seenConfig.add(pc.name);
        const validate = argsValidators?.get(pc.name);
        if (REMOVED_PLUGINS.includes(pc.name)) errs.push(removed(pcPath, pc.name));
        else if (validate) {
          for (const e of validate(withoutTypeMeta(pc.args)))
            errs.push(`${pcPath}.args${e.field ? `.${e.field}` : ''}: ${e.message}`);
        }
      });
      const name = p.schedulerName ?? '';
      // Upstream passes the earlier field.Path itself as the value; Go prints its struct.
      if (seen.has(name)) errs.push(fieldErrors.duplicate(`${path}.schedulerName`, printed(GO_EARLIER_PATH)));
      seen.add(name);
    });
    errs.push(...validateCommonQueueSort(cfg));
  }
  errs.push(...validatePercentage('percentageOfNodesToScore', cfg.percentageOfNodesToScore));
  if (cfg.podInitialBackoffSeconds <= 0)
    errs.push(fieldErrors.invalid('podInitialBackoffSeconds', cfg.podInitialBackoffSeconds, 'must be greater than 0'));
  if (cfg.podMaxBackoffSeconds < cfg.podInitialBackoffSeconds)
    errs.push(
      fieldErrors.invalid(
        'podMaxBackoffSeconds',
        cfg.podMaxBackoffSeconds,
        'must be greater than or equal to PodInitialBackoffSeconds',
      ),
    );
  errs.push(...validateExtenders(cfg));
  return errs.map(String);
}

/** Upstream's aggregate message: one error as itself, several as `[a, b]`, repeats dropped. */
export function aggregateMessages(msgs: readonly string[]): string {
  const unique = [...new Set(msgs)];
  return unique.length === 1 ? unique[0] : `[${unique.join(', ')}]`;
}

/** Args as a plugin sees them: without the `apiVersion`/`kind` of their encoding. */
export function withoutTypeMeta(args: unknown): Record<string, unknown> {
  if (typeof args !== 'object' || args === null || Array.isArray(args)) return {};
  const rest: Record<string, unknown> = { ...args };
  delete rest.apiVersion;
  delete rest.kind;
  return rest;
}

const removed = (path: string, name: string) =>
  fieldErrors.invalid(
    path,
    name,
    `was invalid in version ${goQuote(REMOVED_IN)} (KubeSchedulerConfiguration is version ${goQuote(API_VERSION)})`,
  );

/**
 * `%#v` of the field.Path `profiles[i].schedulerName` that upstream passes as the duplicate's
 * value; Go prints the struct, whose parent pointer is some heap address.
 */
const GO_EARLIER_PATH = 'field.Path{name:"schedulerName", index:"", parent:(*field.Path)(0xc000a2e0c0)}';

function validatePercentage(path: string, v: number | undefined): FieldError[] {
  return v !== undefined && (v < 0 || v > 100) ? [fieldErrors.invalid(path, v, 'not in valid range [0-100]')] : [];
}

function validateLeaderElection(le: SchedulerConfiguration['leaderElection']): FieldError[] {
  if (!le.leaderElect) return [];
  const errs: FieldError[] = [];
  const lease = parseGoDuration(le.leaseDuration);
  const renew = parseGoDuration(le.renewDeadline);
  const retry = parseGoDuration(le.retryPeriod);
  const dur = (d: bigint) => printed(formatGoDuration(d));
  if (lease <= 0n)
    errs.push(fieldErrors.invalid('leaderElection.leaseDuration', dur(lease), 'must be greater than zero'));
  if (renew <= 0n)
    errs.push(fieldErrors.invalid('leaderElection.renewDeadline', dur(renew), 'must be greater than zero'));
  if (retry <= 0n)
    errs.push(fieldErrors.invalid('leaderElection.retryPeriod', dur(retry), 'must be greater than zero'));
  if (lease <= renew)
    errs.push(fieldErrors.invalid('leaderElection.leaseDuration', dur(renew), 'must be greater than `RenewDeadline`'));
  if (!le.resourceLock) errs.push(fieldErrors.required('leaderElection.resourceLock'));
  if (!le.resourceNamespace) errs.push(fieldErrors.required('leaderElection.resourceNamespace'));
  if (!le.resourceName) errs.push(fieldErrors.required('leaderElection.resourceName'));
  return errs;
}

/** `%#v` of the internal `config.PluginSet`, as upstream prints a mismatching queueSort. */
export function goPluginSet(s: PluginSet): string {
  const list = (ps?: PluginRef[]) =>
    ps
      ? `[]config.Plugin{${ps.map((p) => `config.Plugin{Name:${goQuote(p.name)}, Weight:${p.weight ?? 0}}`).join(', ')}}`
      : '[]config.Plugin(nil)';
  return `config.PluginSet{Enabled:${list(s.enabled)}, Disabled:${list(s.disabled)}}`;
}

const sameSet = (a: PluginSet, b: PluginSet) =>
  JSON.stringify([a.enabled ?? [], a.disabled ?? []]) === JSON.stringify([b.enabled ?? [], b.disabled ?? []]);

/** Every profile must sort its queue alike: the same queueSort set, and the same args for that plugin. */
function validateCommonQueueSort(cfg: SchedulerConfiguration): FieldError[] {
  const errs: FieldError[] = [];
  const [first, ...rest] = cfg.profiles;
  const canon = first.plugins.queueSort;
  const queueSortName = canon.enabled?.[0]?.name ?? '';
  const count = canon.enabled?.length ?? 0;
  if (count > 1)
    errs.push(
      fieldErrors.invalid('profiles[0].plugins.queueSort.Enabled', count, 'only one queue sort plugin can be enabled'),
    );
  let canonArgs: unknown = null;
  for (const pc of first.pluginConfig ?? []) if (queueSortName && pc.name === queueSortName) canonArgs = pc.args;
  rest.forEach((p, k) => {
    const i = k + 1;
    if (!sameSet(canon, p.plugins.queueSort))
      errs.push(
        fieldErrors.invalid(
          `profiles[${i}].plugins.queueSort`,
          printed(goPluginSet(p.plugins.queueSort)),
          'must be the same for all profiles',
        ),
      );
    for (const pc of p.pluginConfig ?? [])
      if (pc.name === queueSortName && JSON.stringify(pc.args ?? null) !== JSON.stringify(canonArgs ?? null))
        errs.push(
          fieldErrors.invalid(
            `profiles[${i}].pluginConfig.args`,
            pc.args,
            'queueSort must be the same for all profiles',
          ),
        );
  });
  return errs;
}

/** Upstream's `IsExtendedResourceName` for a name that is already a qualified name. */
const isExtendedResourceName = (name: string) =>
  name.includes('/') &&
  !name.includes('kubernetes.io/') &&
  !name.startsWith('requests.') &&
  isQualifiedName(`requests.${name}`).length === 0;

function validateExtenders(cfg: SchedulerConfiguration): FieldError[] {
  const errs: FieldError[] = [];
  let binders = 0;
  const managed = new Set<string>();
  (cfg.extenders ?? []).forEach((e, i) => {
    const path = `extenders[${i}]`;
    if (e.prioritizeVerb && (e.weight ?? 0) <= 0)
      errs.push(fieldErrors.invalid(`${path}.weight`, e.weight ?? 0, 'must have a positive weight applied to it'));
    if (e.bindVerb) binders++;
    (e.managedResources ?? []).forEach((r, j) => {
      const namePath = `${path}.managedResources[${j}].name`;
      const msgs = isQualifiedName(r.name);
      for (const m of msgs) errs.push(fieldErrors.invalid(namePath, r.name, m));
      if (msgs.length === 0 && !isExtendedResourceName(r.name))
        errs.push(fieldErrors.invalid(namePath, r.name, 'is an invalid extended resource name'));
      if (managed.has(r.name))
        errs.push(fieldErrors.invalid(namePath, r.name, 'duplicate extender managed resource name'));
      managed.add(r.name);
    });
  });
  if (binders > 1)
    errs.push(
      fieldErrors.invalid(
        'extenders',
        `found ${binders} extenders implementing bind`,
        'only one extender can implement bind',
      ),
    );
  return errs;
}
