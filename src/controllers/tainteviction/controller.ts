/**
 * `taint-eviction-controller` (upstream's `pkg/controller/tainteviction`): deletes the pods
 * bound to nodes with NoExecute taints they do not tolerate — at once, or once the smallest
 * matching `tolerationSeconds` has passed since the taint was added — and forgets the eviction
 * when the taint goes or the pod comes to tolerate it.
 *
 * One work queue keyed by pod does all of it: a node's NoExecute taint change enqueues the node's
 * pods, a pod's binding or tolerations change enqueues the pod, and a reconcile that finds the
 * eviction still ahead asks to be called again at that time (the queue's `addAfter`, which keeps
 * the earliest time asked for). There is no timer per pod per taint.
 */
import type { Node, Pod, Taint } from 'kubernetes-types/core/v1.js';
import { Controller, splitKey } from '../../client/controller/controller.js';
import { metaNamespaceKey } from '../../client/informers/store.js';
import {
  RESOURCES,
  clientOf,
  informerOf,
  workersOf,
  type ControllerContext,
  type ControllerDescriptor,
} from '../context.js';
import { TAINT_DISRUPTION_CONDITION, addConditionAndDeletePod } from './pod-status.js';
import { evictionDecision, noExecuteTaints, taintId } from './tolerations.js';

const POD_NODE_NAME_INDEX = 'spec.nodeName';

/** The taint eviction controller's name, also the source of its events. */
export const TAINT_EVICTION_CONTROLLER = 'taint-eviction-controller';

const sameJSON = (a: unknown, b: unknown) => JSON.stringify(a ?? []) === JSON.stringify(b ?? []);

function init(ctx: ControllerContext): (signal: AbortSignal) => Promise<void> {
  const log = ctx.log.child({ controller: TAINT_EVICTION_CONTROLLER });
  const nodes = informerOf<Node>(ctx, RESOURCES.nodes);
  const pods = informerOf<Pod>(ctx, RESOURCES.pods);
  if (!pods.indexer.indexNames().includes(POD_NODE_NAME_INDEX)) {
    pods.indexer.addIndexers({ [POD_NODE_NAME_INDEX]: (p) => (p.spec?.nodeName ? [p.spec.nodeName] : []) });
  }
  const podClient = clientOf<Pod>(ctx, RESOURCES.pods);
  const recorder = ctx.recorder(TAINT_EVICTION_CONTROLLER);
  /** When this controller first saw each NoExecute taint (wall ms), by node and taint. */
  const firstSeen = new Map<string, number>();
  /** Pods with an eviction ahead of them, for the "Cancelling deletion" event. */
  const scheduled = new Set<string>();

  const podRef = (namespace: string, name: string) => ({ apiVersion: 'v1', kind: 'Pod', namespace, name });
  const cancel = (key: string) => {
    if (!scheduled.delete(key)) return;
    const { namespace, name } = splitKey(key);
    recorder.eventf(podRef(namespace, name), 'Normal', 'TaintManagerEviction', 'Cancelling deletion of Pod %s', key);
  };
  const noteTaints = (node: Node) => {
    const now = ctx.now();
    for (const t of noExecuteTaints(node.spec?.taints)) {
      const id = taintId(node.metadata!.name!, t);
      if (!firstSeen.has(id)) firstSeen.set(id, now);
    }
  };

  const controller = new Controller({
    name: 'noexec_taint_pod',
    metricsProvider: ctx.metricsProvider,
    clock: ctx.clock,
    onError: (key, err) => log.warn({ pod: key, err }, 'failed to evict pod'),
    async reconcile(key) {
      const { namespace, name } = splitKey(key);
      const pod = pods.lister.get(namespace, name);
      // A pod already on its way out is not deleted again.
      if (!pod || pod.metadata?.deletionTimestamp || !pod.spec?.nodeName) {
        if (!pod) scheduled.delete(key);
        else cancel(key);
        return;
      }
      const nodeName = pod.spec.nodeName;
      const node = nodes.lister.get(undefined, nodeName);
      const taints = noExecuteTaints(node?.spec?.taints);
      const now = ctx.now();
      const decision = evictionDecision(taints, pod.spec.tolerations, now, (t: Taint) => {
        const id = taintId(nodeName, t);
        if (!firstSeen.has(id)) firstSeen.set(id, now);
        return firstSeen.get(id)!;
      });
      if (decision.kind === 'keep') {
        cancel(key);
        return;
      }
      if (decision.atMs > now) {
        scheduled.add(key);
        return { requeueAfterMs: decision.atMs - now };
      }
      scheduled.delete(key);
      log.info({ pod: key }, 'Deleting pod');
      recorder.eventf(podRef(namespace, name), 'Normal', 'TaintManagerEviction', 'Marking for deletion Pod %s', key);
      await addConditionAndDeletePod(podClient, namespace, name, TAINT_DISRUPTION_CONDITION, now);
    },
  });

  const enqueueNodePods = (nodeName: string) => {
    for (const p of pods.indexer.byIndex(POD_NODE_NAME_INDEX, nodeName)) controller.queue.add(metaNamespaceKey(p));
  };
  const forgetGoneTaints = (n: Node) => {
    const prefix = `${n.metadata!.name!}\x00`;
    const present = new Set(noExecuteTaints(n.spec?.taints).map((t) => taintId(n.metadata!.name!, t)));
    for (const id of firstSeen.keys()) if (id.startsWith(prefix) && !present.has(id)) firstSeen.delete(id);
  };
  nodes.addEventHandler({
    onAdd: (n) => {
      noteTaints(n);
      if (noExecuteTaints(n.spec?.taints).length) enqueueNodePods(n.metadata!.name!);
    },
    onUpdate: (old, n) => {
      noteTaints(n);
      if (!sameJSON(noExecuteTaints(old.spec?.taints), noExecuteTaints(n.spec?.taints))) {
        enqueueNodePods(n.metadata!.name!);
        forgetGoneTaints(n);
      }
    },
    onDelete: (n) => {
      const prefix = `${n.metadata!.name!}\x00`;
      for (const id of firstSeen.keys()) if (id.startsWith(prefix)) firstSeen.delete(id);
      enqueueNodePods(n.metadata!.name!);
    },
  });
  pods.addEventHandler({
    onAdd: (p) => {
      if (p.spec?.nodeName) controller.queue.add(metaNamespaceKey(p));
    },
    onUpdate: (old, p) => {
      if (old.spec?.nodeName !== p.spec?.nodeName || !sameJSON(old.spec?.tolerations, p.spec?.tolerations))
        controller.queue.add(metaNamespaceKey(p));
    },
    onDelete: (p) => controller.queue.add(metaNamespaceKey(p)),
  });

  return (signal) => controller.run(workersOf(ctx, 'taint-eviction', 8), signal);
}

/** `taint-eviction-controller`: evicts pods from NoExecute-tainted nodes. */
export const taintEvictionController: ControllerDescriptor = {
  name: TAINT_EVICTION_CONTROLLER,
  aliases: [],
  init,
};
