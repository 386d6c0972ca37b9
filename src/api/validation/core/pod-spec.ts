/**
 * PodSpec, as upstream's `ValidatePodSpec` checks it for pods and for the templates of every
 * workload: volumes, the three kinds of containers, restart and DNS policies, scheduling fields,
 * security context, DNS config, gates, hostname and friends. The order of the checks, and so of the
 * errors, is upstream's.
 */
import { fieldErrors } from '../../../machinery/field-errors.js';
import { validateLabels } from '../../../machinery/label-selector.js';
import { isValidIP, nameIsDNSSubdomain } from '../../../machinery/validation/names.js';
import { type Errs, type Obj, bool, int, isObj, obj, objList, optObj, optStr, str, strList, strMap } from '../util.js';
import type { ContainerContext } from './container.js';
import { validateContainers, validateEphemeralContainers, validateInitContainers } from './container-lists.js';
import { dns1123Label, qualifiedName } from './rules.js';
import { validateContainerResources } from './resources.js';
import { validateAffinity, validateTolerations, validateTopologySpreadConstraints } from './scheduling.js';
import { validatePodSecurityContext } from './security.js';
import { validateVolumes } from './volumes.js';

/** How a PodSpec is being validated. */
export interface PodSpecOptions {
  /** The spec belongs to a Pod (not a template): hostPorts must match under hostNetwork. */
  resourceIsPod?: boolean;
  /** The pod's name, for generic ephemeral volume claims (pods only). */
  podName?: string;
}

/** Upstream's `validateRestartPolicy`, `validateDNSPolicy`, `ValidatePreemptionPolicy` style enum check. */
function enumField(value: string, valid: readonly string[], path: string, errs: Errs): void {
  if (value === '') errs.push(fieldErrors.required(path));
  else if (!valid.includes(value)) errs.push(fieldErrors.notSupported(path, value, valid));
}

function validateDNSConfig(spec: Obj, dnsPolicy: string, path: string, errs: Errs): void {
  const cfg = optObj(spec.dnsConfig, path, errs);
  if (dnsPolicy === 'None') {
    if (!cfg) return void errs.push(fieldErrors.required(path, 'must provide `dnsConfig` when `dnsPolicy` is None'));
    if (strList(cfg.nameservers).length === 0) {
      return void errs.push(
        fieldErrors.required(
          `${path}.nameservers`,
          'must provide at least one DNS nameserver when `dnsPolicy` is None',
        ),
      );
    }
  }
  if (!cfg) return;
  const ns = strList(cfg.nameservers, `${path}.nameservers`, errs);
  if (ns.length > 3) errs.push(fieldErrors.invalid(`${path}.nameservers`, ns, 'must not have more than 3 nameservers'));
  ns.forEach((ip, i) => {
    for (const m of isValidIP(ip)) errs.push(fieldErrors.invalid(`${path}.nameservers[${i}]`, ip, m));
  });
  const searches = strList(cfg.searches, `${path}.searches`, errs);
  if (searches.length > 32)
    errs.push(fieldErrors.invalid(`${path}.searches`, searches, 'must not have more than 32 search paths'));
  if (searches.join(' ').length > 2048) {
    errs.push(
      fieldErrors.invalid(
        `${path}.searches`,
        searches,
        'must not have more than 2048 characters (including spaces) in the search list',
      ),
    );
  }
  searches.forEach((s, i) => {
    const trimmed = s.endsWith('.') ? s.slice(0, -1) : s;
    for (const m of nameIsDNSSubdomain(trimmed, false))
      errs.push(fieldErrors.invalid(`${path}.searches[${i}]`, trimmed, m));
  });
  for (const [o, i] of objList(cfg.options, `${path}.options`, errs)) {
    if (!str(o.name)) errs.push(fieldErrors.required(`${path}.options[${i}]`, 'must not be empty'));
  }
}

const HOST_USERS_FORBIDDEN: [string, string][] = [
  ['hostNetwork', 'hostNetwork'],
  ['hostPID', 'HostPID'],
  ['hostIPC', 'HostIPC'],
];

function validateOS(spec: Obj, path: string, errs: Errs): void {
  const os = optObj(spec.os, `${path}.os`, errs);
  if (!os) return;
  const name = str(os.name, `${path}.os.name`, errs);
  if (!name) return void errs.push(fieldErrors.required(`${path}.os.name`, 'cannot be empty'));
  if (name !== 'linux' && name !== 'windows') {
    return void errs.push(fieldErrors.notSupported(`${path}.os`, name, ['linux', 'windows']));
  }
  const containers = ['containers', 'initContainers', 'ephemeralContainers'].flatMap((k) =>
    objList(spec[k]).map(([c, i]): [Obj, string] => [c, `${path}.${k}[${i}]`]),
  );
  const psc = obj(spec.securityContext);
  if (name === 'linux') {
    if (isObj(psc.windowsOptions)) {
      errs.push(
        fieldErrors.forbidden(
          `${path}.securityContext.windowsOptions`,
          'windows options cannot be set for a linux pod',
        ),
      );
    }
    for (const [c, p] of containers) {
      if (isObj(obj(c.securityContext).windowsOptions)) {
        errs.push(
          fieldErrors.forbidden(`${p}.securityContext.windowsOptions`, 'windows options cannot be set for a linux pod'),
        );
      }
    }
    return;
  }
  const podFields = [
    'appArmorProfile',
    'seLinuxOptions',
    'seccompProfile',
    'fsGroup',
    'fsGroupChangePolicy',
    'sysctls',
    'runAsUser',
    'runAsGroup',
    'supplementalGroups',
    'supplementalGroupsPolicy',
    'seLinuxChangePolicy',
  ];
  for (const f of podFields) {
    if (psc[f] !== undefined && psc[f] !== null) {
      errs.push(fieldErrors.forbidden(`${path}.securityContext.${f}`, 'cannot be set for a windows pod'));
    }
  }
  for (const f of ['hostUsers', 'shareProcessNamespace']) {
    if (spec[f] !== undefined && spec[f] !== null)
      errs.push(fieldErrors.forbidden(`${path}.${f}`, 'cannot be set for a windows pod'));
  }
  for (const f of ['hostPID', 'hostIPC']) {
    if (spec[f] === true) errs.push(fieldErrors.forbidden(`${path}.${f}`, 'cannot be set for a windows pod'));
  }
  const cFields = [
    'appArmorProfile',
    'seLinuxOptions',
    'seccompProfile',
    'capabilities',
    'readOnlyRootFilesystem',
    'privileged',
    'allowPrivilegeEscalation',
    'procMount',
    'runAsUser',
    'runAsGroup',
  ];
  for (const [c, p] of containers) {
    const sc = obj(c.securityContext);
    for (const f of cFields) {
      if (sc[f] !== undefined && sc[f] !== null) {
        errs.push(fieldErrors.forbidden(`${p}.securityContext.${f}`, 'cannot be set for a windows pod'));
      }
    }
  }
}

/** Upstream's `ValidatePodSpec`. */
export function validatePodSpec(v: unknown, path: string, errs: Errs, opts: PodSpecOptions = {}): void {
  const spec = obj(v, path, errs);
  const grace = int(spec.terminationGracePeriodSeconds, `${path}.terminationGracePeriodSeconds`, errs);
  if (grace === undefined) errs.push(fieldErrors.required(`${path}.terminationGracePeriodSeconds`));
  const hostUsers = bool(spec.hostUsers, `${path}.hostUsers`, errs) !== false;
  const volumes = validateVolumes(spec.volumes, opts.podName ?? '', `${path}.volumes`, errs);
  const claimNames = new Set<string>();
  const claimsPath = `${path}.resourceClaims`;
  for (const [c, i] of objList(spec.resourceClaims, claimsPath, errs)) {
    const name = str(c.name, `${claimsPath}[${i}].name`, errs);
    if (!name) errs.push(fieldErrors.required(`${claimsPath}[${i}].name`));
    else if (claimNames.has(name)) errs.push(fieldErrors.duplicate(`${claimsPath}[${i}].name`, name));
    else {
      dns1123Label(name, `${claimsPath}[${i}].name`, errs);
      claimNames.add(name);
    }
  }
  const restartPolicy = str(spec.restartPolicy, `${path}.restartPolicy`, errs);
  const ctx: ContainerContext = { volumes, claimNames, restartPolicy, hostUsers };
  validateContainers(spec, ctx, grace, `${path}.containers`, errs);
  validateInitContainers(spec, ctx, grace, `${path}.initContainers`, errs);
  validateEphemeralContainers(spec, ctx, `${path}.ephemeralContainers`, errs);
  if (bool(spec.hostNetwork, `${path}.hostNetwork`, errs) === true) {
    for (const [c, i] of objList(spec.containers)) {
      for (const [port, j] of objList(c.ports)) {
        const hp = int(port.hostPort) ?? 0;
        if ((opts.resourceIsPod || hp !== 0) && hp !== (int(port.containerPort) ?? 0)) {
          errs.push(
            fieldErrors.invalid(
              `${path}.containers[${i}].ports[${j}].hostPort`,
              hp,
              'must match `containerPort` when `hostNetwork` is true',
            ),
          );
        }
      }
    }
  }
  enumField(restartPolicy, ['Always', 'OnFailure', 'Never'], `${path}.restartPolicy`, errs);
  const dnsPolicy = str(spec.dnsPolicy, `${path}.dnsPolicy`, errs);
  enumField(dnsPolicy, ['ClusterFirstWithHostNet', 'ClusterFirst', 'Default', 'None'], `${path}.dnsPolicy`, errs);
  errs.push(...validateLabels(strMap(spec.nodeSelector, `${path}.nodeSelector`, errs), `${path}.nodeSelector`));
  validatePodSecurityContext(spec.securityContext, spec, `${path}.securityContext`, errs);
  for (const [s, i] of objList(spec.imagePullSecrets, `${path}.imagePullSecrets`, errs)) {
    if (Object.keys(s).some((k) => k !== 'name'))
      errs.push(fieldErrors.invalid(`${path}.imagePullSecrets[${i}]`, s, 'only name may be set'));
  }
  validateAffinity(spec.affinity, `${path}.affinity`, errs);
  validateDNSConfig(spec, dnsPolicy, `${path}.dnsConfig`, errs);
  for (const [g, i] of objList(spec.readinessGates, `${path}.readinessGates`, errs)) {
    qualifiedName(str(g.conditionType), `${path}.readinessGates[${i}].conditionType`, errs);
  }
  const gates = new Set<string>();
  for (const [g, i] of objList(spec.schedulingGates, `${path}.schedulingGates`, errs)) {
    const name = str(g.name, `${path}.schedulingGates[${i}].name`, errs);
    qualifiedName(name, `${path}.schedulingGates[${i}]`, errs);
    if (gates.has(name)) errs.push(fieldErrors.duplicate(`${path}.schedulingGates[${i}]`, name));
    gates.add(name);
  }
  validateTopologySpreadConstraints(spec.topologySpreadConstraints, `${path}.topologySpreadConstraints`, errs);
  if (!hostUsers) {
    for (const [field, shown] of HOST_USERS_FORBIDDEN) {
      if (spec[field] === true)
        errs.push(fieldErrors.forbidden(`${path}.${shown}`, 'when `pod.Spec.HostUsers` is false'));
    }
  }
  for (const [field, nameFn] of [
    ['serviceAccountName', nameIsDNSSubdomain],
    ['nodeName', nameIsDNSSubdomain],
  ] as const) {
    const value = str(spec[field], `${path}.${field}`, errs);
    if (value) for (const m of nameFn(value, false)) errs.push(fieldErrors.invalid(`${path}.${field}`, value, m));
  }
  const ads = int(spec.activeDeadlineSeconds, `${path}.activeDeadlineSeconds`, errs);
  if (ads !== undefined && (ads < 1 || ads > 2147483647)) {
    errs.push(fieldErrors.invalid(`${path}.activeDeadlineSeconds`, ads, 'must be between 1 and 2147483647, inclusive'));
  }
  for (const f of ['hostname', 'subdomain']) {
    const value = str(spec[f], `${path}.${f}`, errs);
    if (value) dns1123Label(value, `${path}.${f}`, errs);
  }
  validateTolerations(spec.tolerations, `${path}.tolerations`, errs);
  for (const [alias, i] of objList(spec.hostAliases, `${path}.hostAliases`, errs)) {
    const ip = str(alias.ip, `${path}.hostAliases[${i}].ip`, errs);
    for (const m of isValidIP(ip)) errs.push(fieldErrors.invalid(`${path}.hostAliases[${i}].ip`, ip, m));
    strList(alias.hostnames, `${path}.hostAliases[${i}].hostnames`, errs).forEach((h, j) => {
      for (const m of nameIsDNSSubdomain(h, false))
        errs.push(fieldErrors.invalid(`${path}.hostAliases[${i}].hostnames[${j}]`, h, m));
    });
  }
  for (const f of ['priorityClassName', 'runtimeClassName']) {
    const value = optStr(spec[f], `${path}.${f}`, errs);
    if (value || (f === 'runtimeClassName' && value !== undefined)) {
      for (const m of nameIsDNSSubdomain(value, false)) errs.push(fieldErrors.invalid(`${path}.${f}`, value, m));
    }
  }
  const preemption = optStr(spec.preemptionPolicy, `${path}.preemptionPolicy`, errs);
  if (preemption !== undefined)
    enumField(preemption, ['PreemptLowerPriority', 'Never'], `${path}.preemptionPolicy`, errs);
  const overhead = optObj(spec.overhead, `${path}.overhead`, errs);
  if (overhead) validateContainerResources({ limits: overhead }, new Set(), `${path}.overhead`, errs);
  validateOS(spec, path, errs);
}
