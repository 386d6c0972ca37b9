import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Lease } from 'kubernetes-types/coordination/v1.js';
import type { Event, Node, Pod } from 'kubernetes-types/core/v1.js';
import { isConflict } from '../../machinery/errors.js';
import { RESOURCES } from '../context.js';
import { eventually, startControllers, type ControllerHarness } from '../testing.js';
import { taintEvictionController } from '../tainteviction/controller.js';
import { nodeLifecycleController } from './controller.js';

const micro = (ms: number) => new Date(ms).toISOString().replace('Z', '000Z');
const secs = (ms: number) => new Date(ms).toISOString().replace(/\.\d+Z$/, 'Z');
const hasTaint = (n: Node, key: string, effect: string) =>
  (n.spec?.taints ?? []).some((t) => t.key === key && t.effect === effect);

describe('node-lifecycle-controller', () => {
  let h: ControllerHarness;
  let renewing: NodeJS.Timeout | undefined;
  before(async () => {
    // The taint eviction controller runs too, to show the whole chain from silence to eviction.
    h = await startControllers([nodeLifecycleController, taintEvictionController], {
      nodeMonitorPeriodMs: 100,
      nodeMonitorGracePeriodMs: 1000,
      nodeStartupGracePeriodMs: 2000,
      nodeEvictionRate: 100,
    });
  });
  after(async () => {
    clearInterval(renewing);
    await h.stop();
  });

  it('lifts not-ready from live nodes, marks a silent one Unknown and unreachable, evicts its pods', async () => {
    const nodes = h.resource<Node>(RESOURCES.nodes);
    const leases = h.resource<Lease>(RESOURCES.leases);
    const pods = h.resource<Pod>(RESOURCES.pods);
    // As a kubelet posts its status: read, change, write, again on a conflict (the controllers
    // write the node too).
    const ready = (name: string) =>
      retryOnConflict(async () => {
        const n = await nodes.get(name);
        const now = Date.now();
        const cond = {
          type: 'Ready',
          status: 'True',
          reason: 'KubeletReady',
          message: 'kubelet is posting ready status',
        };
        await nodes.updateStatus({
          ...n,
          status: { conditions: [{ ...cond, lastHeartbeatTime: secs(now), lastTransitionTime: secs(now) }] },
        });
      });
    const renew = async (name: string) => {
      const l = await leases.get(name, { namespace: 'kube-node-lease' });
      await leases.update({ ...l, spec: { ...l.spec, renewTime: micro(Date.now()) } });
    };
    for (const name of ['alive', 'dead']) {
      const created = await nodes.create({ metadata: { name } });
      assert.ok(hasTaint(created, 'node.kubernetes.io/not-ready', 'NoSchedule'), 'admission taints new nodes');
      await ready(name);
      await leases.create({
        metadata: { name, namespace: 'kube-node-lease' },
        spec: { holderIdentity: name, leaseDurationSeconds: 40, renewTime: micro(Date.now()) },
      });
    }
    renewing = setInterval(() => void renew('alive').catch(() => {}), 200);

    for (const name of ['alive', 'dead'])
      await eventually(
        async () => !hasTaint(await nodes.get(name), 'node.kubernetes.io/not-ready', 'NoSchedule'),
        5_000,
        `not-ready NoSchedule lifted from ${name}`,
      );

    // A pod on the dead node that tolerates unreachable for 1 s, with a Ready condition to lose.
    const p = await pods.create({
      metadata: { name: 'web', namespace: 'default' },
      spec: {
        nodeName: 'dead',
        containers: [{ name: 'c', image: 'busybox' }],
        tolerations: [
          { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 1 },
        ],
      },
    });
    await pods.updateStatus({
      ...p,
      status: {
        phase: 'Running',
        conditions: [{ type: 'Ready', status: 'True', lastTransitionTime: secs(Date.now()) }],
      },
    });

    const dead = await eventually(
      async () => {
        const n = await nodes.get('dead');
        return n.status?.conditions?.find((c) => c.type === 'Ready')?.status === 'Unknown' && n;
      },
      5_000,
      'dead node Ready=Unknown',
    );
    const readyCond = dead.status!.conditions!.find((c) => c.type === 'Ready')!;
    assert.equal(readyCond.reason, 'NodeStatusUnknown');
    assert.equal(readyCond.message, 'Kubelet stopped posting node status.');
    const never = dead.status!.conditions!.find((c) => c.type === 'MemoryPressure')!;
    assert.equal(never.status, 'Unknown');
    assert.equal(never.message, 'Kubelet never posted node status.');

    const tainted = await eventually(
      async () => {
        const n = await nodes.get('dead');
        return (
          hasTaint(n, 'node.kubernetes.io/unreachable', 'NoSchedule') &&
          hasTaint(n, 'node.kubernetes.io/unreachable', 'NoExecute') &&
          n
        );
      },
      5_000,
      'unreachable taints on the dead node',
    );
    const noExecute = tainted.spec!.taints!.find((t) => t.effect === 'NoExecute')!;
    assert.ok(noExecute.timeAdded, 'NoExecute taint has timeAdded');

    const marked = await eventually(
      async () => {
        const got = await pods.get('web', { namespace: 'default' });
        return got.status?.conditions?.find((c) => c.type === 'Ready')?.status === 'False' && got;
      },
      5_000,
      'pod marked not ready',
    );
    assert.ok(marked);
    await eventually(
      async () => !!(await pods.get('web', { namespace: 'default' })).metadata?.deletionTimestamp,
      5_000,
      'pod evicted',
    );

    // The live node is untouched.
    const alive = await nodes.get('alive');
    assert.equal(alive.status?.conditions?.find((c) => c.type === 'Ready')?.status, 'True');
    assert.equal(alive.spec?.taints?.length ?? 0, 0);

    const events = h.resource<Event>(RESOURCES.events);
    await eventually(
      async () => {
        const items = (await events.list({ namespace: 'default' })).items;
        const has = (reason: string, name: string, message?: string) =>
          items.some(
            (e) => e.reason === reason && e.involvedObject.name === name && (!message || e.message === message),
          );
        return (
          has('RegisteredNode', 'dead', 'Node dead event: Registered Node dead in Controller') &&
          has('NodeNotReady', 'dead', 'Node dead status is now: NodeNotReady') &&
          has('NodeNotReady', 'web', 'Node is not ready')
        );
      },
      5_000,
      'node and pod events',
    );

    // The node comes back: its unreachable taints go.
    await ready('dead');
    await renew('dead');
    await eventually(
      async () => {
        const n = await nodes.get('dead');
        return !(n.spec?.taints ?? []).some((t) => t.key === 'node.kubernetes.io/unreachable');
      },
      5_000,
      'unreachable taints lifted',
    );
  });
});

/** Runs `fn` again while it fails with 409 Conflict, up to 10 times (client-go's RetryOnConflict). */
async function retryOnConflict(fn: () => Promise<void>): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn();
    } catch (err) {
      if (!isConflict(err) || attempt === 10) throw err;
    }
  }
}
