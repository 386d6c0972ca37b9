import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Event, Node, Pod, Taint, Toleration } from 'kubernetes-types/core/v1.js';
import { RESOURCES } from '../context.js';
import { eventually, startControllers, type ControllerHarness } from '../testing.js';
import { taintEvictionController } from './controller.js';

const KEY = 'example.com/evict';
const tol = (seconds?: number): Toleration => ({
  key: KEY,
  operator: 'Exists',
  effect: 'NoExecute',
  tolerationSeconds: seconds,
});
const pod = (name: string, tolerations?: Toleration[]): Pod => ({
  metadata: { name, namespace: 'default' },
  spec: { nodeName: 'n1', tolerations, containers: [{ name: 'c', image: 'busybox' }] },
});

describe('taint-eviction-controller', () => {
  let h: ControllerHarness;
  before(async () => {
    h = await startControllers([taintEvictionController]);
  });
  after(() => h.stop());

  it('evicts untolerating pods at once, tolerating ones after tolerationSeconds, and cancels when the taint goes', async () => {
    const nodes = h.resource<Node>(RESOURCES.nodes);
    const pods = h.resource<Pod>(RESOURCES.pods);
    await nodes.create({ metadata: { name: 'n1' } });
    for (const p of [pod('none'), pod('one-second', [tol(1)]), pod('three-seconds', [tol(3)]), pod('forever', [tol()])])
      await pods.create(p);
    const deleting = async (name: string) =>
      !!(await pods.get(name, { namespace: 'default' })).metadata?.deletionTimestamp;

    const node = await nodes.get('n1');
    const taint: Taint = { key: KEY, effect: 'NoExecute', timeAdded: new Date().toISOString() };
    const tainted = Date.now();
    await nodes.update({ ...node, spec: { ...node.spec, taints: [...(node.spec?.taints ?? []), taint] } });

    await eventually(() => deleting('none'), 5_000, 'pod without toleration deleted');
    assert.equal(await deleting('one-second'), false, 'one-second not yet');
    await eventually(() => deleting('one-second'), 5_000, 'one-second deleted');
    assert.ok(Date.now() - tainted >= 950, `one-second went after ${Date.now() - tainted} ms`);

    const gone = await pods.get('none', { namespace: 'default' });
    const target = gone.status?.conditions?.find((c) => c.type === 'DisruptionTarget');
    assert.equal(target?.status, 'True');
    assert.equal(target?.reason, 'DeletionByTaintManager');

    // The taint goes before three-seconds is due: its eviction is cancelled.
    const current = await nodes.get('n1');
    await nodes.update({
      ...current,
      spec: { ...current.spec, taints: current.spec?.taints?.filter((t) => t.key !== KEY) },
    });
    await new Promise((r) => setTimeout(r, Math.max(0, tainted + 3500 - Date.now())));
    assert.equal(await deleting('three-seconds'), false);
    assert.equal(await deleting('forever'), false);

    const events = h.resource<Event>(RESOURCES.events);
    await eventually(
      async () => {
        const items = (await events.list({ namespace: 'default' })).items;
        const marked = items.find((e) => e.reason === 'TaintManagerEviction' && e.involvedObject.name === 'none');
        const cancelled = items.find(
          (e) => e.reason === 'TaintManagerEviction' && e.involvedObject.name === 'three-seconds',
        );
        return (
          marked?.message === 'Marking for deletion Pod default/none' &&
          cancelled?.message === 'Cancelling deletion of Pod default/three-seconds'
        );
      },
      5_000,
      'TaintManagerEviction events',
    );
  });
});
