import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useControlPlane } from '../testing/cluster.js';
import { admissionChain, enabledPlugins } from './plugins.js';
import type { Attributes } from './chain.js';
import { MOUNT_PATH } from './service-account.js';

test('the default plugins run in upstream order; flags add and remove, unknown names are refused', () => {
  const defaults = enabledPlugins();
  assert.deepEqual(defaults, [
    'NamespaceLifecycle',
    'LimitRanger',
    'ServiceAccount',
    'TaintNodesByCondition',
    'PodSecurity',
    'Priority',
    'DefaultTolerationSeconds',
    'DefaultStorageClass',
    'StorageObjectInUseProtection',
    'RuntimeClass',
    'DefaultIngressClass',
    'MutatingAdmissionWebhook',
    'ValidatingAdmissionWebhook',
    'ResourceQuota',
  ]);
  const custom = enabledPlugins(['AlwaysDeny', 'NodeRestriction'], ['Priority', 'ServiceAccount']);
  assert.ok(custom.indexOf('NodeRestriction') < custom.indexOf('TaintNodesByCondition'));
  assert.ok(!custom.includes('ServiceAccount'));
  assert.equal(custom.at(-1), 'AlwaysDeny');
  assert.ok(!custom.includes('Priority'));
  assert.throws(() => enabledPlugins(['Nope']), { message: 'enable-admission-plugins plugin "Nope" is unknown' });
  assert.throws(() => enabledPlugins([], ['Nope']), { message: 'disable-admission-plugins plugin "Nope" is unknown' });
  assert.throws(() => enabledPlugins(['Priority', 'AlwaysDeny'], ['AlwaysDeny', 'Priority']), {
    message: '[AlwaysDeny Priority] in enable-admission-plugins and disable-admission-plugins overlapped',
  });
});

test('AlwaysDeny refuses every write in upstream words', async () => {
  const chain = admissionChain(['AlwaysDeny'], { registry: undefined as never });
  const attrs = {
    operation: 'CREATE',
    info: { group: '', resource: 'configmaps' },
    name: 'x',
  } as unknown as Attributes;
  await assert.rejects(chain.admit(attrs), {
    message: 'configmaps "x" is forbidden: admission control is denying all modifications',
  });
});

const api = useControlPlane({ enableAdmissionPlugins: ['ServiceAccount'] });
const NS = '/api/v1/namespaces/default';
const pod = (name: string, spec: Record<string, unknown> = {}, metadata: Record<string, unknown> = {}) => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, ...metadata },
  spec: { containers: [{ name: 'c', image: 'busybox' }], ...spec },
});
const sa = (name: string, extra: Record<string, unknown> = {}) =>
  api.request('POST', `${NS}/serviceaccounts`, { metadata: { name }, ...extra });

test('ServiceAccount: the default account, the projected kube-api-access volume in every container', async () => {
  assert.equal((await sa('default')).status, 201);
  const res = await api.request(
    'POST',
    `${NS}/pods`,
    pod('web', { initContainers: [{ name: 'init', image: 'busybox' }] }),
  );
  assert.equal(res.status, 201, res.text);
  const spec = res.body.spec;
  assert.equal(spec.serviceAccountName, 'default');
  assert.equal(spec.serviceAccount, 'default');
  const [volume] = spec.volumes;
  assert.match(volume.name, /^kube-api-access-[a-z0-9]{5}$/);
  assert.deepEqual(volume.projected, {
    defaultMode: 420,
    sources: [
      { serviceAccountToken: { expirationSeconds: 3607, path: 'token' } },
      { configMap: { name: 'kube-root-ca.crt', items: [{ key: 'ca.crt', path: 'ca.crt' }] } },
      {
        downwardAPI: {
          items: [{ path: 'namespace', fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.namespace' } }],
        },
      },
    ],
  });
  for (const c of [...spec.initContainers, ...spec.containers]) {
    assert.deepEqual(c.volumeMounts, [{ name: volume.name, readOnly: true, mountPath: MOUNT_PATH }]);
  }
});

test('ServiceAccount: a missing account is Forbidden; automount can be turned off by the pod or the account', async () => {
  const missing = await api.request('POST', `${NS}/pods`, pod('lost', { serviceAccountName: 'ghost' }));
  assert.equal(missing.status, 403);
  assert.equal(
    missing.body.message,
    'pods "lost" is forbidden: error looking up service account default/ghost: serviceaccount "ghost" not found',
  );
  await sa('quiet', { automountServiceAccountToken: false, imagePullSecrets: [{ name: 'regcred' }] });
  const quiet = await api.request('POST', `${NS}/pods`, pod('quiet', { serviceAccountName: 'quiet' }));
  assert.equal(quiet.status, 201, quiet.text);
  assert.equal(quiet.body.spec.volumes, undefined);
  assert.deepEqual(quiet.body.spec.imagePullSecrets, [{ name: 'regcred' }]);
  const own = await api.request('POST', `${NS}/pods`, pod('own', { automountServiceAccountToken: false }));
  assert.equal(own.body.spec.volumes, undefined);
});

test('ServiceAccount: enforce-mountable-secrets limits the secrets a pod may use; mirror pods may use none', async () => {
  await sa('strict', {
    metadata: { name: 'strict', annotations: { 'kubernetes.io/enforce-mountable-secrets': 'true' } },
    secrets: [{ name: 'allowed' }],
  });
  const vol = (secretName: string) => ({ name: 'v', secret: { secretName } });
  const ok = await api.request(
    'POST',
    `${NS}/pods`,
    pod('ok', { serviceAccountName: 'strict', volumes: [vol('allowed')] }),
  );
  assert.equal(ok.status, 201, ok.text);
  const bad = await api.request(
    'POST',
    `${NS}/pods`,
    pod('bad', { serviceAccountName: 'strict', volumes: [vol('other')] }),
  );
  assert.equal(bad.status, 403);
  assert.equal(
    bad.body.message,
    'pods "bad" is forbidden: volume with secret.secretName="other" is not allowed because service account strict does not reference that secret',
  );
  const mirror = await api.request(
    'POST',
    `${NS}/pods`,
    pod(
      'mirror',
      { serviceAccountName: 'default', nodeName: 'n1' },
      { annotations: { 'kubernetes.io/config.mirror': 'x' } },
    ),
  );
  assert.equal(mirror.status, 403, mirror.text);
  assert.equal(mirror.body.message, 'pods "mirror" is forbidden: a mirror pod may not reference service accounts');
});

test('NamespaceLifecycle: default, kube-system and kube-public may not be deleted', async () => {
  const res = await api.request('DELETE', '/api/v1/namespaces/kube-system');
  assert.equal(res.status, 403);
  assert.equal(res.body.message, 'namespaces "kube-system" is forbidden: this namespace may not be deleted');
  assert.equal((await api.request('GET', '/api/v1/namespaces/kube-system')).body.status.phase, 'Active');
});

test('TaintNodesByCondition: a new Node is tainted not-ready', async () => {
  const res = await api.request('POST', '/api/v1/nodes', { metadata: { name: 'n1' } });
  assert.equal(res.status, 201, res.text);
  assert.deepEqual(res.body.spec.taints, [{ key: 'node.kubernetes.io/not-ready', effect: 'NoSchedule' }]);
});

test('DefaultStorageClass and StorageObjectInUseProtection: the default class, the protection finalizers', async () => {
  const sc = (name: string, isDefault: boolean) =>
    api.request('POST', '/apis/storage.k8s.io/v1/storageclasses', {
      metadata: { name, annotations: { 'storageclass.kubernetes.io/is-default-class': String(isDefault) } },
      provisioner: 'example.com/p',
    });
  await sc('slow', false);
  assert.equal((await sc('fast', true)).status, 201);
  await api.request('GET', '/apis/storage.k8s.io/v1/storageclasses');
  const claim = (name: string, spec: Record<string, unknown> = {}) =>
    api.request('POST', `${NS}/persistentvolumeclaims`, {
      metadata: { name },
      spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } }, ...spec },
    });
  const res = await claim('data');
  assert.equal(res.status, 201, res.text);
  assert.equal(res.body.spec.storageClassName, 'fast');
  assert.deepEqual(res.body.metadata.finalizers, ['kubernetes.io/pvc-protection']);
  assert.equal((await claim('none', { storageClassName: '' })).body.spec.storageClassName, '');
  const pv = await api.request('POST', '/api/v1/persistentvolumes', {
    metadata: { name: 'pv1' },
    spec: { capacity: { storage: '1Gi' }, accessModes: ['ReadWriteOnce'], hostPath: { path: '/tmp/pv1' } },
  });
  assert.deepEqual(pv.body.metadata.finalizers, ['kubernetes.io/pv-protection']);
});

test('DefaultIngressClass: an Ingress without a class gets the default one', async () => {
  await api.request('POST', '/apis/networking.k8s.io/v1/ingressclasses', {
    metadata: { name: 'nginx', annotations: { 'ingressclass.kubernetes.io/is-default-class': 'true' } },
    spec: { controller: 'k8s.io/ingress-nginx' },
  });
  await api.request('GET', '/apis/networking.k8s.io/v1/ingressclasses');
  const res = await api.request('POST', '/apis/networking.k8s.io/v1/namespaces/default/ingresses', {
    metadata: { name: 'site' },
    spec: { defaultBackend: { service: { name: 'web', port: { number: 80 } } } },
  });
  assert.equal(res.status, 201, res.text);
  assert.equal(res.body.spec.ingressClassName, 'nginx');
});

test('RuntimeClass: the class must exist; its overhead and scheduling are merged into the pod', async () => {
  const missing = await api.request('POST', `${NS}/pods`, pod('rc-missing', { runtimeClassName: 'gvisor' }));
  assert.equal(missing.status, 403);
  assert.equal(missing.body.message, 'pods "rc-missing" is forbidden: pod rejected: RuntimeClass "gvisor" not found');
  const rc = await api.request('POST', '/apis/node.k8s.io/v1/runtimeclasses', {
    metadata: { name: 'gvisor' },
    handler: 'runsc',
    overhead: { podFixed: { cpu: '250m', memory: '64Mi' } },
    scheduling: {
      nodeSelector: { sandbox: 'true' },
      tolerations: [{ key: 'sandbox', operator: 'Exists', effect: 'NoSchedule' }],
    },
  });
  assert.equal(rc.status, 201, rc.text);
  const res = await api.request('POST', `${NS}/pods`, pod('sandboxed', { runtimeClassName: 'gvisor' }));
  assert.equal(res.status, 201, res.text);
  assert.deepEqual(res.body.spec.overhead, { cpu: '250m', memory: '64Mi' });
  assert.deepEqual(res.body.spec.nodeSelector, { sandbox: 'true' });
  assert.ok(res.body.spec.tolerations.some((t: { key: string }) => t.key === 'sandbox'));
  const conflict = await api.request(
    'POST',
    `${NS}/pods`,
    pod('rc-conflict', { runtimeClassName: 'gvisor', nodeSelector: { sandbox: 'no' } }),
  );
  assert.equal(conflict.status, 403);
  assert.equal(
    conflict.body.message,
    'pods "rc-conflict" is forbidden: conflict: runtimeClass.scheduling.nodeSelector[sandbox] = true; pod.spec.nodeSelector[sandbox] = no',
  );
  const overhead = await api.request('POST', `${NS}/pods`, pod('rc-overhead', { overhead: { cpu: '1' } }));
  assert.equal(overhead.status, 403);
  assert.equal(
    overhead.body.message,
    'pods "rc-overhead" is forbidden: pod rejected: Pod Overhead set without corresponding RuntimeClass defined Overhead',
  );
});
