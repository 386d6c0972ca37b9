import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Event, Node } from 'kubernetes-types/core/v1.js';
import { RESOURCES } from '../context.js';
import { eventually, startControllers, type ControllerHarness } from '../testing.js';
import { nodeIpamController } from './controller.js';

describe('node-ipam-controller', () => {
  let h: ControllerHarness;
  before(async () => {
    h = await startControllers([nodeIpamController], {
      allocateNodeCIDRs: true,
      clusterCIDR: '10.244.0.0/22',
      nodeCIDRMaskSize: 24,
    });
  });
  after(() => h.stop());

  it('gives nodes distinct /24s, keeps ones nodes hold, and reports exhaustion', async () => {
    const nodes = h.resource<Node>(RESOURCES.nodes);
    // A node that already holds a block: it must not be handed out again.
    await nodes.create({ metadata: { name: 'held' }, spec: { podCIDR: '10.244.0.0/24', podCIDRs: ['10.244.0.0/24'] } });
    for (const name of ['n1', 'n2', 'n3']) await nodes.create({ metadata: { name } });
    const cidrs = await eventually(
      async () => {
        const got = await Promise.all(['n1', 'n2', 'n3'].map((n) => nodes.get(n)));
        return got.every((n) => n.spec?.podCIDR) && got.map((n) => n.spec!.podCIDR!);
      },
      10_000,
      'three podCIDRs',
    );
    assert.equal(new Set(cidrs).size, 3);
    for (const c of cidrs) {
      assert.match(c, /^10\.244\.[1-3]\.0\/24$/);
    }
    const n1 = await nodes.get('n1');
    assert.deepEqual(n1.spec?.podCIDRs, [n1.spec?.podCIDR]);

    // The /22 has four /24s: a fifth node finds none.
    await nodes.create({ metadata: { name: 'n4' } });
    const n4 = await eventually(
      async () => {
        const n = await nodes.get('n4');
        return n.status?.conditions?.find((c) => c.type === 'NetworkUnavailable' && c.status === 'True') && n;
      },
      10_000,
      'NetworkUnavailable on n4',
    );
    assert.equal(n4.spec?.podCIDR, undefined);
    const events = h.resource<Event>(RESOURCES.events);
    await eventually(
      async () =>
        (await events.list({ namespace: 'default' })).items.some(
          (e) => e.reason === 'CIDRNotAvailable' && e.involvedObject.name === 'n4',
        ),
      10_000,
      'CIDRNotAvailable event',
    );

    // Deleting a node frees its block for the waiting node.
    const freed = (await nodes.get('n2')).spec!.podCIDR!;
    await nodes.delete('n2');
    const got = await eventually(async () => (await nodes.get('n4')).spec?.podCIDR, 10_000, 'n4 gets the freed block');
    assert.equal(got, freed);
    await eventually(
      async () =>
        (await nodes.get('n4')).status?.conditions?.find((c) => c.type === 'NetworkUnavailable')?.status === 'False',
      10_000,
      'NetworkUnavailable cleared',
    );
  });
});
