/**
 * Upstream's controller roles (bootstrappolicy/controller_policy.go `ControllerRoles()`): one
 * `system:controller:<name>` ClusterRole per kube-controller-manager controller that runs with its
 * own service account, as testdata/controller-roles.yaml records them for default feature gates
 * in v1.32.3, the version this apiserver reports (with the `watch` verbs of #130405, backported
 * from 1.33; without 1.33's default-on selinux-warning and service-cidrs controllers).
 */
import type { ClusterRole } from 'kubernetes-types/rbac/v1.js';
import { clusterRole, eventsRule, READ, rule } from './policy-builders.js';

/** The name prefix of controller roles and bindings. */
export const CONTROLLER_ROLE_PREFIX = 'system:controller:';
const APPS_EXT = ['apps', 'extensions'];
const STORAGE = 'storage.k8s.io';
const CERTS = 'certificates.k8s.io';
const RW_NO_COLLECTION = ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete'];
const controller = (name: string, rules: ReturnType<typeof rule>[]) =>
  clusterRole(CONTROLLER_ROLE_PREFIX + name, rules);

/** The controller roles, sorted by name as upstream's testdata lists them. */
export function defaultControllerRoles(): ClusterRole[] {
  return [
    controller('attachdetach-controller', [
      rule(['list', 'watch'], [''], ['persistentvolumes', 'persistentvolumeclaims']),
      rule(READ, [''], ['nodes']),
      rule(['patch', 'update'], [''], ['nodes/status']),
      rule(['list', 'watch'], [''], ['pods']),
      eventsRule(),
      rule(['get', 'create', 'delete', 'list', 'watch'], [STORAGE], ['volumeattachments']),
      rule(READ, [STORAGE], ['csidrivers']),
      rule(READ, [STORAGE], ['csinodes']),
    ]),
    controller('certificate-controller', [
      rule(['get', 'list', 'watch', 'delete'], [CERTS], ['certificatesigningrequests']),
      rule(['update'], [CERTS], ['certificatesigningrequests/status', 'certificatesigningrequests/approval']),
      rule(['approve'], [CERTS], ['signers'], ['kubernetes.io/kube-apiserver-client-kubelet']),
      rule(
        ['sign'],
        [CERTS],
        ['signers'],
        [
          'kubernetes.io/kube-apiserver-client',
          'kubernetes.io/kube-apiserver-client-kubelet',
          'kubernetes.io/kubelet-serving',
          'kubernetes.io/legacy-unknown',
        ],
      ),
      rule(['create'], ['authorization.k8s.io'], ['subjectaccessreviews']),
      eventsRule(),
    ]),
    controller('clusterrole-aggregation-controller', [
      rule(['escalate', 'get', 'list', 'watch', 'update', 'patch'], ['rbac.authorization.k8s.io'], ['clusterroles']),
    ]),
    controller('cronjob-controller', [
      rule(['get', 'list', 'watch', 'update'], ['batch'], ['cronjobs']),
      rule(RW_NO_COLLECTION, ['batch'], ['jobs']),
      rule(['update'], ['batch'], ['cronjobs/status']),
      rule(['update'], ['batch'], ['cronjobs/finalizers']),
      rule(['list', 'watch', 'delete'], [''], ['pods']),
      eventsRule(),
    ]),
    controller('daemon-set-controller', [
      rule(READ, APPS_EXT, ['daemonsets']),
      rule(['update'], APPS_EXT, ['daemonsets/status']),
      rule(['update'], APPS_EXT, ['daemonsets/finalizers']),
      rule(['list', 'watch'], [''], ['nodes']),
      rule(['list', 'watch', 'create', 'delete', 'patch'], [''], ['pods']),
      rule(['create'], [''], ['pods/binding']),
      rule(RW_NO_COLLECTION, ['apps'], ['controllerrevisions']),
      eventsRule(),
    ]),
    controller('deployment-controller', [
      rule(['get', 'list', 'watch', 'update'], APPS_EXT, ['deployments']),
      rule(['update'], APPS_EXT, ['deployments/status']),
      rule(['update'], APPS_EXT, ['deployments/finalizers']),
      rule(RW_NO_COLLECTION, APPS_EXT, ['replicasets']),
      rule(['get', 'list', 'watch', 'update'], [''], ['pods']),
      eventsRule(),
    ]),
    controller('disruption-controller', [
      rule(READ, APPS_EXT, ['deployments']),
      rule(READ, APPS_EXT, ['replicasets']),
      rule(READ, [''], ['replicationcontrollers']),
      rule(READ, ['policy'], ['poddisruptionbudgets']),
      rule(READ, ['apps'], ['statefulsets']),
      rule(['update'], ['policy'], ['poddisruptionbudgets/status']),
      rule(['patch', 'update'], [''], ['pods/status']),
      rule(['get'], ['*'], ['*/scale']),
      eventsRule(),
    ]),
    controller('endpoint-controller', [
      rule(READ, [''], ['services', 'pods']),
      rule(['get', 'list', 'watch', 'create', 'update', 'delete'], [''], ['endpoints']),
      rule(['create'], [''], ['endpoints/restricted']),
      eventsRule(),
    ]),
    controller('endpointslice-controller', [
      rule(READ, [''], ['services', 'pods', 'nodes']),
      rule(['update'], [''], ['services/finalizers']),
      rule(['get', 'list', 'watch', 'create', 'update', 'delete'], ['discovery.k8s.io'], ['endpointslices']),
      eventsRule(),
    ]),
    controller('endpointslicemirroring-controller', [
      rule(READ, [''], ['services', 'endpoints']),
      rule(['update'], [''], ['services/finalizers']),
      rule(['update'], [''], ['endpoints/finalizers']),
      rule(['get', 'list', 'watch', 'create', 'update', 'delete'], ['discovery.k8s.io'], ['endpointslices']),
      eventsRule(),
    ]),
    controller('ephemeral-volume-controller', [
      rule(READ, [''], ['pods']),
      rule(['update'], [''], ['pods/finalizers']),
      rule(['get', 'list', 'watch', 'create'], [''], ['persistentvolumeclaims']),
      eventsRule(),
    ]),
    controller('expand-controller', [
      rule(['get', 'list', 'watch', 'update', 'patch'], [''], ['persistentvolumes']),
      rule(['update', 'patch'], [''], ['persistentvolumeclaims/status']),
      rule(READ, [''], ['persistentvolumeclaims']),
      eventsRule(),
      rule(['get'], [''], ['services']),
    ]),
    controller('generic-garbage-collector', [
      rule(['get', 'list', 'watch', 'patch', 'update', 'delete'], ['*'], ['*']),
      eventsRule(),
    ]),
    controller('horizontal-pod-autoscaler', [
      rule(READ, ['autoscaling'], ['horizontalpodautoscalers']),
      rule(['update'], ['autoscaling'], ['horizontalpodautoscalers/status']),
      rule(['get', 'update'], ['*'], ['*/scale']),
      rule(['list', 'watch'], [''], ['pods']),
      rule(['list', 'watch'], ['metrics.k8s.io'], ['pods']),
      rule(READ, ['custom.metrics.k8s.io'], ['*']),
      rule(READ, ['external.metrics.k8s.io'], ['*']),
      eventsRule(),
    ]),
    controller('job-controller', [
      rule(['get', 'list', 'watch', 'update', 'patch'], ['batch'], ['jobs']),
      rule(['update'], ['batch'], ['jobs/status']),
      rule(['update'], ['batch'], ['jobs/finalizers']),
      rule(['list', 'watch', 'create', 'delete', 'patch'], [''], ['pods']),
      eventsRule(),
    ]),
    controller('legacy-service-account-token-cleaner', [
      rule(['get'], [''], ['configmaps'], ['kube-apiserver-legacy-service-account-token-tracking']),
      rule(['delete', 'patch'], [''], ['secrets']),
    ]),
    controller('namespace-controller', [
      rule(['get', 'list', 'watch', 'delete'], [''], ['namespaces']),
      rule(['update'], [''], ['namespaces/finalize', 'namespaces/status']),
      rule(['get', 'list', 'watch', 'delete', 'deletecollection'], ['*'], ['*']),
    ]),
    controller('node-controller', [
      rule(['get', 'list', 'watch', 'update', 'delete', 'patch'], [''], ['nodes']),
      rule(['patch', 'update'], [''], ['nodes/status']),
      rule(['patch', 'update'], [''], ['pods/status']),
      rule(['list', 'watch', 'get', 'delete'], [''], ['pods']),
      eventsRule(),
    ]),
    controller('persistent-volume-binder', [
      rule(['get', 'list', 'watch', 'update', 'create', 'delete'], [''], ['persistentvolumes']),
      rule(['update'], [''], ['persistentvolumes/status']),
      rule(['get', 'list', 'watch', 'update'], [''], ['persistentvolumeclaims']),
      rule(['update'], [''], ['persistentvolumeclaims/status']),
      rule(['get', 'list', 'watch', 'create', 'delete'], [''], ['pods']),
      rule(READ, [STORAGE], ['storageclasses']),
      rule(['list', 'watch'], [''], ['nodes']),
      eventsRule(),
      rule(['watch'], [''], ['events']),
      rule(['get'], [''], ['services']),
    ]),
    controller('pod-garbage-collector', [
      rule(['list', 'watch', 'delete'], [''], ['pods']),
      rule(READ, [''], ['nodes']),
      rule(['patch'], [''], ['pods/status']),
    ]),
    controller('pv-protection-controller', [
      rule(['get', 'list', 'watch', 'update'], [''], ['persistentvolumes']),
      eventsRule(),
    ]),
    controller('pvc-protection-controller', [
      rule(['get', 'list', 'watch', 'update'], [''], ['persistentvolumeclaims']),
      rule(READ, [''], ['pods']),
      eventsRule(),
    ]),
    controller('replicaset-controller', [
      rule(['get', 'list', 'watch', 'update'], APPS_EXT, ['replicasets']),
      rule(['update'], APPS_EXT, ['replicasets/status']),
      rule(['update'], APPS_EXT, ['replicasets/finalizers']),
      rule(['list', 'watch', 'patch', 'create', 'delete'], [''], ['pods']),
      eventsRule(),
    ]),
    controller('replication-controller', [
      rule(['get', 'list', 'watch', 'update'], [''], ['replicationcontrollers']),
      rule(['update'], [''], ['replicationcontrollers/status']),
      rule(['update'], [''], ['replicationcontrollers/finalizers']),
      rule(['list', 'watch', 'patch', 'create', 'delete'], [''], ['pods']),
      eventsRule(),
    ]),
    controller('resourcequota-controller', [
      rule(['list', 'watch'], ['*'], ['*']),
      rule(['update'], [''], ['resourcequotas/status']),
      eventsRule(),
    ]),
    controller('root-ca-cert-publisher', [rule(['create', 'update'], [''], ['configmaps']), eventsRule()]),
    controller('route-controller', [
      rule(['list', 'watch'], [''], ['nodes']),
      rule(['patch'], [''], ['nodes/status']),
      eventsRule(),
    ]),
    controller('service-account-controller', [rule(['create'], [''], ['serviceaccounts']), eventsRule()]),
    controller('service-controller', [
      rule(READ, [''], ['services']),
      rule(['patch', 'update'], [''], ['services/status']),
      rule(['list', 'watch'], [''], ['nodes']),
      eventsRule(),
    ]),
    controller('statefulset-controller', [
      rule(['list', 'watch'], [''], ['pods']),
      rule(READ, ['apps'], ['statefulsets']),
      rule(['update'], ['apps'], ['statefulsets/status']),
      rule(['update'], ['apps'], ['statefulsets/finalizers']),
      rule(['get', 'create', 'delete', 'update', 'patch'], [''], ['pods']),
      rule(RW_NO_COLLECTION, ['apps'], ['controllerrevisions']),
      rule(['get', 'list', 'watch', 'create'], [''], ['persistentvolumeclaims']),
      eventsRule(),
      rule(['update', 'delete'], [''], ['persistentvolumeclaims']),
      rule(['update'], [''], ['pods/finalizers']),
    ]),
    controller('ttl-after-finished-controller', [
      rule(['get', 'list', 'watch', 'delete'], ['batch'], ['jobs']),
      eventsRule(),
    ]),
    controller('ttl-controller', [rule(['update', 'patch', 'list', 'watch'], [''], ['nodes']), eventsRule()]),
    controller('validatingadmissionpolicy-status-controller', [
      rule(READ, ['admissionregistration.k8s.io'], ['validatingadmissionpolicies']),
      rule(['get', 'patch', 'update'], ['admissionregistration.k8s.io'], ['validatingadmissionpolicies/status']),
      eventsRule(),
    ]),
  ];
}
