/**
 * NodeRestriction for Node objects: a node writes only its own Node, never with a configSource
 * (on create, or changed to a new one on update), never changing its taints, and never setting
 * labels under `node-restriction.kubernetes.io/` or `kubernetes.io` / `k8s.io` labels other than
 * the ones kubelets set (k8s.io/kubelet's `IsKubeletLabel`).
 */
import { goQuote } from '../rbac/go-format.js';
import { forbidden, NIL_TYPE, type Admit } from './admission-common.js';
import { semanticEqual } from './semantic.js';

/** The labels kubelets may set on their own Node (k8s.io/kubelet/pkg/apis `kubeletLabels`). */
export const KUBELET_LABELS: ReadonlySet<string> = new Set([
  'kubernetes.io/hostname',
  'topology.kubernetes.io/zone',
  'topology.kubernetes.io/region',
  'failure-domain.beta.kubernetes.io/zone',
  'failure-domain.beta.kubernetes.io/region',
  'beta.kubernetes.io/instance-type',
  'node.kubernetes.io/instance-type',
  'kubernetes.io/os',
  'kubernetes.io/arch',
  'beta.kubernetes.io/os',
  'beta.kubernetes.io/arch',
]);

/** Label namespaces (and their subdomains) kubelets may set. */
export const KUBELET_LABEL_NAMESPACES: readonly string[] = ['kubelet.kubernetes.io', 'node.kubernetes.io'];

/** The namespace kubelets may never set labels in. */
export const NODE_RESTRICTION_LABEL_NAMESPACE = 'node-restriction.kubernetes.io';

const labelNamespace = (key: string) => (key.includes('/') ? key.slice(0, key.indexOf('/')) : '');
const inDomain = (ns: string, domain: string) => ns === domain || ns.endsWith(`.${domain}`);

/** k8s.io/kubelet's `IsKubeletLabel`. */
export function isKubeletLabel(key: string): boolean {
  if (KUBELET_LABELS.has(key)) return true;
  const ns = labelNamespace(key);
  return KUBELET_LABEL_NAMESPACES.some((d) => inDomain(ns, d));
}

/** Label keys added, removed or changed between the two maps. */
function modifiedLabels(a: Record<string, string> = {}, b: Record<string, string> = {}): Set<string> {
  const out = new Set<string>();
  for (const [k, v] of Object.entries(a)) if (!Object.prototype.hasOwnProperty.call(b, k) || b[k] !== v) out.add(k);
  for (const [k, v] of Object.entries(b)) if (!Object.prototype.hasOwnProperty.call(a, k) || a[k] !== v) out.add(k);
  return out;
}

/** The modified labels a node may not set, sorted (upstream's `getForbiddenLabels` + `sets.List`). */
export function forbiddenNodeLabels(modified: Iterable<string>): string[] {
  const out: string[] = [];
  for (const key of modified) {
    const ns = labelNamespace(key);
    const restricted = inDomain(ns, NODE_RESTRICTION_LABEL_NAMESPACE);
    const kube = inDomain(ns, 'kubernetes.io') || inDomain(ns, 'k8s.io');
    if (restricted || (kube && !isKubeletLabel(key))) out.push(key);
  }
  return out.sort();
}

/** Nodes: any operation on its own Node only, with the create and update restrictions above. */
export function admitNode(a: Admit): void {
  const q = goQuote(a.node);
  if (a.name !== a.node) throw forbidden(a, `node ${q} is not allowed to modify node ${goQuote(a.name)}`);
  if (a.operation === 'CREATE') {
    const node = a.object;
    if (!node) throw forbidden(a, NIL_TYPE);
    if (node.spec?.configSource != null) {
      throw forbidden(a, `node ${q} is not allowed to create pods with a non-nil configSource`);
    }
    const bad = forbiddenNodeLabels(modifiedLabels(node.metadata?.labels, undefined));
    if (bad.length) throw forbidden(a, `node ${q} is not allowed to set the following labels: ${bad.join(', ')}`);
  }
  if (a.operation === 'UPDATE') {
    const node = a.object;
    const old = a.oldObject;
    if (!node || !old) throw forbidden(a, NIL_TYPE);
    const source = node.spec?.configSource;
    if (source != null && !semanticEqual(source, old.spec?.configSource)) {
      throw forbidden(a, `node ${q} is not allowed to update configSource to a new non-nil configSource`);
    }
    if (!semanticEqual(node.spec?.taints, old.spec?.taints))
      throw forbidden(a, `node ${q} is not allowed to modify taints`);
    const bad = forbiddenNodeLabels(modifiedLabels(node.metadata?.labels, old.metadata?.labels));
    if (bad.length) throw forbidden(a, `is not allowed to modify labels: ${bad.join(', ')}`);
  }
}
