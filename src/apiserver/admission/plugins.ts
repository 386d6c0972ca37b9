/**
 * The admission plugins k8ts has, in upstream's order (kube-apiserver's `AllOrderedPlugins`), which
 * of them are on by default, and `--enable-admission-plugins` / `--disable-admission-plugins`
 * resolved against them with upstream's messages. The order of the flags' lists does not matter:
 * enabled plugins always run in this order.
 */
import { errors } from '../../machinery/errors.js';
import type { Registry } from '../registry/registry.js';
import { Admission, isPod, type AdmissionPlugin } from './chain.js';
import { namespaceLifecycle } from './namespace-lifecycle.js';
import { serviceAccountAdmission } from './service-account.js';
import { taintNodesByCondition } from './node-taint.js';
import { admitPriority } from './priority.js';
import { defaultTolerationSeconds } from './tolerations.js';
import { defaultIngressClass, defaultStorageClass, storageObjectInUseProtection } from './default-classes.js';
import { runtimeClassAdmission } from './runtime-class.js';
import { podSecurityAdmission } from './pod-security.js';
import { limitRanger } from './limit-ranger.js';
import { resourceQuota } from './resource-quota.js';
import { mutatingWebhooks, validatingWebhooks } from './webhooks.js';
import { nodeRestriction } from './node-restriction.js';

/** What plugins are built from. */
export interface PluginDeps {
  registry: Registry;
}

interface PluginEntry {
  name: string;
  defaultOn: boolean;
  make: (deps: PluginDeps) => AdmissionPlugin;
}

const createsPod = (a: Parameters<NonNullable<AdmissionPlugin['admit']>>[0]) =>
  isPod(a) && a.operation === 'CREATE' && !a.subresource && !!a.object;

const ENTRIES: PluginEntry[] = [
  { name: 'AlwaysAdmit', defaultOn: false, make: () => ({ name: 'AlwaysAdmit' }) },
  { name: 'NamespaceLifecycle', defaultOn: true, make: (d) => namespaceLifecycle(d.registry) },
  { name: 'LimitRanger', defaultOn: true, make: (d) => limitRanger(d.registry) },
  // Needs the controller manager's serviceaccounts controller: without it no namespace has its
  // `default` account and every pod create is refused, as upstream's is.
  { name: 'ServiceAccount', defaultOn: true, make: (d) => serviceAccountAdmission(d.registry) },
  // kubeadm turns it on, with the Node authorizer; upstream leaves it off.
  { name: 'NodeRestriction', defaultOn: false, make: (d) => nodeRestriction(d.registry) },
  { name: 'TaintNodesByCondition', defaultOn: true, make: () => taintNodesByCondition },
  { name: 'PodSecurity', defaultOn: true, make: (d) => podSecurityAdmission(d.registry) },
  {
    name: 'Priority',
    defaultOn: true,
    make: (d) => ({
      name: 'Priority',
      admit: async (a) => {
        if (createsPod(a)) await admitPriority(d.registry, a.object!);
      },
    }),
  },
  {
    name: 'DefaultTolerationSeconds',
    defaultOn: true,
    make: () => ({
      name: 'DefaultTolerationSeconds',
      admit: (a) => {
        if (createsPod(a)) defaultTolerationSeconds(a.object!);
      },
    }),
  },
  { name: 'DefaultStorageClass', defaultOn: true, make: (d) => defaultStorageClass(d.registry) },
  { name: 'StorageObjectInUseProtection', defaultOn: true, make: () => storageObjectInUseProtection },
  { name: 'RuntimeClass', defaultOn: true, make: (d) => runtimeClassAdmission(d.registry) },
  { name: 'DefaultIngressClass', defaultOn: true, make: (d) => defaultIngressClass(d.registry) },
  { name: 'MutatingAdmissionWebhook', defaultOn: true, make: (d) => mutatingWebhooks(d.registry) },
  { name: 'ValidatingAdmissionWebhook', defaultOn: true, make: (d) => validatingWebhooks(d.registry) },
  // Last, as upstream: it charges the quota, which only a request every other plugin let through may.
  { name: 'ResourceQuota', defaultOn: true, make: (d) => resourceQuota(d.registry) },
  {
    name: 'AlwaysDeny',
    defaultOn: false,
    make: () => ({
      name: 'AlwaysDeny',
      admit: (a) => {
        throw errors.forbidden(
          { group: a.info.group, name: a.info.resource },
          a.name,
          'admission control is denying all modifications',
        );
      },
    }),
  },
];

export const PLUGIN_NAMES: readonly string[] = ENTRIES.map((e) => e.name);

/**
 * The enabled plugins' names in running order: the default-on ones, plus `enable`, minus
 * `disable`. Unknown names and a name in both lists are errors, as kube-apiserver reports them.
 */
export function enabledPlugins(enable: readonly string[] = [], disable: readonly string[] = []): string[] {
  const problems: string[] = [];
  for (const n of enable)
    if (!PLUGIN_NAMES.includes(n)) problems.push(`enable-admission-plugins plugin "${n}" is unknown`);
  for (const n of disable)
    if (!PLUGIN_NAMES.includes(n)) problems.push(`disable-admission-plugins plugin "${n}" is unknown`);
  const both = [...new Set(enable.filter((n) => disable.includes(n)))].sort();
  // Go's %v of a string slice: `[A B]`.
  if (both.length)
    problems.push(`[${both.join(' ')}] in enable-admission-plugins and disable-admission-plugins overlapped`);
  if (problems.length) throw new Error(problems.length === 1 ? problems[0] : `[${problems.join(', ')}]`);
  return ENTRIES.filter((e) => (e.defaultOn || enable.includes(e.name)) && !disable.includes(e.name)).map(
    (e) => e.name,
  );
}

/** The admission chain of the named plugins (in running order, as `enabledPlugins` gives them). */
export function admissionChain(names: readonly string[], deps: PluginDeps): Admission {
  return new Admission(ENTRIES.filter((e) => names.includes(e.name)).map((e) => e.make(deps)));
}
