/**
 * Defaults of the core/v1 kinds other than pods and services, as upstream's `SetDefaults_*` in
 * `pkg/apis/core/v1/defaults.go` (and the decode conversion that folds a Secret's stringData into
 * data) apply them.
 */
import { type Obj, isObj } from '../validation/util.js';
import { defaultPersistentVolumeClaimSpec, defaultPodTemplateSpec, defaultResourceList } from './pod.js';

const ensureObj = (o: Obj, key: string): Obj | undefined => {
  if (o[key] === undefined || o[key] === null) o[key] = {};
  return isObj(o[key]) ? o[key] : undefined;
};

/** Upstream's `SetDefaults_Secret` (type Opaque) and the stringData fold of its decoding. */
export function defaultSecret(s: Obj): void {
  if (!s.type) s.type = 'Opaque';
  if (isObj(s.stringData)) {
    const data = ensureObj(s, 'data');
    if (data) {
      for (const [k, v] of Object.entries(s.stringData)) {
        if (typeof v === 'string') data[k] = Buffer.from(v, 'utf8').toString('base64');
      }
      delete s.stringData;
    }
  }
}

/** Upstream's `SetDefaults_ConfigMap`: data present. */
export function defaultConfigMap(cm: Obj): void {
  if (cm.data === undefined || cm.data === null) cm.data = {};
}

/** Upstream's `SetDefaults_Namespace` (the `kubernetes.io/metadata.name` label) and status phase. */
export function defaultNamespace(ns: Obj): void {
  const meta = isObj(ns.metadata) ? ns.metadata : undefined;
  if (meta && typeof meta.name === 'string' && meta.name) {
    const labels = ensureObj(meta, 'labels');
    if (labels) labels['kubernetes.io/metadata.name'] = meta.name;
  }
  const status = ensureObj(ns, 'status');
  if (status && !status.phase) status.phase = 'Active';
}

/** Upstream's `SetDefaults_ReplicationController`: selector and labels from the template, replicas 1. */
export function defaultReplicationController(rc: Obj): void {
  const spec = ensureObj(rc, 'spec');
  if (!spec) return;
  const template = isObj(spec.template) ? spec.template : undefined;
  const labels =
    template && isObj(template.metadata) && isObj(template.metadata.labels) ? template.metadata.labels : undefined;
  if (labels) {
    if (!isObj(spec.selector) || Object.keys(spec.selector).length === 0) spec.selector = { ...labels };
    const meta = ensureObj(rc, 'metadata');
    if (meta && (!isObj(meta.labels) || Object.keys(meta.labels).length === 0)) meta.labels = { ...labels };
  }
  if (spec.replicas === undefined || spec.replicas === null) spec.replicas = 1;
  defaultPodTemplateSpec(template);
}

/** Upstream's `SetDefaults_PersistentVolume`: status Pending, reclaim Retain, volumeMode Filesystem. */
export function defaultPersistentVolume(pv: Obj): void {
  const spec = ensureObj(pv, 'spec');
  if (spec) {
    if (!spec.persistentVolumeReclaimPolicy) spec.persistentVolumeReclaimPolicy = 'Retain';
    if (spec.volumeMode === undefined || spec.volumeMode === null) spec.volumeMode = 'Filesystem';
    defaultResourceList(spec.capacity);
    if (isObj(spec.hostPath) && (spec.hostPath.type === undefined || spec.hostPath.type === null))
      spec.hostPath.type = '';
  }
  const status = ensureObj(pv, 'status');
  if (status && !status.phase) status.phase = 'Pending';
}

/** Upstream's `SetDefaults_PersistentVolumeClaim` and its spec's. */
export function defaultPersistentVolumeClaim(pvc: Obj): void {
  const spec = ensureObj(pvc, 'spec');
  if (spec) defaultPersistentVolumeClaimSpec(spec);
  const status = ensureObj(pvc, 'status');
  if (status && !status.phase) status.phase = 'Pending';
}

/** Upstream's `SetDefaults_Endpoints`: port protocols TCP. */
export function defaultEndpoints(ep: Obj): void {
  if (!Array.isArray(ep.subsets)) return;
  for (const ss of ep.subsets) {
    if (!isObj(ss) || !Array.isArray(ss.ports)) continue;
    for (const p of ss.ports) if (isObj(p) && !p.protocol) p.protocol = 'TCP';
  }
}

/** Upstream's `SetDefaults_LimitRangeItem`: container defaults from max, requests from defaults or min. */
export function defaultLimitRange(lr: Obj): void {
  const spec = isObj(lr.spec) ? lr.spec : undefined;
  if (!spec || !Array.isArray(spec.limits)) return;
  for (const item of spec.limits) {
    if (!isObj(item)) continue;
    for (const f of ['max', 'min', 'default', 'defaultRequest', 'maxLimitRequestRatio']) defaultResourceList(item[f]);
    if (item.type !== 'Container') continue;
    const def = ensureObj(item, 'default');
    const defReq = ensureObj(item, 'defaultRequest');
    if (!def || !defReq) continue;
    for (const [k, v] of Object.entries(isObj(item.max) ? item.max : {})) if (!(k in def)) def[k] = v;
    for (const [k, v] of Object.entries(def)) if (!(k in defReq)) defReq[k] = v;
    for (const [k, v] of Object.entries(isObj(item.min) ? item.min : {})) if (!(k in defReq)) defReq[k] = v;
  }
}

/** ResourceQuota amounts, rounded as every ResourceList is. */
export function defaultResourceQuota(rq: Obj): void {
  if (isObj(rq.spec)) defaultResourceList(rq.spec.hard);
  if (isObj(rq.status)) {
    defaultResourceList(rq.status.hard);
    defaultResourceList(rq.status.used);
  }
}

/**
 * Upstream's `SetDefaults_NodeStatus` (allocatable from capacity), and the round trip through the
 * internal NodeSpec, which keeps only `podCIDRs`: a lone or disagreeing `podCIDR` becomes the list,
 * and `podCIDR` is served as the list's first entry.
 */
export function defaultNode(node: Obj): void {
  const spec = isObj(node.spec) ? node.spec : undefined;
  if (spec && typeof spec.podCIDR === 'string' && spec.podCIDR) {
    const cidrs = spec.podCIDRs;
    if (!Array.isArray(cidrs) || !cidrs.length || cidrs[0] !== spec.podCIDR) spec.podCIDRs = [spec.podCIDR];
  } else if (spec && Array.isArray(spec.podCIDRs) && typeof spec.podCIDRs[0] === 'string') {
    spec.podCIDR = spec.podCIDRs[0];
  }
  const status = isObj(node.status) ? node.status : undefined;
  if (!status) return;
  defaultResourceList(status.capacity);
  defaultResourceList(status.allocatable);
  if ((status.allocatable === undefined || status.allocatable === null) && isObj(status.capacity)) {
    status.allocatable = { ...status.capacity };
  }
}

/** PodTemplates: the template's pod spec defaults. */
export function defaultPodTemplate(pt: Obj): void {
  defaultPodTemplateSpec(pt.template);
}
