/**
 * kube-apiserver 1.32's Node authorizer and NodeRestriction admission plugin, as pure functions
 * over a `NodeGraphSource` the apiserver implements over its watch caches.
 */
export { nodeIdentity, NODES_GROUP, NODE_USER_PREFIX } from './identity.js';
export {
  authorizeNode,
  nodeRulesFor,
  NODE_LEASE_NAMESPACE,
  type NodeAttributes,
  type NodeDecision,
} from './authorizer.js';
export { hasPathToNode, type NodeGraphSource, type VertexType } from './graph.js';
export { nodeReach, computeNodeReach, type NodeReach } from './reach.js';
export { staticGraphSource, type StaticGraphObjects } from './static-source.js';
export { nameFromFieldSelector, parseFieldSelector, selectsExactly, type FieldRequirement } from './field-selector.js';
export {
  admitNodeRestriction,
  type AdmissionOperation,
  type NodeRestrictionFeatures,
  type NodeRestrictionInput,
} from './admission.js';
export { forbiddenNodeLabels, isKubeletLabel, KUBELET_LABELS, KUBELET_LABEL_NAMESPACES } from './admission-node.js';
export {
  isMirrorPod,
  MIRROR_POD_ANNOTATION,
  podClaimNames,
  podResourceClaimNames,
  visitPodConfigMapNames,
  visitPodSecretNames,
  visitPVSecretNames,
} from './refs.js';
