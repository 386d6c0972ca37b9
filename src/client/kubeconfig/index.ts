/**
 * `k8ts/client/kubeconfig`: loading kubeconfig files (or the in-cluster service account) into
 * the RestConfig a RestClient is made from.
 */
export { loadKubeconfig, loadRestConfig, kubeconfigPaths, mergeKubeconfigs } from './load.js';
export type { LoadOptions } from './load.js';
export { loadKubeconfigFile, parseKubeconfig } from './parse.js';
export { restConfigFromKubeconfig } from './client-config.js';
export type { ClientConfigOptions } from './client-config.js';
export { inClusterConfig, isInCluster, NOT_IN_CLUSTER_MESSAGE, SERVICE_ACCOUNT_DIR } from './in-cluster.js';
export type { InClusterOptions } from './in-cluster.js';
export { EMPTY_CONFIG_MESSAGE, KubeconfigError } from './errors.js';
export { emptyKubeconfig, isConfigEmpty } from './types.js';
export type { AuthInfo, Cluster, Context, Kubeconfig } from './types.js';
