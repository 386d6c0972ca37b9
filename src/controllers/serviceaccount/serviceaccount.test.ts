import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { ConfigMap, Namespace, ServiceAccount } from 'kubernetes-types/core/v1.js';
import type { ClusterRole } from 'kubernetes-types/rbac/v1.js';
import { clusterRoleAggregationController } from '../clusterroleaggregation/index.js';
import { RESOURCES } from '../context.js';
import { DESCRIPTION, ROOT_CA_CONFIGMAP, rootCACertPublisher } from '../rootcacertpublisher/index.js';
import { eventually, startControllers, type ControllerHarness } from '../testing.js';
import { serviceAccountController } from './index.js';

// The three controllers that keep every namespace furnished, on one control plane.
describe('serviceaccount, root-ca-certificate-publisher and clusterrole-aggregation controllers', () => {
  let h: ControllerHarness;
  before(async () => {
    h = await startControllers([serviceAccountController, rootCACertPublisher, clusterRoleAggregationController]);
    await h.resource<Namespace>(RESOURCES.namespaces).create({ metadata: { name: 'team-a' } });
  });
  after(() => h.stop());

  it('gives every namespace a default ServiceAccount and brings it back when deleted', async () => {
    const sas = h.resource<ServiceAccount>(RESOURCES.serviceaccounts);
    await eventually(() => sas.get('default', { namespace: 'team-a' }), 10_000, 'default SA');
    await eventually(() => sas.get('default', { namespace: 'kube-system' }), 10_000, 'default SA in kube-system');
    await sas.delete('default', { namespace: 'team-a' });
    await eventually(() => sas.get('default', { namespace: 'team-a' }), 10_000, 'default SA recreated');
  });

  it('publishes kube-root-ca.crt with the cluster CA and puts back an edited one', async () => {
    const cms = h.resource<ConfigMap>(RESOURCES.configmaps);
    const ca = h.cp.apiserver.caCert.toString('utf8');
    const cm = await eventually(() => cms.get(ROOT_CA_CONFIGMAP, { namespace: 'team-a' }), 10_000, 'root CA');
    assert.deepEqual(cm.data, { 'ca.crt': ca });
    assert.equal(cm.metadata?.annotations?.['kubernetes.io/description'], DESCRIPTION);
    await cms.update({ ...cm, data: { 'ca.crt': 'tampered' } });
    await eventually(
      async () => (await cms.get(ROOT_CA_CONFIGMAP, { namespace: 'team-a' })).data?.['ca.crt'] === ca,
      10_000,
      'CA restored',
    );
  });

  it("stores an aggregated ClusterRole's rules and follows its parts", async () => {
    const roles = h.resource<ClusterRole>(RESOURCES.clusterroles);
    await roles.create({
      metadata: { name: 'monitoring' },
      aggregationRule: { clusterRoleSelectors: [{ matchLabels: { 'example.com/aggregate-to-monitoring': 'true' } }] },
    });
    const rule = { apiGroups: [''], resources: ['pods'], verbs: ['get', 'list'] };
    await roles.create({
      metadata: { name: 'monitoring-pods', labels: { 'example.com/aggregate-to-monitoring': 'true' } },
      rules: [rule],
    });
    await eventually(async () => (await roles.get('monitoring')).rules?.length === 1, 10_000, 'aggregated rules');
    assert.deepEqual((await roles.get('monitoring')).rules, [rule]);
    await roles.delete('monitoring-pods');
    await eventually(async () => (await roles.get('monitoring')).rules?.length === 0, 10_000, 'rules dropped');
  });
});
