/**
 * Upstream's ServiceAccount admission plugin, for pods on create: the pod runs as `default` unless
 * it names an account; the account must exist; unless the pod or the account opts out, every
 * container mounts the projected `kube-api-access-*` volume (a bound token, the cluster CA from the
 * `kube-root-ca.crt` ConfigMap and the namespace) at /var/run/secrets/kubernetes.io/serviceaccount;
 * the account's imagePullSecrets are copied to a pod that has none; and an account annotated
 * `kubernetes.io/enforce-mountable-secrets: "true"` limits the secrets the pod may use. Mirror pods
 * (static pods' API copies) may reference neither accounts nor secrets.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { errors } from '../../machinery/errors.js';
import type { KObject } from '../cacher/types.js';
import type { Registry } from '../registry/registry.js';
import { generateName } from '../registry/store.js';
import { isPod, type AdmissionPlugin, type Attributes } from './chain.js';

export const MOUNT_PATH = '/var/run/secrets/kubernetes.io/serviceaccount';
const MIRROR = 'kubernetes.io/config.mirror';
const ENFORCE = 'kubernetes.io/enforce-mountable-secrets';
/** Upstream's WarnOnlyBoundTokenExpirationSeconds: an hour and seven seconds. */
const EXPIRATION_SECONDS = 3607;

/** The projected volume upstream's `TokenVolumeSource` describes. */
export const tokenVolume = (name: string): KObject => ({
  name,
  projected: {
    defaultMode: 420,
    sources: [
      { serviceAccountToken: { expirationSeconds: EXPIRATION_SECONDS, path: 'token' } },
      { configMap: { name: 'kube-root-ca.crt', items: [{ key: 'ca.crt', path: 'ca.crt' }] } },
      {
        downwardAPI: {
          items: [{ path: 'namespace', fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.namespace' } }],
        },
      },
    ],
  },
});

const forbidden = (a: Attributes, why: string) =>
  errors.forbidden({ group: '', name: 'pods' }, a.object?.metadata?.name ?? a.name, why);

export function serviceAccountAdmission(registry: Registry): AdmissionPlugin {
  const accounts = registry.store('', 'serviceaccounts')!;

  /** The account from the cache, else from etcd — for `default` ten times, as its controller may be about to make it. */
  async function account(ns: string, name: string): Promise<KObject | undefined> {
    const cached = accounts.cacher.get(accounts.key(ns, name))?.obj;
    if (cached) return cached;
    const attempts = name === 'default' ? 10 : 1;
    for (let i = 0; i < attempts; i++) {
      if (i) await sleep(100 + Math.floor(Math.random() * 100));
      const found = await accounts.get(ns, name).catch(() => undefined);
      if (found) return found;
    }
    return undefined;
  }

  async function lookup(a: Attributes, name: string): Promise<KObject> {
    const sa = await account(a.namespace, name);
    if (!sa) {
      throw forbidden(a, `error looking up service account ${a.namespace}/${name}: serviceaccount "${name}" not found`);
    }
    return sa;
  }

  const ignored = (a: Attributes) => !isPod(a) || a.subresource !== '' || a.operation !== 'CREATE' || !a.object;

  async function validate(a: Attributes): Promise<void> {
    if (ignored(a)) return;
    const pod = a.object!;
    if (pod.metadata?.annotations?.[MIRROR] !== undefined) return validateMirror(a, pod);
    const sa = await lookup(a, pod.spec.serviceAccountName);
    if (String(sa.metadata?.annotations?.[ENFORCE]).toLowerCase() === 'true') limitSecretReferences(a, sa, pod);
  }

  return {
    name: 'ServiceAccount',
    async admit(a) {
      if (ignored(a)) return;
      const pod = a.object!;
      // Upstream's mutating step validates a mirror pod at once, and changes nothing in it.
      if (pod.metadata?.annotations?.[MIRROR] !== undefined) return validateMirror(a, pod);
      const spec = (pod.spec ??= {});
      spec.serviceAccountName ||= 'default';
      spec.serviceAccount = spec.serviceAccountName;
      const sa = await lookup(a, spec.serviceAccountName);
      if (spec.automountServiceAccountToken ?? sa.automountServiceAccountToken ?? true) mountToken(spec);
      if (!spec.imagePullSecrets?.length && sa.imagePullSecrets?.length) {
        spec.imagePullSecrets = sa.imagePullSecrets.map((s: KObject) => ({ name: s.name }));
      }
    },
    validate,
  };
}

/** Mounts the token volume in every container not already using the path; adds it when one does. */
function mountToken(spec: KObject): void {
  const volumes: KObject[] = (spec.volumes ??= []);
  const existing = volumes.find((v) => typeof v.name === 'string' && v.name.startsWith('kube-api-access-'));
  const name: string = existing?.name ?? generateName('kube-api-access-');
  let needed = false;
  for (const c of [...(spec.initContainers ?? []), ...(spec.containers ?? [])] as KObject[]) {
    const mounts: KObject[] = (c.volumeMounts ??= []);
    if (mounts.some((m) => m.mountPath === MOUNT_PATH)) continue;
    mounts.push({ name, readOnly: true, mountPath: MOUNT_PATH });
    needed = true;
  }
  if (needed && !existing) volumes.push(tokenVolume(name));
  if (!volumes.length) delete spec.volumes;
}

function validateMirror(a: Attributes, pod: KObject): void {
  const spec = pod.spec ?? {};
  if (spec.serviceAccountName) throw forbidden(a, 'a mirror pod may not reference service accounts');
  if (secretNames(spec).length) throw forbidden(a, 'a mirror pod may not reference secrets');
  for (const v of spec.volumes ?? []) {
    if (v.projected?.sources?.some((s: KObject) => s.serviceAccountToken)) {
      throw forbidden(a, 'a mirror pod may not use ServiceAccountToken volume projections');
    }
  }
}

/** Every secret a pod spec names (upstream's VisitPodSecretNames, the common cases). */
function secretNames(spec: KObject): string[] {
  const names: string[] = (spec.imagePullSecrets ?? []).map((s: KObject) => s.name);
  for (const c of [...(spec.initContainers ?? []), ...(spec.containers ?? []), ...(spec.ephemeralContainers ?? [])]) {
    for (const e of c.envFrom ?? []) if (e.secretRef?.name) names.push(e.secretRef.name);
    for (const e of c.env ?? []) if (e.valueFrom?.secretKeyRef?.name) names.push(e.valueFrom.secretKeyRef.name);
  }
  for (const v of spec.volumes ?? []) {
    if (v.secret?.secretName) names.push(v.secret.secretName);
    for (const s of v.projected?.sources ?? []) if (s.secret?.name) names.push(s.secret.name);
  }
  return names;
}

/** The account's `secrets` and `imagePullSecrets` bound what the pod may reference. */
function limitSecretReferences(a: Attributes, sa: KObject, pod: KObject): void {
  const spec = pod.spec;
  const saName = sa.metadata.name;
  const mountable = new Set((sa.secrets ?? []).map((s: KObject) => s.name));
  for (const v of spec.volumes ?? []) {
    if (v.secret && !mountable.has(v.secret.secretName)) {
      throw forbidden(
        a,
        `volume with secret.secretName="${v.secret.secretName}" is not allowed because service account ${saName} does not reference that secret`,
      );
    }
  }
  for (const [list, what] of [
    [spec.initContainers, 'init container'],
    [spec.containers, 'container'],
  ] as const) {
    for (const c of list ?? []) {
      for (const e of c.env ?? []) {
        const ref = e.valueFrom?.secretKeyRef?.name;
        if (ref !== undefined && !mountable.has(ref)) {
          throw forbidden(
            a,
            `${what} ${c.name} with envVar ${e.name} referencing secret.secretName="${ref}" is not allowed because service account ${saName} does not reference that secret`,
          );
        }
      }
    }
  }
  const pull = new Set((sa.imagePullSecrets ?? []).map((s: KObject) => s.name));
  (spec.imagePullSecrets ?? []).forEach((s: KObject, i: number) => {
    if (!pull.has(s.name)) {
      throw forbidden(
        a,
        `imagePullSecrets[${i}].name="${s.name}" is not allowed because service account ${saName} does not reference that imagePullSecret`,
      );
    }
  });
}
