/**
 * The disruption controller (upstream's pkg/controller/disruption): keeps every
 * PodDisruptionBudget's status current — expected pods, healthy pods now and desired,
 * disruptionsAllowed (what the eviction subresource spends), the evictions still in flight
 * (`disruptedPods`, forgotten after 2 minutes) and the DisruptionAllowed condition. It also resets
 * a pod's DisruptionTarget condition left True for 2 minutes on a pod that was never deleted.
 */
import type { Pod, ReplicationController } from 'kubernetes-types/core/v1.js';
import type { Deployment, ReplicaSet, StatefulSet } from 'kubernetes-types/apps/v1.js';
import type { PodDisruptionBudget } from 'kubernetes-types/policy/v1.js';
import { Controller, splitKey, type ReconcileResult } from '../../client/controller/controller.js';
import { metaNamespaceKey } from '../../client/informers/store.js';
import { isConflict } from '../../machinery/errors.js';
import { selectorFromLabelSelector } from '../../machinery/label-selector.js';
import { clientOf, informerOf, RESOURCES, type ControllerDescriptor } from '../context.js';
import { getExpectedScale, podControllerFinders } from './finders.js';
import {
  buildDisruptedPodMap,
  countHealthyPods,
  expectedPodCount,
  failSafeStatus,
  nextPdbStatus,
} from './pdb-status.js';
import { newStalePodDisruptionController } from './stale-pod-disruption.js';

/** Upstream's event source for this controller. */
const COMPONENT = 'controllermanager';

/** The PDBs in the pod's namespace whose selector matches it (none for a nil selector). */
export function pdbsForPod(pdbs: readonly PodDisruptionBudget[], pod: Pod): PodDisruptionBudget[] {
  return pdbs.filter((pdb) => {
    try {
      return selectorFromLabelSelector(pdb.spec?.selector).matches(pod.metadata?.labels ?? {});
    } catch {
      return false;
    }
  });
}

/** `disruption-controller`: PodDisruptionBudget status. */
export const disruptionController: ControllerDescriptor = {
  name: 'disruption-controller',
  aliases: ['disruption'],
  init(ctx) {
    const pods = informerOf<Pod>(ctx, RESOURCES.pods);
    const pdbs = informerOf<PodDisruptionBudget>(ctx, RESOURCES.poddisruptionbudgets);
    const rcs = informerOf<ReplicationController>(ctx, RESOURCES.replicationcontrollers);
    const rss = informerOf<ReplicaSet>(ctx, RESOURCES.replicasets);
    const deployments = informerOf<Deployment>(ctx, RESOURCES.deployments);
    const statefulsets = informerOf<StatefulSet>(ctx, RESOURCES.statefulsets);
    const pdbClient = clientOf<PodDisruptionBudget>(ctx, RESOURCES.poddisruptionbudgets);
    const recorder = ctx.recorder(COMPONENT);
    const log = ctx.log.child({ controller: 'disruption-controller' });
    const finders = podControllerFinders({
      rcs: rcs.lister,
      rss: rss.lister,
      deployments: deployments.lister,
      statefulsets: statefulsets.lister,
      client: ctx.client,
    });

    const writeStatus = (pdb: PodDisruptionBudget, status: PodDisruptionBudget['status']) =>
      pdbClient.updateStatus({ ...pdb, status }, { namespace: pdb.metadata?.namespace });

    const trySync = async (pdb: PodDisruptionBudget): Promise<ReconcileResult | void> => {
      let selected: Pod[];
      try {
        selected = pods.lister.listInNamespace(pdb.metadata!.namespace!, selectorFromLabelSelector(pdb.spec?.selector));
      } catch (err) {
        recorder.eventf(pdb, 'Warning', 'NoPods', 'Failed to get pods: %v', (err as Error).message);
        throw err;
      }
      if (selected.length === 0) recorder.eventf(pdb, 'Normal', 'NoPods', 'No matching pods found');
      let counts;
      try {
        counts = await expectedPodCount(pdb, selected, () => getExpectedScale(finders, selected));
      } catch (err) {
        recorder.eventf(
          pdb,
          'Warning',
          'CalculateExpectedPodCountFailed',
          'Failed to calculate the number of expected pods: %v',
          (err as Error).message,
        );
        throw err;
      }
      if (counts.unmanagedPods.length > 0)
        recorder.eventf(
          pdb,
          'Warning',
          'UnmanagedPods',
          'Pods selected by this PodDisruptionBudget (selector: %v) were found to be unmanaged. As a result, the status of the PDB cannot be calculated correctly, which may result in undefined behavior. To account for these pods please set ".spec.minAvailable" field of the PDB to an integer value.',
          JSON.stringify(pdb.spec?.selector),
        );
      const now = ctx.now();
      const { disruptedPods, recheckAtMs, expired } = buildDisruptedPodMap(selected, pdb, now);
      for (const pod of expired)
        recorder.eventf(
          { ...pod, apiVersion: 'v1', kind: 'Pod' },
          'Warning',
          'NotDeleted',
          "Pod was expected by PDB %s/%s to be deleted but it wasn't",
          pdb.metadata?.namespace,
          pdb.metadata?.name,
        );
      const currentHealthy = countHealthyPods(selected, disruptedPods, now);
      const status = nextPdbStatus(pdb, { ...counts, currentHealthy, disruptedPods }, now);
      if (status) await writeStatus(pdb, status);
      // Come back when the oldest pending eviction expires.
      if (recheckAtMs !== undefined) return { requeueAfterMs: Math.max(0, recheckAtMs - now) };
    };

    const reconcile = async (key: string): Promise<ReconcileResult | void> => {
      const { namespace, name } = splitKey(key);
      const cached = pdbs.lister.get(namespace, name);
      if (!cached) return;
      const pdb: PodDisruptionBudget = { ...cached, apiVersion: 'policy/v1', kind: 'PodDisruptionBudget' };
      try {
        return await trySync(pdb);
      } catch (err) {
        // A conflict is retried as is; anything else first closes the budget (fail safe).
        if (isConflict(err)) throw err;
        log.info({ key, err: String(err) }, 'Failed to sync PDB');
        await writeStatus(pdb, failSafeStatus(pdb, err instanceof Error ? err.message : String(err), ctx.now()));
      }
    };

    const controller = new Controller({
      name: 'disruption',
      reconcile,
      metricsProvider: ctx.metricsProvider,
      clock: ctx.clock,
      onError: (key, err) => log.info({ key, err: String(err) }, `Error syncing PodDisruptionBudget ${key}, requeuing`),
    });
    const stale = newStalePodDisruptionController(ctx, pods);

    pdbs.addEventHandler({
      onAdd: (p) => controller.enqueue(p),
      onUpdate: (_, p) => controller.enqueue(p),
      onDelete: (p) => controller.enqueue(p),
    });
    const podChanged = (pod: Pod) => {
      const matching = pdbsForPod(pdbs.lister.listInNamespace(pod.metadata?.namespace ?? ''), pod);
      if (matching.length > 1) {
        const msg = `Pod "${pod.metadata?.namespace}"/"${pod.metadata?.name}" matches multiple PodDisruptionBudgets.  Chose "${matching[0].metadata?.name}" arbitrarily.`;
        recorder.event({ ...pod, apiVersion: 'v1', kind: 'Pod' }, 'Warning', 'MultiplePodDisruptionBudgets', msg);
      }
      if (matching.length > 0) controller.queue.add(metaNamespaceKey(matching[0]));
    };
    pods.addEventHandler({
      onAdd: (p) => {
        podChanged(p);
        stale.podChanged(p);
      },
      onUpdate: (_, p) => {
        podChanged(p);
        stale.podChanged(p);
      },
      onDelete: podChanged,
    });

    return async (signal) => {
      await Promise.all([controller.run(1, signal), stale.controller.run(1, signal)]);
    };
  },
};
