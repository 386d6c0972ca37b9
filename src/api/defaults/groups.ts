/**
 * Defaults of the kinds outside core, apps and batch, as upstream's `SetDefaults_*` of each group
 * apply them: HPAs, NetworkPolicies, IngressClasses, EndpointSlices, RBAC bindings, StorageClasses,
 * CSIDrivers, PriorityClasses, webhook configurations and CRDs.
 */
import { type Obj, isObj } from '../validation/util.js';

const unset = (v: unknown) => v === undefined || v === null;
const objs = (v: unknown): Obj[] => (Array.isArray(v) ? v.filter(isObj) : []);
const spec = (o: Obj): Obj | undefined => {
  if (unset(o.spec)) o.spec = {};
  return isObj(o.spec) ? o.spec : undefined;
};

function scalingRules(r: unknown, up: boolean): Obj {
  const defaults: Obj = up
    ? {
        stabilizationWindowSeconds: 0,
        selectPolicy: 'Max',
        policies: [
          { type: 'Pods', value: 4, periodSeconds: 15 },
          { type: 'Percent', value: 100, periodSeconds: 15 },
        ],
      }
    : {
        stabilizationWindowSeconds: 300,
        selectPolicy: 'Max',
        policies: [{ type: 'Percent', value: 100, periodSeconds: 15 }],
      };
  if (!isObj(r)) return defaults;
  for (const k of ['stabilizationWindowSeconds', 'selectPolicy', 'policies']) if (unset(r[k])) r[k] = defaults[k];
  return r;
}

/** Upstream's `SetDefaults_HorizontalPodAutoscaler` (v2: a cpu 80% metric, behavior filled in; v1: minReplicas). */
export function defaultHorizontalPodAutoscaler(hpa: Obj): void {
  const s = spec(hpa);
  if (!s) return;
  if (unset(s.minReplicas)) s.minReplicas = 1;
  if (hpa.apiVersion === 'autoscaling/v1') return;
  if (!Array.isArray(s.metrics) || s.metrics.length === 0) {
    s.metrics = [
      { type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 80 } } },
    ];
  }
  if (isObj(s.behavior)) {
    s.behavior.scaleUp = scalingRules(s.behavior.scaleUp, true);
    s.behavior.scaleDown = scalingRules(s.behavior.scaleDown, false);
  }
}

/** Upstream's `SetDefaults_NetworkPolicy` (policyTypes) and `SetDefaults_NetworkPolicyPort` (TCP). */
export function defaultNetworkPolicy(np: Obj): void {
  const s = spec(np);
  if (!s) return;
  for (const dir of ['ingress', 'egress']) {
    for (const rule of objs(s[dir])) for (const p of objs(rule.ports)) if (unset(p.protocol)) p.protocol = 'TCP';
  }
  if (!Array.isArray(s.policyTypes) || s.policyTypes.length === 0) {
    s.policyTypes = Array.isArray(s.egress) && s.egress.length > 0 ? ['Ingress', 'Egress'] : ['Ingress'];
  }
}

/** Upstream's `SetDefaults_IngressClass`: parameters scoped to the cluster. */
export function defaultIngressClass(ic: Obj): void {
  if (isObj(ic.spec) && isObj(ic.spec.parameters) && unset(ic.spec.parameters.scope))
    ic.spec.parameters.scope = 'Cluster';
}

/** Upstream's `SetDefaults_EndpointPort` (discovery/v1): name "" and protocol TCP. */
export function defaultEndpointSlice(slice: Obj): void {
  for (const p of objs(slice.ports)) {
    if (unset(p.name)) p.name = '';
    if (unset(p.protocol)) p.protocol = 'TCP';
  }
}

/** Upstream's RBAC binding defaults: the roleRef's group, and each subject's by kind. */
export function defaultRoleBinding(b: Obj): void {
  if (isObj(b.roleRef) && !b.roleRef.apiGroup) b.roleRef.apiGroup = 'rbac.authorization.k8s.io';
  for (const s of objs(b.subjects)) {
    if (s.apiGroup !== undefined && s.apiGroup !== null && s.apiGroup !== '') continue;
    if (s.kind === 'User' || s.kind === 'Group') s.apiGroup = 'rbac.authorization.k8s.io';
    else if (s.kind === 'ServiceAccount') s.apiGroup = '';
  }
}

/** Upstream's `SetDefaults_StorageClass`: reclaim Delete, binding Immediate. */
export function defaultStorageClass(sc: Obj): void {
  if (!sc.reclaimPolicy) sc.reclaimPolicy = 'Delete';
  if (unset(sc.volumeBindingMode)) sc.volumeBindingMode = 'Immediate';
}

/** Upstream's `SetDefaults_CSIDriver`. */
export function defaultCSIDriver(d: Obj): void {
  const s = spec(d);
  if (!s) return;
  const defaults: [string, unknown][] = [
    ['attachRequired', true],
    ['podInfoOnMount', false],
    ['storageCapacity', false],
    ['fsGroupPolicy', 'ReadWriteOnceWithFSType'],
    ['requiresRepublish', false],
    ['seLinuxMount', false],
  ];
  for (const [k, v] of defaults) if (unset(s[k])) s[k] = v;
  if (!Array.isArray(s.volumeLifecycleModes) || s.volumeLifecycleModes.length === 0)
    s.volumeLifecycleModes = ['Persistent'];
}

/** Upstream's `SetDefaults_PriorityClass`: preemptionPolicy PreemptLowerPriority. */
export function defaultPriorityClass(pc: Obj): void {
  if (unset(pc.preemptionPolicy)) pc.preemptionPolicy = 'PreemptLowerPriority';
}

/** Upstream's webhook defaults (failure and match policies, selectors, timeout, rule scope, service port). */
export function webhookDefaults(mutating: boolean) {
  return (c: Obj): void => {
    for (const h of objs(c.webhooks)) {
      if (unset(h.failurePolicy)) h.failurePolicy = 'Fail';
      if (unset(h.matchPolicy)) h.matchPolicy = 'Equivalent';
      if (unset(h.namespaceSelector)) h.namespaceSelector = {};
      if (unset(h.objectSelector)) h.objectSelector = {};
      if (unset(h.timeoutSeconds)) h.timeoutSeconds = 10;
      if (mutating && unset(h.reinvocationPolicy)) h.reinvocationPolicy = 'Never';
      for (const r of objs(h.rules)) if (unset(r.scope)) r.scope = '*';
      if (isObj(h.clientConfig) && isObj(h.clientConfig.service) && unset(h.clientConfig.service.port))
        h.clientConfig.service.port = 443;
    }
  };
}

/** Upstream's CRD defaults: singular and listKind from kind, conversion None, webhook service port 443. */
export function defaultCustomResourceDefinition(crd: Obj): void {
  const s = spec(crd);
  if (!s) return;
  if (isObj(s.names) && typeof s.names.kind === 'string') {
    if (!s.names.singular) s.names.singular = s.names.kind.toLowerCase();
    if (!s.names.listKind && s.names.kind) s.names.listKind = `${s.names.kind}List`;
  }
  if (unset(s.conversion)) s.conversion = { strategy: 'None' };
  const svc =
    isObj(s.conversion) && isObj(s.conversion.webhook) && isObj(s.conversion.webhook.clientConfig)
      ? s.conversion.webhook.clientConfig.service
      : undefined;
  if (isObj(svc) && unset(svc.port)) svc.port = 443;
}
