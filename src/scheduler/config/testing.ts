/**
 * Test support: the in-tree plugins of 1.32 and the extension points each implements, taken from
 * upstream's plugin types, for resolving profiles without instantiating plugins.
 */
import { parseConfig } from './load.js';
import { resolveProfiles } from './resolve.js';
import { EXTENSION_POINTS } from './types.js';
import type { ExtensionPoint, KnownPlugin, ResolvedProfile } from './types.js';

const POINTS: Record<string, ExtensionPoint[]> = {
  SchedulingGates: ['preEnqueue'],
  PrioritySort: ['queueSort'],
  NodeUnschedulable: ['filter'],
  NodeName: ['filter'],
  TaintToleration: ['filter', 'preScore', 'score'],
  NodeAffinity: ['preFilter', 'filter', 'preScore', 'score'],
  NodePorts: ['preFilter', 'filter'],
  NodeResourcesFit: ['preFilter', 'filter', 'preScore', 'score'],
  VolumeRestrictions: ['preFilter', 'filter'],
  NodeVolumeLimits: ['preFilter', 'filter'],
  VolumeBinding: ['preFilter', 'filter', 'reserve', 'preBind', 'preScore', 'score'],
  VolumeZone: ['preFilter', 'filter'],
  PodTopologySpread: ['preFilter', 'filter', 'preScore', 'score'],
  InterPodAffinity: ['preFilter', 'filter', 'preScore', 'score'],
  DefaultPreemption: ['postFilter'],
  NodeResourcesBalancedAllocation: ['preScore', 'score'],
  ImageLocality: ['score'],
  DefaultBinder: ['bind'],
};

/** A knownPlugins map from plugin name to the points it implements. */
export function knownPlugins(points: Record<string, ExtensionPoint[]>): Map<string, KnownPlugin> {
  return new Map(Object.entries(points).map(([name, ps]) => [name, { extensionPoints: new Set(ps) }]));
}

/** The default in-tree plugins, as the scheduler core would report them. */
export const IN_TREE_PLUGINS: ReadonlyMap<string, KnownPlugin> = knownPlugins(POINTS);

const indent = (s: string, n: number) => s.replace(/^(?=.)/gm, ' '.repeat(n));

/** Resolves a one-profile configuration whose `plugins` section is the YAML `plugins`. */
export function resolvePlugins(
  plugins: string,
  known: ReadonlyMap<string, KnownPlugin> = IN_TREE_PLUGINS,
): ResolvedProfile[] {
  const cfg = parseConfig(
    `apiVersion: kubescheduler.config.k8s.io/v1\nkind: KubeSchedulerConfiguration\nprofiles:\n- plugins:\n${indent(plugins, 4)}`,
    'test',
  );
  return resolveProfiles(cfg, known);
}

/** A profile's non-empty points as plugin names, `name:weight` at score. */
export function summarize(r: ResolvedProfile): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const p of EXTENSION_POINTS)
    if (r.points[p].length) out[p] = r.points[p].map((e) => (p === 'score' ? `${e.name}:${e.weight}` : e.name));
  return out;
}
