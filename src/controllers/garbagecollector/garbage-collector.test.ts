import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { ConfigMap } from 'kubernetes-types/core/v1.js';
import type { KubeObject, ResourceRef } from '../../client/rest/resource-client.js';
import { isNotFound } from '../../machinery/errors.js';
import { RESOURCES } from '../context.js';
import { eventually, startControllers, type ControllerHarness } from '../testing.js';
import { newGarbageCollectorController } from './index.js';

let h: ControllerHarness;

before(async () => {
  h = await startControllers([newGarbageCollectorController({ resyncPeriodMs: 1_000 })]);
});
after(() => h?.stop());

const configmaps = () => h.resource<ConfigMap>(RESOURCES.configmaps);

async function owner(name: string): Promise<ConfigMap> {
  return configmaps().create({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: 'default' } });
}

async function dependent(
  name: string,
  owners: ConfigMap[],
  extra: { blockOwnerDeletion?: boolean; finalizers?: string[] } = {},
): Promise<ConfigMap> {
  return configmaps().create({
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: {
      name,
      namespace: 'default',
      finalizers: extra.finalizers,
      ownerReferences: owners.map((o) => ({
        apiVersion: 'v1',
        kind: 'ConfigMap',
        name: o.metadata!.name!,
        uid: o.metadata!.uid!,
        blockOwnerDeletion: extra.blockOwnerDeletion,
      })),
    },
  });
}

async function gone(name: string): Promise<boolean> {
  try {
    await configmaps().get(name, { namespace: 'default' });
    return false;
  } catch (err) {
    if (isNotFound(err)) return true;
    throw err;
  }
}

test('background: a dependent is deleted after its owner', async () => {
  const o = await owner('bg-owner');
  await dependent('bg-dep', [o]);
  await configmaps().delete('bg-owner', { namespace: 'default', propagationPolicy: 'Background' });
  await eventually(() => gone('bg-dep'), 10_000, 'bg-dep to be collected');
});

test('a dependent keeps living while another owner lives, and loses the reference to the gone one', async () => {
  const a = await owner('multi-a');
  const b = await owner('multi-b');
  await dependent('multi-dep', [a, b]);
  await configmaps().delete('multi-a', { namespace: 'default' });
  const dep = await eventually(
    async () => {
      const d = await configmaps().get('multi-dep', { namespace: 'default' });
      return d.metadata?.ownerReferences?.length === 1 ? d : undefined;
    },
    10_000,
    'the reference to multi-a to be removed',
  );
  assert.equal(dep.metadata!.ownerReferences![0]!.name, 'multi-b');
});

test('foreground: the owner waits for a blocking dependent, then goes', async () => {
  const o = await owner('fg-owner');
  await dependent('fg-dep', [o], { blockOwnerDeletion: true, finalizers: ['example.com/hold'] });
  await configmaps().delete('fg-owner', { namespace: 'default', propagationPolicy: 'Foreground' });
  // The dependent is deleted (held by its own finalizer), the owner waits with foregroundDeletion.
  await eventually(
    async () => {
      const d = await configmaps().get('fg-dep', { namespace: 'default' });
      return !!d.metadata?.deletionTimestamp;
    },
    10_000,
    'fg-dep to be deleted',
  );
  const waiting = await configmaps().get('fg-owner', { namespace: 'default' });
  assert.ok(waiting.metadata?.deletionTimestamp);
  assert.deepEqual(waiting.metadata?.finalizers, ['foregroundDeletion']);
  await new Promise((r) => setTimeout(r, 300));
  assert.equal(await gone('fg-owner'), false, 'the owner must wait for its blocking dependent');
  await configmaps().patch('fg-dep', 'merge', { metadata: { finalizers: null } }, { namespace: 'default' });
  await eventually(() => gone('fg-dep'), 10_000, 'fg-dep to go');
  await eventually(() => gone('fg-owner'), 10_000, 'fg-owner to go once unblocked');
});

test('orphan: the dependent stays, without its ownerReferences', async () => {
  const o = await owner('orphan-owner');
  await dependent('orphan-dep', [o]);
  await configmaps().delete('orphan-owner', { namespace: 'default', propagationPolicy: 'Orphan' });
  await eventually(() => gone('orphan-owner'), 10_000, 'orphan-owner to go');
  const dep = await configmaps().get('orphan-dep', { namespace: 'default' });
  assert.equal(dep.metadata?.ownerReferences, undefined);
  assert.equal(dep.metadata?.deletionTimestamp, undefined);
});

test('a dependent whose owner never existed is deleted', async () => {
  const ghost: ConfigMap = {
    metadata: { name: 'never-was', uid: '00000000-0000-0000-0000-00000000dead' },
  };
  await dependent('dangling-dep', [ghost]);
  await eventually(() => gone('dangling-dep'), 10_000, 'dangling-dep to be collected');
});

test('a dependent of a live owner is left alone', async () => {
  const o = await owner('live-owner');
  await dependent('live-dep', [o]);
  await new Promise((r) => setTimeout(r, 500));
  assert.equal(await gone('live-dep'), false);
});

test('custom resources of a CRD made after the start are collected too', async () => {
  const crds: ResourceRef = {
    group: 'apiextensions.k8s.io',
    version: 'v1',
    resource: 'customresourcedefinitions',
    namespaced: false,
  };
  const widgets: ResourceRef = { group: 'gc.example.com', version: 'v1', resource: 'widgets', namespaced: true };
  await h.resource<KubeObject>(crds).create({
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name: 'widgets.gc.example.com' },
    spec: {
      group: 'gc.example.com',
      scope: 'Namespaced',
      names: { plural: 'widgets', singular: 'widget', kind: 'Widget' },
      versions: [
        {
          name: 'v1',
          served: true,
          storage: true,
          schema: { openAPIV3Schema: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true } },
        },
      ],
    },
  });
  const o = await owner('cr-owner');
  await eventually(
    () =>
      h
        .resource<KubeObject>(widgets)
        .create({
          apiVersion: 'gc.example.com/v1',
          kind: 'Widget',
          metadata: {
            name: 'w',
            namespace: 'default',
            ownerReferences: [{ apiVersion: 'v1', kind: 'ConfigMap', name: 'cr-owner', uid: o.metadata!.uid! }],
          },
        })
        .then(() => true),
    5_000,
    'the CRD to be served',
  );
  // Give the collector a discovery period to watch widgets, then delete the owner.
  await new Promise((r) => setTimeout(r, 1_500));
  await configmaps().delete('cr-owner', { namespace: 'default' });
  await eventually(
    () =>
      h
        .resource(widgets)
        .get('w', { namespace: 'default' })
        .then(
          () => false,
          (err: unknown) => isNotFound(err),
        ),
    10_000,
    'the widget to be collected',
  );
});
