/**
 * Resolving profiles against the plugins the scheduler has, as upstream's framework runtime does
 * when it builds each profile (`NewFramework`, `expandMultiPointPlugins`, `getScoreWeights`) and
 * as `profile.NewMap` checks them across profiles. Errors carry upstream's wording, wrapped as
 * `scheduler.New` wraps them.
 */
import { ConfigError, EXTENSION_POINTS, PLUGIN_SET_NAMES } from './types.js';
import type {
  ArgsValidator,
  ExtensionPoint,
  KnownPlugin,
  KubeSchedulerProfile,
  ResolvedProfile,
  SchedulerConfiguration,
} from './types.js';
import { aggregateMessages, validateConfig, withoutTypeMeta } from './validation.js';

/** The order upstream's `getExtensionPoints` walks the points in. */
const FRAMEWORK_ORDER: readonly ExtensionPoint[] = [
  'preFilter',
  'filter',
  'postFilter',
  'reserve',
  'preScore',
  'score',
  'preBind',
  'bind',
  'postBind',
  'permit',
  'preEnqueue',
  'queueSort',
];

/** Go's interface name for each point, as the framework's errors print `pluginType.Name()`. */
const GO_TYPE: Record<ExtensionPoint, string> = {
  preEnqueue: 'PreEnqueuePlugin',
  queueSort: 'QueueSortPlugin',
  preFilter: 'PreFilterPlugin',
  filter: 'FilterPlugin',
  postFilter: 'PostFilterPlugin',
  preScore: 'PreScorePlugin',
  score: 'ScorePlugin',
  reserve: 'ReservePlugin',
  permit: 'PermitPlugin',
  preBind: 'PreBindPlugin',
  bind: 'BindPlugin',
  postBind: 'PostBindPlugin',
};

const MAX_NODE_SCORE = 100n;
const MAX_TOTAL_SCORE = (1n << 63n) - 1n;

class FrameworkError extends Error {}

/**
 * Resolves every profile of a defaulted, validated configuration into the plugins to run at each
 * extension point. `knownPlugins` says which points each available plugin implements;
 * `argsValidators` check plugin args first (the part of validation that needs the plugins). Throws
 * ConfigError with upstream's message: `initializing profiles: creating profile for scheduler name
 * default-scheduler: FilterPlugin "Foo" does not exist`.
 */
export function resolveProfiles(
  cfg: SchedulerConfiguration,
  knownPlugins: ReadonlyMap<string, KnownPlugin>,
  argsValidators?: ReadonlyMap<string, ArgsValidator>,
): ResolvedProfile[] {
  const errs = validateConfig(cfg, argsValidators);
  if (errs.length) throw new ConfigError(aggregateMessages(errs));
  const resolved: ResolvedProfile[] = [];
  let queueSort: { name: string; args: string } | undefined;
  const names = new Set<string>();
  for (const profile of cfg.profiles) {
    const name = profile.schedulerName ?? '';
    let r: ResolvedProfile;
    try {
      r = resolveProfile(profile, knownPlugins);
    } catch (e) {
      if (e instanceof FrameworkError)
        throw new ConfigError(`initializing profiles: creating profile for scheduler name ${name}: ${e.message}`);
      throw e;
    }
    // profile.NewMap's cross-profile checks.
    const fail = (msg: string) => new ConfigError(`initializing profiles: ${msg}`);
    if (!name) throw fail('scheduler name is needed');
    if (names.has(name)) throw fail(`duplicate profile with scheduler name "${name}"`);
    names.add(name);
    const sort = r.points.queueSort[0].name;
    const args = JSON.stringify(r.pluginArgs.get(sort) ?? null);
    if (!queueSort) queueSort = { name: sort, args };
    else if (queueSort.name !== sort)
      throw fail(`different queue sort plugins for profile "${name}": "${sort}", first: "${queueSort.name}"`);
    else if (queueSort.args !== args) throw fail(`different queue sort plugin args for profile "${name}"`);
    resolved.push(r);
  }
  return resolved;
}

function resolveProfile(profile: KubeSchedulerProfile, known: ReadonlyMap<string, KnownPlugin>): ResolvedProfile {
  const plugins = profile.plugins;
  const args = new Map<string, Record<string, unknown>>();
  for (const pc of profile.pluginConfig ?? []) {
    if (args.has(pc.name)) throw new FrameworkError(`repeated config for plugin ${pc.name}`);
    args.set(pc.name, withoutTypeMeta(pc.args));
  }
  const implementsPoint = (name: string, point: ExtensionPoint) => known.get(name)?.extensionPoints.has(point) ?? false;

  const lists = Object.fromEntries(EXTENSION_POINTS.map((p) => [p, [] as string[]])) as Record<
    ExtensionPoint,
    string[]
  >;
  // Plugins named at each point, in order (upstream's updatePluginList).
  for (const point of FRAMEWORK_ORDER) {
    const type = GO_TYPE[point];
    for (const { name } of plugins[point].enabled ?? []) {
      if (!known.has(name)) throw new FrameworkError(`${type} "${name}" does not exist`);
      if (!implementsPoint(name, point)) throw new FrameworkError(`plugin "${name}" does not extend ${type} plugin`);
      if (lists[point].includes(name)) throw new FrameworkError(`plugin "${name}" already registered as "${type}"`);
      lists[point].push(name);
    }
  }
  const multiPoint = plugins.multiPoint.enabled ?? [];
  if (multiPoint.length) {
    for (const point of FRAMEWORK_ORDER) lists[point] = expand(point, lists[point], profile, known, implementsPoint);
  }

  const count = (p: ExtensionPoint) => lists[p].length;
  if (count('queueSort') !== 1)
    throw new FrameworkError(
      `only one queue sort plugin required for profile with scheduler name "${profile.schedulerName ?? ''}", but got ${count('queueSort')}`,
    );
  if (count('bind') === 0)
    throw new FrameworkError(
      `at least one bind plugin is needed for profile with scheduler name "${profile.schedulerName ?? ''}"`,
    );

  // Score weights: a weight at `score` wins over multiPoint's; 0 or unset counts as 1.
  const weights = new Map<string, number>();
  let total = 0n;
  for (const p of [...(plugins.score.enabled ?? []), ...multiPoint]) {
    if (!implementsPoint(p.name, 'score') || weights.has(p.name)) continue;
    const w = p.weight || 1;
    weights.set(p.name, w);
    if (BigInt(w) * MAX_NODE_SCORE > MAX_TOTAL_SCORE - total)
      throw new FrameworkError('total score of Score plugins could overflow');
    total += BigInt(w) * MAX_NODE_SCORE;
  }

  // Upstream hands args to every plugin the profile names anywhere (its pluginsNeeded).
  const needed = new Set(PLUGIN_SET_NAMES.flatMap((p) => (plugins[p].enabled ?? []).map((r) => r.name)));
  const points = Object.fromEntries(
    EXTENSION_POINTS.map((p) => [
      p,
      lists[p].map((name) => ({ name, weight: p === 'score' ? weights.get(name)! : 0 })),
    ]),
  ) as ResolvedProfile['points'];
  const pluginArgs = new Map([...args].filter(([name]) => needed.has(name)));
  const r: ResolvedProfile = { schedulerName: profile.schedulerName ?? '', points, pluginArgs };
  if (profile.percentageOfNodesToScore !== undefined) r.percentageOfNodesToScore = profile.percentageOfNodesToScore;
  return r;
}

/**
 * Upstream's multiPoint expansion at one point: plugins also named at this point keep that
 * entry and go first (in its order), then multiPoint-only plugins, then the rest named here.
 * `disabled: *` at the point skips expansion; a plugin disabled here is left out.
 */
function expand(
  point: ExtensionPoint,
  named: string[],
  profile: KubeSchedulerProfile,
  known: ReadonlyMap<string, KnownPlugin>,
  implementsPoint: (name: string, point: ExtensionPoint) => boolean,
): string[] {
  const type = GO_TYPE[point];
  const disabled = new Set((profile.plugins[point].disabled ?? []).map((p) => p.name));
  if (disabled.has('*')) return named;
  const overrides = new Set<string>();
  const fromMultiPoint: string[] = [];
  for (const { name } of profile.plugins.multiPoint.enabled ?? []) {
    if (!known.has(name)) throw new FrameworkError(`${type} "${name}" does not exist`);
    if (!implementsPoint(name, point) || disabled.has(name)) continue;
    if (named.includes(name)) {
      overrides.add(name);
      continue;
    }
    if (fromMultiPoint.includes(name)) throw new FrameworkError(`plugin "${name}" already registered as "${type}"`);
    fromMultiPoint.push(name);
  }
  return [...named.filter((n) => overrides.has(n)), ...fromMultiPoint, ...named.filter((n) => !overrides.has(n))];
}
