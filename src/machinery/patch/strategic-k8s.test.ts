import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createThreeWayMergePatch, createTwoWayMergePatch, strategicMergePatch } from './strategic.js';
import { k8sDefinitions as defs } from './strategic-test-definitions.js';

const POD = 'io.k8s.api.core.v1.Pod';
const DEPLOYMENT = 'io.k8s.api.apps.v1.Deployment';

const deployment = () => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web', labels: { app: 'web' }, finalizers: ['a.io/x'] },
  spec: {
    replicas: 2,
    strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' } },
    template: {
      metadata: { labels: { app: 'web' } },
      spec: {
        containers: [
          { name: 'a', image: 'nginx', env: [{ name: 'X', value: '1' }], ports: [{ containerPort: 80 }] },
          { name: 'b', image: 'redis' },
          { name: 'sidecar', image: 'proxy' },
        ],
        volumes: [{ name: 'data', hostPath: { path: '/srv' } }],
        tolerations: [{ key: 'k1' }, { key: 'k2' }],
      },
    },
  },
});
type Deployment = ReturnType<typeof deployment>;
const patch = (p: unknown) => strategicMergePatch(deployment(), p, defs, DEPLOYMENT) as Deployment;
const podSpec = (d: Deployment) => d.spec.template.spec;

describe('strategicMergePatch on built-in kinds', () => {
  it("applies kubectl apply's $setElementOrder patch, keeping server-only containers after", () => {
    const out = patch({
      spec: {
        template: {
          spec: {
            '$setElementOrder/containers': [{ name: 'a' }, { name: 'b' }],
            containers: [{ name: 'b', image: 'x' }],
          },
        },
      },
    });
    assert.deepEqual(
      podSpec(out).containers.map((c) => [c.name, c.image]),
      [
        ['a', 'nginx'],
        ['b', 'x'],
        ['sidecar', 'proxy'],
      ],
    );
    assert.ok(!('$setElementOrder/containers' in podSpec(out)));
  });

  it('merges containers by name, env by name and ports by containerPort', () => {
    const out = patch({
      spec: {
        template: {
          spec: {
            containers: [
              {
                name: 'a',
                env: [
                  { name: 'Y', value: '2' },
                  { name: 'X', value: '3' },
                ],
                ports: [{ containerPort: 80, name: 'http' }, { containerPort: 443 }],
              },
            ],
          },
        },
      },
    });
    assert.deepEqual(podSpec(out).containers[0], {
      name: 'a',
      image: 'nginx',
      env: [
        { name: 'Y', value: '2' },
        { name: 'X', value: '3' },
      ],
      ports: [{ containerPort: 80, name: 'http' }, { containerPort: 443 }],
    });
    assert.equal(podSpec(out).containers.length, 3);
  });

  it('deletes a container with a $patch: delete element and replaces a list without a strategy', () => {
    const out = patch({
      spec: { template: { spec: { containers: [{ name: 'b', $patch: 'delete' }], tolerations: [{ key: 'k3' }] } } },
    });
    assert.deepEqual(
      podSpec(out).containers.map((c) => c.name),
      ['a', 'sidecar'],
    );
    assert.deepEqual(podSpec(out).tolerations, [{ key: 'k3' }]);
  });

  it('treats finalizers as a set: union, and $deleteFromPrimitiveList', () => {
    assert.deepEqual(patch({ metadata: { finalizers: ['a.io/x', 'b.io/y'] } }).metadata.finalizers, [
      'a.io/x',
      'b.io/y',
    ]);
    assert.deepEqual(
      patch({ metadata: { '$deleteFromPrimitiveList/finalizers': ['a.io/x'] } }).metadata.finalizers,
      [],
    );
  });

  it('deletes map keys with null and replaces a whole map with $patch: replace', () => {
    const out = patch({ metadata: { labels: { app: null, tier: 'front' } } });
    assert.deepEqual(out.metadata.labels, { tier: 'front' });
    const replaced = patch({ spec: { template: { metadata: { labels: { $patch: 'replace', only: 'this' } } } } });
    assert.deepEqual(replaced.spec.template.metadata.labels, { only: 'this' });
  });

  it('clears the other strategy fields with $retainKeys on DeploymentSpec.strategy', () => {
    const out = patch({ spec: { strategy: { $retainKeys: ['type'], type: 'Recreate' } } });
    assert.deepEqual(out.spec.strategy, { type: 'Recreate' });
    // Without the directive the field merges as usual.
    assert.deepEqual(patch({ spec: { strategy: { type: 'Recreate' } } }).spec.strategy.rollingUpdate, {
      maxSurge: '25%',
      maxUnavailable: '25%',
    });
  });

  it('switches a volume source with $retainKeys inside a merge,retainKeys list', () => {
    const out = patch({
      spec: { template: { spec: { volumes: [{ name: 'data', $retainKeys: ['emptyDir', 'name'], emptyDir: {} }] } } },
    });
    assert.deepEqual(podSpec(out).volumes, [{ name: 'data', emptyDir: {} }]);
  });

  it('merges fields the schema does not know like a merge patch, and replaces their lists', () => {
    const original = {
      metadata: { name: 'p' },
      spec: { containers: [] },
      extra: { a: 1, list: [1, 2], nested: { b: 2 } },
    };
    const out = strategicMergePatch(original, { extra: { a: null, list: [3], nested: { c: 3 } } }, defs, POD);
    assert.deepEqual((out as typeof original).extra, { list: [3], nested: { b: 2, c: 3 } });
  });

  it('leaves no directive keys behind in values it takes from the patch', () => {
    const out = patch({
      spec: {
        template: {
          spec: {
            containers: [
              { name: 'c', image: 'new', '$setElementOrder/env': [{ name: 'Z' }], env: [{ name: 'Z', value: 'z' }] },
            ],
            initContainers: [{ name: 'init', $patch: 'delete' }, { name: 'setup' }],
          },
        },
      },
    });
    assert.deepEqual(podSpec(out).containers[0], { name: 'c', image: 'new', env: [{ name: 'Z', value: 'z' }] });
    assert.deepEqual((podSpec(out) as unknown as { initContainers: unknown }).initContainers, [{ name: 'setup' }]);
  });

  it('mutates neither argument, and returns the original for a null patch', () => {
    const original = deployment();
    const p = { spec: { template: { spec: { containers: [{ name: 'a', $patch: 'delete' }] } } } };
    const copy = structuredClone(p);
    strategicMergePatch(original, p, defs, DEPLOYMENT);
    assert.deepEqual(original, deployment());
    assert.deepEqual(p, copy);
    assert.deepEqual(strategicMergePatch(original, null, defs, DEPLOYMENT), deployment());
  });
});

describe('two-way and three-way patches on built-in kinds', () => {
  it('computes the patch kubectl edit sends, and it round-trips', () => {
    const modified = deployment();
    modified.spec.template.spec.containers = [
      { name: 'b', image: 'redis:7' },
      { name: 'a', image: 'nginx', env: [], ports: [{ containerPort: 80 }] },
    ];
    modified.metadata.finalizers = [];
    const twoWay = createTwoWayMergePatch(deployment(), modified, defs, DEPLOYMENT);
    assert.deepEqual(twoWay, {
      metadata: { '$deleteFromPrimitiveList/finalizers': ['a.io/x'] },
      spec: {
        template: {
          spec: {
            '$setElementOrder/containers': [{ name: 'b' }, { name: 'a' }],
            containers: [
              { name: 'b', image: 'redis:7' },
              { name: 'a', env: [{ name: 'X', $patch: 'delete' }] },
              { name: 'sidecar', $patch: 'delete' },
            ],
          },
        },
      },
    });
    assert.deepEqual(strategicMergePatch(deployment(), twoWay, defs, DEPLOYMENT), modified);
  });

  it('computes what client-side kubectl apply sends: our deletions, the delta to the live object', () => {
    const lastApplied = {
      metadata: { name: 'web' },
      spec: {
        strategy: { type: 'RollingUpdate' },
        template: {
          spec: {
            containers: [
              { name: 'a', image: 'nginx' },
              { name: 'b', image: 'redis' },
            ],
          },
        },
      },
    };
    const manifest = {
      metadata: { name: 'web' },
      spec: { strategy: { type: 'Recreate' }, template: { spec: { containers: [{ name: 'a', image: 'nginx:2' }] } } },
    };
    const live = deployment();
    const threeWay = createThreeWayMergePatch(lastApplied, manifest, live, defs, DEPLOYMENT);
    assert.deepEqual(threeWay, {
      spec: {
        strategy: { $retainKeys: ['type'], type: 'Recreate' },
        template: {
          spec: {
            '$setElementOrder/containers': [{ name: 'a' }],
            containers: [
              { name: 'a', image: 'nginx:2' },
              { name: 'b', $patch: 'delete' },
            ],
          },
        },
      },
    });
    const out = strategicMergePatch(live, threeWay, defs, DEPLOYMENT) as Deployment;
    assert.deepEqual(out.spec.strategy, { type: 'Recreate' });
    assert.deepEqual(
      podSpec(out).containers.map((c) => [c.name, c.image]),
      [
        ['a', 'nginx:2'],
        ['sidecar', 'proxy'],
      ],
    );
    assert.deepEqual(out.metadata.labels, { app: 'web' });
  });

  it('sends nothing when the manifest matches the live object', () => {
    const live = deployment();
    assert.deepEqual(createThreeWayMergePatch(live, live, live, defs, DEPLOYMENT), {});
  });
});
