/**
 * The framework runtime for one profile, after upstream's `frameworkruntime`: instantiates the
 * profile's plugins from the registry and runs each extension point in configured order.
 */
import type { Pod } from 'kubernetes-types/core/v1.js';
import type {
  BindPlugin,
  CycleState,
  FilterPlugin,
  Handle,
  NodeScore,
  NodeToStatus,
  PermitPlugin,
  Plugin,
  PluginFactory,
  PostBindPlugin,
  PostFilterPlugin,
  PostFilterResult,
  PreBindPlugin,
  PreEnqueuePlugin,
  PreFilterPlugin,
  PreFilterResult,
  PreScorePlugin,
  QueuedPodInfo,
  QueueSortPlugin,
  ReservePlugin,
  ScorePlugin,
} from './interface.js';
import type { NodeInfo } from './node-info.js';
import type { PodInfo } from './pod-info.js';
import { Code, isSkip, isSuccess, Status } from './status.js';

export type ExtensionPoint =
  | 'preEnqueue'
  | 'queueSort'
  | 'preFilter'
  | 'filter'
  | 'postFilter'
  | 'preScore'
  | 'score'
  | 'reserve'
  | 'permit'
  | 'preBind'
  | 'bind'
  | 'postBind';

/** A resolved profile: the plugins at each point with weights, and each plugin's args. */
export interface ProfileSpec {
  schedulerName: string;
  percentageOfNodesToScore?: number;
  points: Record<ExtensionPoint, { name: string; weight: number }[]>;
  pluginArgs: Map<string, Record<string, unknown>>;
}

/** Which extension points a plugin instance implements. */
export function extensionPointsOf(p: Plugin): Set<ExtensionPoint> {
  const o = p as unknown as Record<string, unknown>;
  const has = (m: string) => typeof o[m] === 'function';
  const s = new Set<ExtensionPoint>();
  if (has('preEnqueue')) s.add('preEnqueue');
  if (has('less')) s.add('queueSort');
  if (has('preFilter')) s.add('preFilter');
  if (has('filter')) s.add('filter');
  if (has('postFilter')) s.add('postFilter');
  if (has('preScore')) s.add('preScore');
  if (has('score')) s.add('score');
  if (has('reserve')) s.add('reserve');
  if (has('permit')) s.add('permit');
  if (has('preBind')) s.add('preBind');
  if (has('bind')) s.add('bind');
  if (has('postBind')) s.add('postBind');
  return s;
}

/** One profile's plugins, ready to run. */
export class Framework {
  readonly plugins = new Map<string, Plugin>();
  readonly preEnqueue: PreEnqueuePlugin[];
  readonly queueSort: QueueSortPlugin;
  readonly preFilter: PreFilterPlugin[];
  readonly filter: FilterPlugin[];
  private readonly activeFilters = new WeakMap<ReadonlySet<string>, { size: number; plugins: FilterPlugin[] }>();
  readonly postFilter: PostFilterPlugin[];
  readonly preScore: PreScorePlugin[];
  readonly score: { plugin: ScorePlugin; weight: number }[];
  readonly reserve: ReservePlugin[];
  readonly permit: PermitPlugin[];
  readonly preBind: PreBindPlugin[];
  readonly bind: BindPlugin[];
  readonly postBind: PostBindPlugin[];

  constructor(
    readonly profile: ProfileSpec,
    registry: ReadonlyMap<string, PluginFactory>,
    readonly handle: Handle,
  ) {
    const get = (name: string): Plugin => {
      let p = this.plugins.get(name);
      if (!p) {
        const factory = registry.get(name);
        if (!factory) throw new Error(`${JSON.stringify(name)} does not exist`);
        p = factory(profile.pluginArgs.get(name), handle);
        this.plugins.set(name, p);
      }
      return p;
    };
    const at = <T>(point: ExtensionPoint) => profile.points[point].map((e) => get(e.name) as unknown as T);
    this.preEnqueue = at('preEnqueue');
    const sorts = at<QueueSortPlugin>('queueSort');
    if (sorts.length !== 1)
      throw new Error(`one queue sort plugin required for profile with scheduler name "${profile.schedulerName}"`);
    this.queueSort = sorts[0];
    this.preFilter = at('preFilter');
    this.filter = at('filter');
    this.postFilter = at('postFilter');
    this.preScore = at('preScore');
    this.score = profile.points.score.map((e) => ({ plugin: get(e.name) as ScorePlugin, weight: e.weight || 1 }));
    this.reserve = at('reserve');
    this.permit = at('permit');
    this.preBind = at('preBind');
    this.bind = at('bind');
    if (this.bind.length === 0)
      throw new Error(`at least one bind plugin is needed for profile with scheduler name "${profile.schedulerName}"`);
    this.postBind = at('postBind');
  }

  runPreEnqueuePlugins(pod: Pod): Status | undefined {
    for (const p of this.preEnqueue) {
      const s = p.preEnqueue(pod);
      if (!isSuccess(s)) return s!.withPlugin(p.name);
    }
    return undefined;
  }

  less(a: QueuedPodInfo, b: QueuedPodInfo): boolean {
    return this.queueSort.less(a, b);
  }

  /**
   * Runs PreFilter: the intersection of the plugins' node sets, or the first rejection. Plugins
   * answering Skip are recorded so their Filter is skipped this cycle.
   */
  runPreFilterPlugins(
    state: CycleState,
    pod: Pod,
    nodes: readonly NodeInfo[],
  ): { result?: PreFilterResult; status?: Status; narrowedBy: string[] } {
    let result: PreFilterResult | undefined;
    const narrowedBy: string[] = [];
    const skipped = new Set<string>();
    for (const p of this.preFilter) {
      const r = p.preFilter(state, pod, nodes);
      const s = r?.status;
      if (isSkip(s)) {
        skipped.add(p.name);
        continue;
      }
      if (!isSuccess(s)) {
        s!.withPlugin(p.name);
        return {
          narrowedBy,
          status: s!.isUnschedulable()
            ? s
            : Status.error(`running PreFilter plugin "${p.name}": ${s!.message()}`).withPlugin(p.name),
        };
      }
      const names = r?.result?.nodeNames;
      if (names) {
        narrowedBy.push(p.name);
        const merged: Set<string> = result?.nodeNames
          ? new Set([...names].filter((n) => result!.nodeNames!.has(n)))
          : names;
        result = { nodeNames: merged };
        if (merged.size === 0) {
          return {
            result,
            narrowedBy,
            status: Status.unresolvable(`node(s) didn't satisfy plugin(s) [${p.name}] simultaneously`).withPlugin(
              p.name,
            ),
          };
        }
      }
    }
    state.skipFilterPlugins = skipped;
    return { result, narrowedBy };
  }

  runPreFilterExtensionAddPod(state: CycleState, pod: Pod, podToAdd: PodInfo, nodeInfo: NodeInfo): Status | undefined {
    for (const p of this.preFilter) {
      if (state.skipFilterPlugins.has(p.name)) continue;
      const s = p.preFilterExtensions?.()?.addPod(state, pod, podToAdd, nodeInfo);
      if (!isSuccess(s)) return Status.error(`running AddPod on PreFilter plugin "${p.name}": ${s!.message()}`);
    }
    return undefined;
  }

  runPreFilterExtensionRemovePod(
    state: CycleState,
    pod: Pod,
    podToRemove: PodInfo,
    nodeInfo: NodeInfo,
  ): Status | undefined {
    for (const p of this.preFilter) {
      if (state.skipFilterPlugins.has(p.name)) continue;
      const s = p.preFilterExtensions?.()?.removePod(state, pod, podToRemove, nodeInfo);
      if (!isSuccess(s)) return Status.error(`running RemovePod on PreFilter plugin "${p.name}": ${s!.message()}`);
    }
    return undefined;
  }

  /** Runs Filter plugins until one rejects the node. */
  runFilterPlugins(state: CycleState, pod: Pod, nodeInfo: NodeInfo): Status | undefined {
    for (const p of this.filtersFor(state.skipFilterPlugins)) {
      const s = p.filter(state, pod, nodeInfo);
      if (s !== undefined && s.code !== Code.Success) {
        if (s.code === Code.Error)
          return Status.error(`running "${p.name}" filter plugin: ${s.message()}`).withPlugin(p.name);
        return s.withPlugin(p.name);
      }
    }
    return undefined;
  }

  /**
   * The Filter plugins a cycle runs, those its PreFilter did not skip: listed once per skip set
   * (and its size, should it change) rather than looked up per plugin on each of hundreds of nodes.
   */
  private filtersFor(skip: ReadonlySet<string>): readonly FilterPlugin[] {
    if (skip.size === 0) return this.filter;
    let active = this.activeFilters.get(skip);
    if (active?.size !== skip.size) {
      active = { size: skip.size, plugins: this.filter.filter((p) => !skip.has(p.name)) };
      this.activeFilters.set(skip, active);
    }
    return active.plugins;
  }

  /**
   * Filters as if the nominated pods of at least the pod's priority were on the node too, then
   * without them (a nominated pod may not come), as upstream's `RunFilterPluginsWithNominatedPods`.
   */
  runFilterPluginsWithNominatedPods(state: CycleState, pod: Pod, nodeInfo: NodeInfo): Status | undefined {
    const all = this.handle.nominatedPodsForNode(nodeInfo.name);
    if (all.length) {
      const priority = pod.spec?.priority ?? 0;
      const nominated = all.filter(
        (p) => (p.pod.spec?.priority ?? 0) >= priority && p.pod.metadata?.uid !== pod.metadata?.uid,
      );
      if (nominated.length) return this.filterWithNominated(state, pod, nodeInfo, nominated);
    }
    return this.runFilterPlugins(state, pod, nodeInfo);
  }

  /** First with the nominated pods on a copy of the node, then as the node is. */
  private filterWithNominated(
    state: CycleState,
    pod: Pod,
    nodeInfo: NodeInfo,
    nominated: PodInfo[],
  ): Status | undefined {
    const ni = nodeInfo.snapshot();
    const st = state.clone();
    for (const p of nominated) {
      ni.addPod(p);
      const s = this.runPreFilterExtensionAddPod(st, pod, p, ni);
      if (!isSuccess(s)) return s;
    }
    const s = this.runFilterPlugins(st, pod, ni);
    if (!isSuccess(s)) return s;
    return this.runFilterPlugins(state, pod, nodeInfo);
  }

  async runPostFilterPlugins(
    state: CycleState,
    pod: Pod,
    statuses: NodeToStatus,
  ): Promise<{ result?: PostFilterResult; status?: Status }> {
    const reasons: string[] = [];
    for (const p of this.postFilter) {
      const r = await p.postFilter(state, pod, statuses);
      if (isSuccess(r.status)) return r;
      if (r.status!.code !== Code.Unschedulable && r.status!.code !== Code.UnschedulableAndUnresolvable)
        return { status: r.status!.withPlugin(p.name) };
      reasons.push(...r.status!.reasons);
    }
    return { status: new Status(Code.Unschedulable, reasons) };
  }

  runPreScorePlugins(state: CycleState, pod: Pod, nodes: readonly NodeInfo[]): Status | undefined {
    state.skipScorePlugins = new Set();
    for (const p of this.preScore) {
      const s = p.preScore(state, pod, nodes);
      if (isSkip(s)) state.skipScorePlugins.add(p.name);
      else if (!isSuccess(s)) return Status.error(`running PreScore plugin "${p.name}": ${s!.message()}`);
    }
    return undefined;
  }

  /** Scores each node with every plugin, normalises, weights and sums: node → total. */
  runScorePlugins(state: CycleState, pod: Pod, nodes: readonly NodeInfo[]): { totals: number[]; status?: Status } {
    const totals = new Array<number>(nodes.length).fill(0);
    for (const { plugin, weight } of this.score) {
      if (state.skipScorePlugins.has(plugin.name)) continue;
      const scores = this.scratchScores(plugin.name, nodes.length);
      for (let i = 0; i < nodes.length; i++) {
        const r = plugin.score(state, pod, nodes[i]);
        if (typeof r !== 'number')
          return { totals, status: Status.error(`running Score plugin "${plugin.name}": ${r.message()}`) };
        scores[i].name = nodes[i].name;
        scores[i].score = r;
      }
      const ext = plugin.scoreExtensions?.();
      if (ext) {
        const s = ext.normalizeScore(state, pod, scores);
        if (!isSuccess(s))
          return {
            totals,
            status: Status.error(`running Normalize on Score plugin "${plugin.name}": ${s!.message()}`),
          };
      }
      for (let i = 0; i < nodes.length; i++) {
        const v = scores[i].score;
        if (v < 0 || v > 100)
          return {
            totals,
            status: Status.error(
              `plugin "${plugin.name}" returns an invalid score ${v}, it should in the range of [0, 100] after normalizing`,
            ),
          };
        totals[i] += v * weight;
      }
    }
    return { totals };
  }

  runReservePluginsReserve(state: CycleState, pod: Pod, nodeName: string): Status | undefined {
    for (const p of this.reserve) {
      const s = p.reserve(state, pod, nodeName);
      if (!isSuccess(s)) return s!.withPlugin(p.name);
    }
    return undefined;
  }

  /** Unreserves in reverse order, as upstream does. */
  runReservePluginsUnreserve(state: CycleState, pod: Pod, nodeName: string): void {
    for (let i = this.reserve.length - 1; i >= 0; i--) this.reserve[i].unreserve(state, pod, nodeName);
  }

  /** Permit: a rejection, or the longest wait asked for (ms), or nothing. */
  runPermitPlugins(state: CycleState, pod: Pod, nodeName: string): { status?: Status; waitMs?: number } {
    let waitMs: number | undefined;
    for (const p of this.permit) {
      const r = p.permit(state, pod, nodeName);
      if (isSuccess(r.status)) continue;
      if (r.status!.code === Code.Wait) waitMs = Math.max(waitMs ?? 0, Math.min(r.timeoutMs ?? 0, 15 * 60_000));
      else return { status: r.status!.withPlugin(p.name) };
    }
    return { waitMs };
  }

  async runPreBindPlugins(state: CycleState, pod: Pod, nodeName: string): Promise<Status | undefined> {
    for (const p of this.preBind) {
      const s = await p.preBind(state, pod, nodeName);
      if (!isSuccess(s)) return Status.error(`running PreBind plugin "${p.name}": ${s!.message()}`).withPlugin(p.name);
    }
    return undefined;
  }

  async runBindPlugins(state: CycleState, pod: Pod, nodeName: string): Promise<Status | undefined> {
    for (const p of this.bind) {
      const s = await p.bind(state, pod, nodeName);
      if (isSkip(s)) continue;
      if (!isSuccess(s)) return Status.error(`running Bind plugin "${p.name}": ${s!.message()}`).withPlugin(p.name);
      return undefined;
    }
    return Status.skip();
  }

  runPostBindPlugins(state: CycleState, pod: Pod, nodeName: string): void {
    for (const p of this.postBind) p.postBind(state, pod, nodeName);
  }

  private readonly scratch = new Map<string, NodeScore[]>();

  /** A plugin's score array of `n` entries, reused across cycles to spare the collector. */
  private scratchScores(plugin: string, n: number): NodeScore[] {
    let a = this.scratch.get(plugin);
    if (!a) this.scratch.set(plugin, (a = []));
    for (let i = a.length; i < n; i++) a.push({ name: '', score: 0 });
    a.length = n;
    return a;
  }

  /** Whether the profile has anything to score with. */
  hasScorePlugins(): boolean {
    return this.score.length > 0;
  }
}
