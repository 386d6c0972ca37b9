import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startControlPlane, type TestControlPlane } from '../testing/cluster.js';
import { testClient, type TestClient } from '../testing/http.js';

let cp: TestControlPlane;
let api: TestClient;
const RBAC = '/apis/rbac.authorization.k8s.io/v1';

before(async () => {
  // RBAC mode makes the policy; requests without credentials are anonymous, so the test writes as
  // an apiserver started with AlwaysAllow would not: use impersonation-free admin access instead.
  cp = await startControlPlane({ authorizationMode: 'RBAC,AlwaysAllow' });
  api = testClient(cp.url, cp.apiserver.caCert);
});
after(() => cp?.stop());

test('the namespaced bootstrap roles and bindings of kube-system and kube-public exist', async () => {
  const role = await api.request('GET', `${RBAC}/namespaces/kube-system/roles/system::leader-locking-kube-scheduler`);
  assert.equal(role.status, 200, role.text);
  assert.deepEqual(role.body.rules, [
    { verbs: ['watch'], apiGroups: [''], resources: ['configmaps'] },
    { verbs: ['get', 'update'], apiGroups: [''], resources: ['configmaps'], resourceNames: ['kube-scheduler'] },
  ]);
  const binding = await api.request(
    'GET',
    `${RBAC}/namespaces/kube-system/rolebindings/system::extension-apiserver-authentication-reader`,
  );
  assert.equal(binding.body.roleRef.name, 'extension-apiserver-authentication-reader');
  const pub = await api.request('GET', `${RBAC}/namespaces/kube-public/roles/system:controller:bootstrap-signer`);
  assert.equal(pub.status, 200);
});

test('on restart the default policy is reconciled: missing rules and subjects come back, autoupdate=false is left alone', async () => {
  const basic = (await api.request('GET', `${RBAC}/clusterroles/system:basic-user`)).body;
  const fullRules = basic.rules;
  assert.equal(
    (await api.request('PUT', `${RBAC}/clusterroles/system:basic-user`, { ...basic, rules: [] })).status,
    200,
  );
  const discovery = (await api.request('GET', `${RBAC}/clusterrolebindings/system:discovery`)).body;
  await api.request('PUT', `${RBAC}/clusterrolebindings/system:discovery`, { ...discovery, subjects: [] });
  const view = (await api.request('GET', `${RBAC}/clusterroles/system:public-info-viewer`)).body;
  view.metadata.annotations['rbac.authorization.kubernetes.io/autoupdate'] = 'false';
  await api.request('PUT', `${RBAC}/clusterroles/system:public-info-viewer`, { ...view, rules: [] });

  await cp.restartApiserver();
  api = testClient(cp.url, cp.apiserver.caCert);
  const after = (await api.request('GET', `${RBAC}/clusterroles/system:basic-user`)).body;
  assert.deepEqual(
    after.rules
      .map((r: { resources: string[] }) => r.resources)
      .flat()
      .sort(),
    fullRules
      .map((r: { resources: string[] }) => r.resources)
      .flat()
      .sort(),
  );
  const bound = (await api.request('GET', `${RBAC}/clusterrolebindings/system:discovery`)).body;
  assert.deepEqual(bound.subjects, discovery.subjects);
  const kept = (await api.request('GET', `${RBAC}/clusterroles/system:public-info-viewer`)).body;
  assert.deepEqual(kept.rules ?? [], []);
});
