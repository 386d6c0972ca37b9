import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { ConfigMap, Namespace, Pod, Secret } from 'kubernetes-types/core/v1.js';
import type { KubeObject, ResourceRef } from '../../client/rest/resource-client.js';
import { isNotFound } from '../../machinery/errors.js';
import { RESOURCES } from '../context.js';
import { eventually, startControllers, type ControllerHarness } from '../testing.js';
import { newNamespaceController } from './index.js';

let h: ControllerHarness;

const CRDS: ResourceRef = {
  group: 'apiextensions.k8s.io',
  version: 'v1',
  resource: 'customresourcedefinitions',
  namespaced: false,
};
const CRONTABS: ResourceRef = { group: 'stable.example.com', version: 'v1', resource: 'crontabs', namespaced: true };

before(async () => {
  h = await startControllers([newNamespaceController({ deletionGracePeriodMs: 50, maxRemainingRequeueMs: 300 })]);
  await h.resource<KubeObject>(CRDS).create({
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name: 'crontabs.stable.example.com' },
    spec: {
      group: 'stable.example.com',
      scope: 'Namespaced',
      names: { plural: 'crontabs', singular: 'crontab', kind: 'CronTab' },
      versions: [
        {
          name: 'v1',
          served: true,
          storage: true,
          schema: {
            openAPIV3Schema: {
              type: 'object',
              properties: { spec: { type: 'object', properties: { cronSpec: { type: 'string' } } } },
            },
          },
        },
      ],
    },
  });
  await eventually(
    () =>
      h
        .resource(CRONTABS)
        .list({ namespace: 'default' })
        .then(() => true),
    5_000,
    'the CRD to be served',
  );
});
after(() => h?.stop());

const namespaces = () => h.resource<Namespace>(RESOURCES.namespaces);

async function namespaceGone(name: string): Promise<boolean> {
  try {
    await namespaces().get(name);
    return false;
  } catch (err) {
    if (isNotFound(err)) return true;
    throw err;
  }
}

const configMap = (name: string, namespace: string, finalizers?: string[]): ConfigMap => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name, namespace, finalizers },
  data: { a: 'b' },
});

test('a deleted namespace is emptied of every kind of content, custom resources included, and goes', async () => {
  const ns = 'doomed';
  await namespaces().create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } });
  for (const n of ['one', 'two']) await h.resource<ConfigMap>(RESOURCES.configmaps).create(configMap(n, ns));
  await h.resource<Secret>(RESOURCES.secrets).create({
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: { name: 's', namespace: ns },
    stringData: { k: 'v' },
  });
  for (const n of ['p1', 'p2']) {
    await h.resource<Pod>(RESOURCES.pods).create({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: n, namespace: ns },
      spec: { containers: [{ name: 'c', image: 'busybox' }] },
    });
  }
  await h.resource<KubeObject>(CRONTABS).create({
    apiVersion: 'stable.example.com/v1',
    kind: 'CronTab',
    metadata: { name: 'tab', namespace: ns },
    spec: { cronSpec: '* * * * *' },
  });

  await namespaces().delete(ns);
  await eventually(() => namespaceGone(ns), 15_000, `namespace ${ns} to be removed`);
  for (const ref of [RESOURCES.configmaps, RESOURCES.secrets, RESOURCES.pods, CRONTABS]) {
    assert.equal((await h.resource(ref).list({ namespace: ns })).items.length, 0, `${ref.resource} left behind`);
  }
});

test('content held by a finalizer keeps the namespace Terminating, with conditions saying why', async () => {
  const ns = 'held';
  await namespaces().create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } });
  const configmaps = h.resource<ConfigMap>(RESOURCES.configmaps);
  await configmaps.create(configMap('kept', ns, ['example.com/x']));
  await configmaps.create(configMap('free', ns));
  await namespaces().delete(ns);

  const held = await eventually(
    async () => {
      const n = await namespaces().get(ns);
      const c = n.status?.conditions?.find((x) => x.type === 'NamespaceFinalizersRemaining');
      return c?.status === 'True' ? n : undefined;
    },
    10_000,
    'the NamespaceFinalizersRemaining condition',
  );
  assert.equal(held.status?.phase, 'Terminating');
  const byType = new Map((held.status?.conditions ?? []).map((c) => [c.type, c]));
  assert.deepEqual(
    [...byType.keys()],
    [
      'NamespaceDeletionDiscoveryFailure',
      'NamespaceDeletionGroupVersionParsingFailure',
      'NamespaceDeletionContentFailure',
      'NamespaceContentRemaining',
      'NamespaceFinalizersRemaining',
    ],
  );
  assert.deepEqual(
    { ...byType.get('NamespaceFinalizersRemaining'), lastTransitionTime: undefined },
    {
      type: 'NamespaceFinalizersRemaining',
      status: 'True',
      reason: 'SomeFinalizersRemain',
      message: 'Some content in the namespace has finalizers remaining: example.com/x in 1 resource instances',
      lastTransitionTime: undefined,
    },
  );
  assert.equal(byType.get('NamespaceContentRemaining')?.reason, 'SomeResourcesRemain');
  assert.equal(
    byType.get('NamespaceContentRemaining')?.message,
    'Some resources are remaining: configmaps. has 1 resource instances',
  );
  assert.equal(byType.get('NamespaceDeletionDiscoveryFailure')?.status, 'False');
  assert.equal(byType.get('NamespaceDeletionContentFailure')?.reason, 'ContentDeleted');
  assert.deepEqual(held.spec?.finalizers, ['kubernetes']);
  // The free one went; the held one is marked and waits.
  const left = await configmaps.list({ namespace: ns });
  assert.deepEqual(
    left.items.map((c) => c.metadata?.name),
    ['kept'],
  );
  assert.ok(left.items[0]!.metadata?.deletionTimestamp);

  await configmaps.patch('kept', 'merge', { metadata: { finalizers: null } }, { namespace: ns });
  await eventually(() => namespaceGone(ns), 10_000, `namespace ${ns} to be removed once the finalizer is gone`);
});

test('a namespace not being deleted is left alone', async () => {
  const ns = 'alive';
  await namespaces().create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } });
  await h.resource<ConfigMap>(RESOURCES.configmaps).create(configMap('stay', ns));
  await new Promise((r) => setTimeout(r, 300));
  const n = await namespaces().get(ns);
  assert.equal(n.status?.phase, 'Active');
  assert.equal(n.status?.conditions, undefined);
  assert.equal((await h.resource(RESOURCES.configmaps).list({ namespace: ns })).items.length, 1);
});
