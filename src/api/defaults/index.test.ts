import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { applyDefaults, jobGenerateSelector, normalizeClusterIPs } from './index.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Any = any;
const apply = (group: string, resource: string, obj: Any): Any => {
  applyDefaults(group, resource, obj);
  return obj;
};

describe('core defaults', () => {
  it('defaults a ClusterIP service', () => {
    const svc = apply('', 'services', {
      metadata: { name: 's' },
      spec: { ports: [{ port: 80 }], selector: { app: 'a' } },
    });
    assert.deepEqual(svc.spec, {
      ports: [{ port: 80, protocol: 'TCP', targetPort: 80 }],
      selector: { app: 'a' },
      sessionAffinity: 'None',
      type: 'ClusterIP',
      internalTrafficPolicy: 'Cluster',
      ipFamilyPolicy: 'SingleStack',
      ipFamilies: ['IPv4'],
    });
  });

  it('defaults NodePort and LoadBalancer traffic fields, ClientIP affinity, and ExternalName without families', () => {
    const lb = apply('', 'services', {
      spec: { type: 'LoadBalancer', ports: [{ port: 443, targetPort: 'https' }], sessionAffinity: 'ClientIP' },
    });
    assert.equal(lb.spec.externalTrafficPolicy, 'Cluster');
    assert.equal(lb.spec.allocateLoadBalancerNodePorts, true);
    assert.equal(lb.spec.ports[0].targetPort, 'https');
    assert.deepEqual(lb.spec.sessionAffinityConfig, { clientIP: { timeoutSeconds: 10800 } });
    const ext = apply('', 'services', { spec: { type: 'ExternalName', externalName: 'example.com' } });
    assert.equal(ext.spec.ipFamilies, undefined);
    assert.equal(ext.spec.internalTrafficPolicy, undefined);
  });

  it('keeps clusterIP and clusterIPs in step', () => {
    const svc = apply('', 'services', { spec: { clusterIP: 'fd00::10', ports: [{ port: 80 }] } });
    assert.deepEqual(svc.spec.clusterIPs, ['fd00::10']);
    assert.deepEqual(svc.spec.ipFamilies, ['IPv6']);
    const old = { spec: { clusterIP: '10.96.0.1', clusterIPs: ['10.96.0.1'] } };
    const upd: Any = { spec: { clusterIP: '10.96.0.1' } };
    normalizeClusterIPs(upd, old);
    assert.deepEqual(upd.spec.clusterIPs, ['10.96.0.1']);
  });

  it('defaults secrets, folding stringData into data', () => {
    const s = apply('', 'secrets', { metadata: { name: 's' }, stringData: { user: 'admin' }, data: { a: 'Yg==' } });
    assert.equal(s.type, 'Opaque');
    assert.deepEqual(s.data, { a: 'Yg==', user: 'YWRtaW4=' });
    assert.equal(s.stringData, undefined);
  });

  it('labels namespaces with their name and makes them Active', () => {
    const ns = apply('', 'namespaces', { metadata: { name: 'team-a' } });
    assert.deepEqual(ns.metadata.labels, { 'kubernetes.io/metadata.name': 'team-a' });
    assert.equal(ns.status.phase, 'Active');
  });

  it('defaults replication controllers, volumes, claims, endpoints and limit ranges', () => {
    const rc = apply('', 'replicationcontrollers', {
      metadata: { name: 'r' },
      spec: { template: { metadata: { labels: { app: 'a' } }, spec: { containers: [] } } },
    });
    assert.deepEqual(rc.spec.selector, { app: 'a' });
    assert.deepEqual(rc.metadata.labels, { app: 'a' });
    assert.equal(rc.spec.replicas, 1);
    const pv = apply('', 'persistentvolumes', { spec: { capacity: { storage: '1Gi' } } });
    assert.equal(pv.spec.persistentVolumeReclaimPolicy, 'Retain');
    assert.equal(pv.spec.volumeMode, 'Filesystem');
    assert.equal(pv.status.phase, 'Pending');
    const pvc = apply('', 'persistentvolumeclaims', { spec: {} });
    assert.equal(pvc.spec.volumeMode, 'Filesystem');
    assert.equal(pvc.status.phase, 'Pending');
    const ep = apply('', 'endpoints', { subsets: [{ ports: [{ port: 80 }] }] });
    assert.equal(ep.subsets[0].ports[0].protocol, 'TCP');
    const lr = apply('', 'limitranges', {
      spec: { limits: [{ type: 'Container', max: { cpu: '2' }, min: { memory: '64Mi' } }] },
    });
    assert.deepEqual(lr.spec.limits[0].default, { cpu: '2' });
    assert.deepEqual(lr.spec.limits[0].defaultRequest, { cpu: '2', memory: '64Mi' });
  });

  it('keeps a node podCIDR and podCIDRs in step, podCIDR winning as upstream conversion has it', () => {
    assert.deepEqual(apply('', 'nodes', { spec: { podCIDR: '10.244.1.0/24' } }).spec, {
      podCIDR: '10.244.1.0/24',
      podCIDRs: ['10.244.1.0/24'],
    });
    assert.deepEqual(apply('', 'nodes', { spec: { podCIDRs: ['10.244.2.0/24', 'fd00::/64'] } }).spec, {
      podCIDR: '10.244.2.0/24',
      podCIDRs: ['10.244.2.0/24', 'fd00::/64'],
    });
    assert.deepEqual(apply('', 'nodes', { spec: { podCIDR: '10.244.3.0/24', podCIDRs: ['10.244.9.0/24'] } }).spec, {
      podCIDR: '10.244.3.0/24',
      podCIDRs: ['10.244.3.0/24'],
    });
    assert.deepEqual(apply('', 'nodes', { spec: {} }).spec, {});
  });
});

describe('workload defaults', () => {
  it('defaults deployments', () => {
    const d = apply('apps', 'deployments', { spec: { template: { spec: { containers: [] } } } });
    assert.equal(d.spec.replicas, 1);
    assert.deepEqual(d.spec.strategy, {
      type: 'RollingUpdate',
      rollingUpdate: { maxUnavailable: '25%', maxSurge: '25%' },
    });
    assert.equal(d.spec.revisionHistoryLimit, 10);
    assert.equal(d.spec.progressDeadlineSeconds, 600);
    const r = apply('apps', 'deployments', { spec: { strategy: { type: 'Recreate' } } });
    assert.deepEqual(r.spec.strategy, { type: 'Recreate' });
  });

  it('defaults replica sets, stateful sets and daemon sets', () => {
    assert.equal(apply('apps', 'replicasets', { spec: {} }).spec.replicas, 1);
    const ss = apply('apps', 'statefulsets', {
      spec: { volumeClaimTemplates: [{ metadata: { name: 'data' }, spec: {} }] },
    });
    assert.equal(ss.spec.podManagementPolicy, 'OrderedReady');
    assert.deepEqual(ss.spec.updateStrategy, { type: 'RollingUpdate', rollingUpdate: { partition: 0 } });
    assert.deepEqual(ss.spec.persistentVolumeClaimRetentionPolicy, { whenDeleted: 'Retain', whenScaled: 'Retain' });
    assert.equal(ss.spec.replicas, 1);
    assert.equal(ss.spec.revisionHistoryLimit, 10);
    assert.equal(ss.spec.volumeClaimTemplates[0].spec.volumeMode, 'Filesystem');
    const ds = apply('apps', 'daemonsets', { spec: {} });
    assert.deepEqual(ds.spec.updateStrategy, {
      type: 'RollingUpdate',
      rollingUpdate: { maxUnavailable: 1, maxSurge: 0 },
    });
    assert.equal(ds.spec.revisionHistoryLimit, 10);
  });

  it('defaults jobs', () => {
    const j = apply('batch', 'jobs', {
      metadata: { name: 'j' },
      spec: { template: { metadata: { labels: { app: 'x' } }, spec: {} } },
    });
    assert.equal(j.spec.completions, 1);
    assert.equal(j.spec.parallelism, 1);
    assert.equal(j.spec.backoffLimit, 6);
    assert.equal(j.spec.completionMode, 'NonIndexed');
    assert.equal(j.spec.suspend, false);
    assert.equal(j.spec.podReplacementPolicy, 'TerminatingOrFailed');
    assert.deepEqual(j.metadata.labels, { app: 'x' });
    const p = apply('batch', 'jobs', {
      spec: {
        parallelism: 3,
        podFailurePolicy: { rules: [{ action: 'Ignore', onPodConditions: [{ type: 'DisruptionTarget' }] }] },
      },
    });
    assert.equal(p.spec.completions, undefined);
    assert.equal(p.spec.podReplacementPolicy, 'Failed');
    assert.equal(p.spec.podFailurePolicy.rules[0].onPodConditions[0].status, 'True');
  });

  it('defaults cron jobs, and only the pod template of their job template', () => {
    const cj = apply('batch', 'cronjobs', {
      spec: { jobTemplate: { spec: { template: { spec: { containers: [] } } } } },
    });
    assert.equal(cj.spec.concurrencyPolicy, 'Allow');
    assert.equal(cj.spec.suspend, false);
    assert.equal(cj.spec.successfulJobsHistoryLimit, 3);
    assert.equal(cj.spec.failedJobsHistoryLimit, 1);
    assert.equal(cj.spec.jobTemplate.spec.backoffLimit, undefined);
    assert.equal(cj.spec.jobTemplate.spec.template.spec.dnsPolicy, 'ClusterFirst');
  });

  it('generates a job selector and template labels from the uid', () => {
    const j: Any = {
      metadata: { name: 'pi', uid: 'u-1' },
      spec: { template: { metadata: { labels: { app: 'pi' } } } },
    };
    jobGenerateSelector(j);
    assert.deepEqual(j.spec.selector, { matchLabels: { 'batch.kubernetes.io/controller-uid': 'u-1' } });
    assert.deepEqual(j.spec.template.metadata.labels, {
      app: 'pi',
      'job-name': 'pi',
      'batch.kubernetes.io/job-name': 'pi',
      'controller-uid': 'u-1',
      'batch.kubernetes.io/controller-uid': 'u-1',
    });
    const manual: Any = { metadata: { name: 'm', uid: 'u' }, spec: { manualSelector: true, template: {} } };
    jobGenerateSelector(manual);
    assert.equal(manual.spec.selector, undefined);
  });
});

describe('other group defaults', () => {
  it('defaults HPAs by shape', () => {
    const v2 = apply('autoscaling', 'horizontalpodautoscalers', {
      apiVersion: 'autoscaling/v2',
      spec: { behavior: { scaleDown: { stabilizationWindowSeconds: 60 } } },
    });
    assert.equal(v2.spec.minReplicas, 1);
    assert.deepEqual(v2.spec.metrics, [
      { type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 80 } } },
    ]);
    assert.equal(v2.spec.behavior.scaleDown.stabilizationWindowSeconds, 60);
    assert.equal(v2.spec.behavior.scaleDown.selectPolicy, 'Max');
    assert.equal(v2.spec.behavior.scaleUp.policies.length, 2);
    const v1 = apply('autoscaling', 'horizontalpodautoscalers', { apiVersion: 'autoscaling/v1', spec: {} });
    assert.deepEqual(v1.spec, { minReplicas: 1 });
  });

  it('defaults network policies, storage classes, CSI drivers, priority classes and RBAC bindings', () => {
    const np = apply('networking.k8s.io', 'networkpolicies', { spec: { egress: [{ ports: [{ port: 53 }] }] } });
    assert.deepEqual(np.spec.policyTypes, ['Ingress', 'Egress']);
    assert.equal(np.spec.egress[0].ports[0].protocol, 'TCP');
    const sc = apply('storage.k8s.io', 'storageclasses', { provisioner: 'x' });
    assert.equal(sc.reclaimPolicy, 'Delete');
    assert.equal(sc.volumeBindingMode, 'Immediate');
    const csi = apply('storage.k8s.io', 'csidrivers', { spec: {} });
    assert.equal(csi.spec.attachRequired, true);
    assert.deepEqual(csi.spec.volumeLifecycleModes, ['Persistent']);
    assert.equal(apply('scheduling.k8s.io', 'priorityclasses', { value: 1 }).preemptionPolicy, 'PreemptLowerPriority');
    const rb = apply('rbac.authorization.k8s.io', 'rolebindings', {
      roleRef: { kind: 'Role', name: 'r' },
      subjects: [
        { kind: 'User', name: 'u' },
        { kind: 'ServiceAccount', name: 's' },
      ],
    });
    assert.equal(rb.roleRef.apiGroup, 'rbac.authorization.k8s.io');
    assert.equal(rb.subjects[0].apiGroup, 'rbac.authorization.k8s.io');
    assert.equal(rb.subjects[1].apiGroup, '');
  });

  it('defaults webhooks and CRDs', () => {
    const w = apply('admissionregistration.k8s.io', 'mutatingwebhookconfigurations', {
      webhooks: [{ name: 'a.b.c', clientConfig: { service: { name: 's', namespace: 'n' } }, rules: [{}] }],
    });
    const h = w.webhooks[0];
    assert.equal(h.failurePolicy, 'Fail');
    assert.equal(h.matchPolicy, 'Equivalent');
    assert.equal(h.timeoutSeconds, 10);
    assert.equal(h.reinvocationPolicy, 'Never');
    assert.equal(h.rules[0].scope, '*');
    assert.equal(h.clientConfig.service.port, 443);
    const crd = apply('apiextensions.k8s.io', 'customresourcedefinitions', {
      spec: { names: { kind: 'Widget', plural: 'widgets' } },
    });
    assert.equal(crd.spec.names.singular, 'widget');
    assert.equal(crd.spec.names.listKind, 'WidgetList');
    assert.deepEqual(crd.spec.conversion, { strategy: 'None' });
  });
});
