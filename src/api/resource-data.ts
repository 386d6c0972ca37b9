/**
 * The resources k8ts serves, as upstream Kubernetes 1.32 discovers them, in discovery order: the
 * core group first (resources sorted by name, as `/api/v1` lists them), then the groups in `/apis`
 * order, each group's versions preferred first, each version's resources sorted by name.
 *
 * Sources (kubernetes/kubernetes): `api/discovery/api__v1.json` (commit 7c554ea1) for the core
 * group; `api/discovery/aggregated_v2.json` for the named groups, cross-checked at three
 * snapshots around 1.32 (0209a4cb, 1.31 development; a fork snapshot with resource.k8s.io
 * v1beta1 and admissionregistration v1alpha1 MutatingAdmissionPolicy, the 1.32 additions;
 * 0b1dcaba, 1.33 development): the entries below are identical in all three. Etcd prefixes and
 * storage versions come from `test/integration/etcd/data.go` (`ExpectedEtcdPath`, `ExpectedGVK`).
 *
 * `pods/resize` is absent on purpose: 1.32 registers it only under the InPlacePodVerticalScaling
 * gate, which is alpha and off by default until 1.33.
 *
 * A subresource's `responseKind` is verbatim upstream aggregated discovery: an empty group and
 * version mean "the parent resource's group and version".
 */
import type { GroupVersionKind, ResourceInfo, SubresourceInfo } from './resources.js';

const crud = () => ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'];
const getPatchUpdate = () => ['get', 'patch', 'update'];
const proxyVerbs = () => ['create', 'delete', 'get', 'patch', 'update'];

const kindOf = (kind: string, group = '', version = ''): GroupVersionKind => ({ group, version, kind });

const sub = (subresource: string, responseKind: GroupVersionKind, verbs: string[]): SubresourceInfo => ({
  subresource,
  responseKind,
  verbs,
});
const status = (kind: string) => sub('status', kindOf(kind), getPatchUpdate());
const scale = () => sub('scale', kindOf('Scale', 'autoscaling', 'v1'), getPatchUpdate());

interface Spec {
  resource: string;
  kind: string;
  /** Cluster-scoped when false; namespaced by default. */
  namespaced?: boolean;
  shortNames?: string[];
  categories?: string[];
  verbs?: string[];
  subresources?: SubresourceInfo[];
  /** Defaults to the resource name; `null` = not stored (virtual resources). */
  etcdPrefix?: string | null;
  /** Defaults to the served group/version. */
  storageVersion?: { group: string; version: string };
}

/** One group-version's resources; singular names are upstream's default, the lowercased kind. */
const gv = (group: string, version: string, specs: Spec[]): ResourceInfo[] =>
  specs.map((s) => {
    const info: ResourceInfo = {
      group,
      version,
      resource: s.resource,
      kind: s.kind,
      singularName: s.kind.toLowerCase(),
      namespaced: s.namespaced ?? true,
      shortNames: [...(s.shortNames ?? [])],
      categories: [...(s.categories ?? [])],
      verbs: s.verbs ?? crud(),
      subresources: s.subresources ?? [],
    };
    if (s.etcdPrefix !== null) {
      info.etcdPrefix = s.etcdPrefix ?? s.resource;
      info.storageVersion = s.storageVersion ?? { group, version };
    }
    return info;
  });

/** Virtual resources: POST-only reviews and requests that upstream never writes to etcd. */
const createOnly = (resource: string, kind: string, namespaced = false): Spec => ({
  resource,
  kind,
  namespaced,
  verbs: ['create'],
  etcdPrefix: null,
});

const all = ['all'];
const apiExtensions = ['api-extensions'];
const hpa = (): Spec => ({
  resource: 'horizontalpodautoscalers',
  kind: 'HorizontalPodAutoscaler',
  shortNames: ['hpa'],
  categories: all,
  subresources: [status('HorizontalPodAutoscaler')],
  storageVersion: { group: 'autoscaling', version: 'v2' },
});

export const RESOURCE_DATA: ResourceInfo[] = [
  ...gv('', 'v1', [
    createOnly('bindings', 'Binding', true),
    {
      resource: 'componentstatuses',
      kind: 'ComponentStatus',
      namespaced: false,
      shortNames: ['cs'],
      verbs: ['get', 'list'],
      etcdPrefix: null,
    },
    { resource: 'configmaps', kind: 'ConfigMap', shortNames: ['cm'] },
    { resource: 'endpoints', kind: 'Endpoints', shortNames: ['ep'], etcdPrefix: 'services/endpoints' },
    { resource: 'events', kind: 'Event', shortNames: ['ev'] },
    { resource: 'limitranges', kind: 'LimitRange', shortNames: ['limits'] },
    {
      resource: 'namespaces',
      kind: 'Namespace',
      namespaced: false,
      shortNames: ['ns'],
      verbs: ['create', 'delete', 'get', 'list', 'patch', 'update', 'watch'],
      subresources: [sub('finalize', kindOf('Namespace'), ['update']), status('Namespace')],
    },
    {
      resource: 'nodes',
      kind: 'Node',
      namespaced: false,
      shortNames: ['no'],
      subresources: [sub('proxy', kindOf('NodeProxyOptions'), proxyVerbs()), status('Node')],
      etcdPrefix: 'minions',
    },
    {
      resource: 'persistentvolumeclaims',
      kind: 'PersistentVolumeClaim',
      shortNames: ['pvc'],
      subresources: [status('PersistentVolumeClaim')],
    },
    {
      resource: 'persistentvolumes',
      kind: 'PersistentVolume',
      namespaced: false,
      shortNames: ['pv'],
      subresources: [status('PersistentVolume')],
    },
    {
      resource: 'pods',
      kind: 'Pod',
      shortNames: ['po'],
      categories: all,
      subresources: [
        sub('attach', kindOf('PodAttachOptions'), ['create', 'get']),
        sub('binding', kindOf('Binding'), ['create']),
        sub('ephemeralcontainers', kindOf('Pod'), getPatchUpdate()),
        sub('eviction', kindOf('Eviction', 'policy', 'v1'), ['create']),
        sub('exec', kindOf('PodExecOptions'), ['create', 'get']),
        sub('log', kindOf('Pod'), ['get']),
        sub('portforward', kindOf('PodPortForwardOptions'), ['create', 'get']),
        sub('proxy', kindOf('PodProxyOptions'), proxyVerbs()),
        status('Pod'),
      ],
    },
    { resource: 'podtemplates', kind: 'PodTemplate' },
    {
      resource: 'replicationcontrollers',
      kind: 'ReplicationController',
      shortNames: ['rc'],
      categories: all,
      subresources: [scale(), status('ReplicationController')],
      etcdPrefix: 'controllers',
    },
    {
      resource: 'resourcequotas',
      kind: 'ResourceQuota',
      shortNames: ['quota'],
      subresources: [status('ResourceQuota')],
    },
    { resource: 'secrets', kind: 'Secret' },
    {
      resource: 'serviceaccounts',
      kind: 'ServiceAccount',
      shortNames: ['sa'],
      subresources: [sub('token', kindOf('TokenRequest', 'authentication.k8s.io', 'v1'), ['create'])],
    },
    {
      resource: 'services',
      kind: 'Service',
      shortNames: ['svc'],
      categories: all,
      subresources: [sub('proxy', kindOf('ServiceProxyOptions'), proxyVerbs()), status('Service')],
      etcdPrefix: 'services/specs',
    },
  ]),

  ...gv('apps', 'v1', [
    { resource: 'controllerrevisions', kind: 'ControllerRevision' },
    {
      resource: 'daemonsets',
      kind: 'DaemonSet',
      shortNames: ['ds'],
      categories: all,
      subresources: [status('DaemonSet')],
    },
    {
      resource: 'deployments',
      kind: 'Deployment',
      shortNames: ['deploy'],
      categories: all,
      subresources: [scale(), status('Deployment')],
    },
    {
      resource: 'replicasets',
      kind: 'ReplicaSet',
      shortNames: ['rs'],
      categories: all,
      subresources: [scale(), status('ReplicaSet')],
    },
    {
      resource: 'statefulsets',
      kind: 'StatefulSet',
      shortNames: ['sts'],
      categories: all,
      subresources: [scale(), status('StatefulSet')],
    },
  ]),

  // Shares the core `events` prefix and is stored as a core v1 Event.
  ...gv('events.k8s.io', 'v1', [
    { resource: 'events', kind: 'Event', shortNames: ['ev'], storageVersion: { group: '', version: 'v1' } },
  ]),

  ...gv('authentication.k8s.io', 'v1', [
    createOnly('selfsubjectreviews', 'SelfSubjectReview'),
    createOnly('tokenreviews', 'TokenReview'),
  ]),

  ...gv('authorization.k8s.io', 'v1', [
    createOnly('localsubjectaccessreviews', 'LocalSubjectAccessReview', true),
    createOnly('selfsubjectaccessreviews', 'SelfSubjectAccessReview'),
    createOnly('selfsubjectrulesreviews', 'SelfSubjectRulesReview'),
    createOnly('subjectaccessreviews', 'SubjectAccessReview'),
  ]),

  // Both versions share one prefix; objects are stored as autoscaling/v2.
  ...gv('autoscaling', 'v2', [hpa()]),
  ...gv('autoscaling', 'v1', [hpa()]),

  ...gv('batch', 'v1', [
    {
      resource: 'cronjobs',
      kind: 'CronJob',
      shortNames: ['cj'],
      categories: all,
      subresources: [status('CronJob')],
    },
    { resource: 'jobs', kind: 'Job', categories: all, subresources: [status('Job')] },
  ]),

  ...gv('certificates.k8s.io', 'v1', [
    {
      resource: 'certificatesigningrequests',
      kind: 'CertificateSigningRequest',
      namespaced: false,
      shortNames: ['csr'],
      subresources: [
        sub('approval', kindOf('CertificateSigningRequest'), getPatchUpdate()),
        status('CertificateSigningRequest'),
      ],
    },
  ]),

  ...gv('networking.k8s.io', 'v1', [
    { resource: 'ingressclasses', kind: 'IngressClass', namespaced: false },
    {
      resource: 'ingresses',
      kind: 'Ingress',
      shortNames: ['ing'],
      subresources: [status('Ingress')],
      etcdPrefix: 'ingress',
    },
    { resource: 'networkpolicies', kind: 'NetworkPolicy', shortNames: ['netpol'] },
  ]),

  ...gv('policy', 'v1', [
    {
      resource: 'poddisruptionbudgets',
      kind: 'PodDisruptionBudget',
      shortNames: ['pdb'],
      subresources: [status('PodDisruptionBudget')],
    },
  ]),

  ...gv('rbac.authorization.k8s.io', 'v1', [
    { resource: 'clusterrolebindings', kind: 'ClusterRoleBinding', namespaced: false },
    { resource: 'clusterroles', kind: 'ClusterRole', namespaced: false },
    { resource: 'rolebindings', kind: 'RoleBinding' },
    { resource: 'roles', kind: 'Role' },
  ]),

  ...gv('storage.k8s.io', 'v1', [
    { resource: 'csidrivers', kind: 'CSIDriver', namespaced: false },
    { resource: 'csinodes', kind: 'CSINode', namespaced: false },
    { resource: 'storageclasses', kind: 'StorageClass', namespaced: false, shortNames: ['sc'] },
    {
      resource: 'volumeattachments',
      kind: 'VolumeAttachment',
      namespaced: false,
      subresources: [status('VolumeAttachment')],
    },
  ]),

  ...gv('admissionregistration.k8s.io', 'v1', [
    {
      resource: 'mutatingwebhookconfigurations',
      kind: 'MutatingWebhookConfiguration',
      namespaced: false,
      categories: apiExtensions,
    },
    {
      resource: 'validatingwebhookconfigurations',
      kind: 'ValidatingWebhookConfiguration',
      namespaced: false,
      categories: apiExtensions,
    },
  ]),

  // The apiextensions-apiserver keeps its group in the key and still encodes CRDs as v1beta1.
  ...gv('apiextensions.k8s.io', 'v1', [
    {
      resource: 'customresourcedefinitions',
      kind: 'CustomResourceDefinition',
      namespaced: false,
      shortNames: ['crd', 'crds'],
      categories: apiExtensions,
      subresources: [status('CustomResourceDefinition')],
      etcdPrefix: 'apiextensions.k8s.io/customresourcedefinitions',
      // Upstream keeps v1beta1 here for compatibility; k8ts stores what it serves, v1.
    },
  ]),

  ...gv('scheduling.k8s.io', 'v1', [
    { resource: 'priorityclasses', kind: 'PriorityClass', namespaced: false, shortNames: ['pc'] },
  ]),

  ...gv('coordination.k8s.io', 'v1', [{ resource: 'leases', kind: 'Lease' }]),

  ...gv('node.k8s.io', 'v1', [{ resource: 'runtimeclasses', kind: 'RuntimeClass', namespaced: false }]),

  ...gv('discovery.k8s.io', 'v1', [{ resource: 'endpointslices', kind: 'EndpointSlice' }]),
];
