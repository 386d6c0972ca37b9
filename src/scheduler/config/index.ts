/**
 * kube-scheduler's configuration API (`kubescheduler.config.k8s.io/v1`, as in 1.32): load a file,
 * default and validate it, and resolve its profiles against the plugins the scheduler has.
 */
export { defaultConfig, loadConfigFile, parseConfig } from './load.js';
export type { LoadOptions } from './load.js';
export { resolveProfiles } from './resolve.js';
export { decodeConfig } from './decode.js';
export { DEFAULT_MULTI_POINT, defaultPlugins, mergePlugins, mergePluginSet, setDefaults } from './defaults.js';
export { aggregateMessages, validateConfig } from './validation.js';
export { formatGoDuration, parseGoDuration } from './go-duration.js';
export {
  API_VERSION,
  ConfigError,
  DEFAULT_SCHEDULER_NAME,
  EXTENSION_POINTS,
  GROUP,
  KIND,
  PLUGIN_SET_NAMES,
  VERSION,
} from './types.js';
export type {
  ArgsFieldError,
  ArgsValidator,
  ClientConnectionConfiguration,
  Extender,
  ExtensionPoint,
  KnownPlugin,
  KubeSchedulerProfile,
  LeaderElectionConfiguration,
  PluginConfig,
  PluginRef,
  Plugins,
  PluginSet,
  PluginSetName,
  ResolvedProfile,
  SchedulerConfiguration,
} from './types.js';
