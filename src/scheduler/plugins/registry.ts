/**
 * The in-tree plugin registry, after upstream's `plugins.NewInTreeRegistry`: every plugin the
 * scheduler can name in a profile, with the function validating its args where it has any.
 */
import type { PluginFactory } from '../framework/interface.js';
import * as defaultBinder from './defaultbinder/index.js';
import * as defaultPreemption from './defaultpreemption/index.js';
import * as imageLocality from './imagelocality/index.js';
import * as interPodAffinity from './interpodaffinity/index.js';
import * as nodeAffinity from './nodeaffinity/index.js';
import * as nodeName from './nodename/index.js';
import * as nodePorts from './nodeports/index.js';
import * as balancedAllocation from './noderesourcesbalancedallocation/index.js';
import * as nodeResourcesFit from './noderesourcesfit/index.js';
import * as nodeUnschedulable from './nodeunschedulable/index.js';
import * as nodeVolumeLimits from './nodevolumelimits/index.js';
import * as podTopologySpread from './podtopologyspread/index.js';
import * as prioritySort from './prioritysort/index.js';
import * as schedulingGates from './schedulinggates/index.js';
import * as taintToleration from './tainttoleration/index.js';
import * as volumeBinding from './volumebinding/index.js';
import * as volumeRestrictions from './volumerestrictions/index.js';
import * as volumeZone from './volumezone/index.js';

/** What a plugin's args validator returns: upstream's field errors. */
export type ArgsValidator = (args: Record<string, unknown>) => { field: string; message: string }[];

interface PluginModule {
  NAME: string;
  factory: PluginFactory;
  /** Takes the plugin's defaulted args (each module types its own). */
  validateArgs?: (args: never) => { field: string; message: string }[];
}

const MODULES: PluginModule[] = [
  prioritySort,
  schedulingGates,
  nodeUnschedulable,
  nodeName,
  taintToleration,
  nodeAffinity,
  nodePorts,
  nodeResourcesFit,
  volumeRestrictions,
  nodeVolumeLimits,
  volumeBinding,
  volumeZone,
  podTopologySpread,
  interPodAffinity,
  defaultPreemption,
  balancedAllocation,
  imageLocality,
  defaultBinder,
];

/** Plugin name → factory. */
export const IN_TREE_REGISTRY: ReadonlyMap<string, PluginFactory> = new Map(MODULES.map((m) => [m.NAME, m.factory]));

/** Plugin name → args validator, for the plugins that take args. */
export const ARGS_VALIDATORS: ReadonlyMap<string, ArgsValidator> = new Map(
  MODULES.filter((m) => m.validateArgs).map((m) => [m.NAME, m.validateArgs as unknown as ArgsValidator]),
);
