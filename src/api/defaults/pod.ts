/**
 * Defaults for pods and everything that embeds a PodSpec, as upstream's `SetDefaults_Pod`,
 * `SetDefaults_PodSpec`, `SetDefaults_Container`, `SetDefaults_Probe`, `SetDefaults_Volume` and the
 * generated defaulters apply them when a body is decoded. Fields of the wrong type are left for
 * validation to report.
 */
import { parseQuantity, Quantity } from '../../machinery/quantity.js';
import { type Obj, isObj } from '../validation/util.js';

const each = (v: unknown, fn: (o: Obj) => void) => {
  if (Array.isArray(v)) for (const item of v) if (isObj(item)) fn(item);
};
const setIfUnset = (o: Obj, key: string, value: unknown) => {
  if (o[key] === undefined || o[key] === null || o[key] === '') o[key] = value;
};

/**
 * Upstream's `SetDefaults_ResourceList`: each quantity rounded up to milli precision, and (as the
 * decode/encode round trip does) printed in canonical form. Unparseable values are left alone.
 */
export function defaultResourceList(list: unknown): void {
  if (!isObj(list)) return;
  for (const [k, v] of Object.entries(list)) {
    if (typeof v !== 'string' && typeof v !== 'number') continue;
    let q: Quantity;
    try {
      q = parseQuantity(String(v));
    } catch {
      continue;
    }
    if (q.scale < -3) q = Quantity.of(q.scaledValue(-3), -3, q.format);
    list[k] = q.toString();
  }
}

/** A container's `resources` lists. */
function defaultResources(r: unknown): void {
  if (!isObj(r)) return;
  defaultResourceList(r.limits);
  defaultResourceList(r.requests);
}

const NAME = '[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*';
const DOMAIN =
  '(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?(?:\\.[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)*(?::[0-9]+)?|\\[[0-9a-fA-F:]+\\](?::[0-9]+)?)';
const REFERENCE = new RegExp(
  `^(?:${DOMAIN}/)?${NAME}(?:/${NAME})*(?::([\\w][\\w.-]{0,127}))?(?:@([A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}))?$`,
);

/**
 * The tag upstream's `parsers.ParseImageName` finds in an image reference: the tag as written,
 * `latest` when there is neither tag nor digest, '' when there is only a digest or the reference
 * does not parse.
 */
export function imageTag(image: string): string {
  const m = REFERENCE.exec(image);
  if (!m) return '';
  if (m[1]) return m[1];
  return m[2] ? '' : 'latest';
}

/** Upstream's `SetDefaults_Container` plus the generated defaults of its fields. */
export function defaultContainer(c: Obj): void {
  if (!c.imagePullPolicy) {
    c.imagePullPolicy = imageTag(typeof c.image === 'string' ? c.image : '') === 'latest' ? 'Always' : 'IfNotPresent';
  }
  setIfUnset(c, 'terminationMessagePath', '/dev/termination-log');
  setIfUnset(c, 'terminationMessagePolicy', 'File');
  each(c.ports, (p) => setIfUnset(p, 'protocol', 'TCP'));
  each(c.env, (e) => {
    if (isObj(e.valueFrom) && isObj(e.valueFrom.fieldRef)) setIfUnset(e.valueFrom.fieldRef, 'apiVersion', 'v1');
  });
  defaultResources(c.resources);
  for (const probe of ['livenessProbe', 'readinessProbe', 'startupProbe']) {
    const p = c[probe];
    if (!isObj(p)) continue;
    for (const [k, v] of [
      ['timeoutSeconds', 1],
      ['periodSeconds', 10],
      ['successThreshold', 1],
      ['failureThreshold', 3],
    ] as const) {
      if (p[k] === undefined || p[k] === null || p[k] === 0) p[k] = v;
    }
    defaultHandler(p);
  }
  if (isObj(c.lifecycle)) {
    if (isObj(c.lifecycle.postStart)) defaultHandler(c.lifecycle.postStart);
    if (isObj(c.lifecycle.preStop)) defaultHandler(c.lifecycle.preStop);
  }
}

/** Upstream's `SetDefaults_HTTPGetAction` and the gRPC service default. */
function defaultHandler(h: Obj): void {
  if (isObj(h.httpGet)) {
    setIfUnset(h.httpGet, 'path', '/');
    setIfUnset(h.httpGet, 'scheme', 'HTTP');
  }
  if (isObj(h.grpc) && (h.grpc.service === undefined || h.grpc.service === null)) h.grpc.service = '';
}

const fieldRefs = (items: unknown) =>
  each(items, (item) => {
    if (isObj(item.fieldRef)) setIfUnset(item.fieldRef, 'apiVersion', 'v1');
  });

/** The volume source keys (any one of them set means the volume has a source). */
const SOURCE_KEYS = [
  'hostPath',
  'emptyDir',
  'gcePersistentDisk',
  'awsElasticBlockStore',
  'gitRepo',
  'secret',
  'nfs',
  'iscsi',
  'glusterfs',
  'persistentVolumeClaim',
  'rbd',
  'flexVolume',
  'cinder',
  'cephfs',
  'flocker',
  'downwardAPI',
  'fc',
  'azureFile',
  'configMap',
  'vsphereVolume',
  'quobyte',
  'azureDisk',
  'photonPersistentDisk',
  'projected',
  'portworxVolume',
  'scaleIO',
  'storageos',
  'csi',
  'ephemeral',
  'image',
];

/** Upstream's `SetDefaults_Volume` and the generated defaults of each source. */
export function defaultVolume(v: Obj): void {
  if (!SOURCE_KEYS.some((k) => v[k] !== undefined && v[k] !== null)) v.emptyDir = {};
  if (isObj(v.hostPath) && (v.hostPath.type === undefined || v.hostPath.type === null)) v.hostPath.type = '';
  for (const k of ['secret', 'configMap', 'downwardAPI', 'projected']) {
    if (isObj(v[k]) && (v[k].defaultMode === undefined || v[k].defaultMode === null)) v[k].defaultMode = 420;
  }
  if (isObj(v.downwardAPI)) fieldRefs(v.downwardAPI.items);
  if (isObj(v.projected)) {
    each(v.projected.sources, (s) => {
      if (isObj(s.downwardAPI)) fieldRefs(s.downwardAPI.items);
      if (isObj(s.serviceAccountToken)) setIfUnset(s.serviceAccountToken, 'expirationSeconds', 3600);
    });
  }
  if (isObj(v.iscsi)) setIfUnset(v.iscsi, 'iscsiInterface', 'default');
  if (isObj(v.rbd)) {
    setIfUnset(v.rbd, 'pool', 'rbd');
    setIfUnset(v.rbd, 'user', 'admin');
    setIfUnset(v.rbd, 'keyring', '/etc/ceph/keyring');
  }
  if (isObj(v.azureDisk)) {
    setIfUnset(v.azureDisk, 'cachingMode', 'ReadWrite');
    setIfUnset(v.azureDisk, 'fsType', 'ext4');
    if (v.azureDisk.readOnly === undefined) v.azureDisk.readOnly = false;
    setIfUnset(v.azureDisk, 'kind', 'Shared');
  }
  if (isObj(v.scaleIO)) {
    setIfUnset(v.scaleIO, 'storageMode', 'ThinProvisioned');
    setIfUnset(v.scaleIO, 'fsType', 'xfs');
  }
  if (isObj(v.ephemeral) && isObj(v.ephemeral.volumeClaimTemplate) && isObj(v.ephemeral.volumeClaimTemplate.spec)) {
    defaultPersistentVolumeClaimSpec(v.ephemeral.volumeClaimTemplate.spec);
  }
}

/** Upstream's `SetDefaults_PersistentVolumeClaimSpec` (volumeMode Filesystem) and resource rounding. */
export function defaultPersistentVolumeClaimSpec(spec: Obj): void {
  if (spec.volumeMode === undefined || spec.volumeMode === null) spec.volumeMode = 'Filesystem';
  defaultResources(spec.resources);
}

/** Upstream's `SetDefaults_PodSpec` and the generated defaults of its volumes and containers. */
export function defaultPodSpec(spec: Obj): void {
  setIfUnset(spec, 'dnsPolicy', 'ClusterFirst');
  setIfUnset(spec, 'restartPolicy', 'Always');
  if (spec.securityContext === undefined || spec.securityContext === null) spec.securityContext = {};
  if (spec.terminationGracePeriodSeconds === undefined || spec.terminationGracePeriodSeconds === null) {
    spec.terminationGracePeriodSeconds = 30;
  }
  setIfUnset(spec, 'schedulerName', 'default-scheduler');
  each(spec.volumes, defaultVolume);
  each(spec.initContainers, defaultContainer);
  each(spec.containers, defaultContainer);
  each(spec.ephemeralContainers, defaultContainer);
  defaultResourceList(spec.overhead);
}

/** A PodTemplateSpec (workloads): the spec's defaults only; pods add their own on creation. */
export function defaultPodTemplateSpec(t: unknown): void {
  if (isObj(t) && isObj(t.spec)) defaultPodSpec(t.spec);
}

/** Upstream's `SetDefaults_Pod`: requests from limits, enableServiceLinks, host network ports; then the spec's. */
export function defaultPod(pod: Obj): void {
  const spec = pod.spec;
  if (!isObj(spec)) return;
  for (const key of ['containers', 'initContainers']) {
    each(spec[key], (c) => {
      if (!isObj(c.resources) || !isObj(c.resources.limits)) return;
      defaultResources(c.resources);
      if (c.resources.requests === undefined || c.resources.requests === null) c.resources.requests = {};
      if (!isObj(c.resources.requests)) return;
      for (const [k, v] of Object.entries(c.resources.limits)) {
        if (!(k in c.resources.requests)) c.resources.requests[k] = v;
      }
    });
  }
  if (spec.enableServiceLinks === undefined || spec.enableServiceLinks === null) spec.enableServiceLinks = true;
  if (spec.hostNetwork === true) {
    for (const key of ['containers', 'initContainers']) {
      each(spec[key], (c) =>
        each(c.ports, (p) => {
          if (!p.hostPort) p.hostPort = p.containerPort;
        }),
      );
    }
  }
  defaultPodSpec(spec);
}
