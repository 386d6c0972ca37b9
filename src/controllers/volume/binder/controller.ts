/**
 * `persistentvolume-binder-controller` (upstream's `pkg/controller/volume/persistentvolume`,
 * events from `persistentvolume-controller`): one queue of claims and one of volumes, each
 * synced on every change and again every `--pvclaimbinder-sync-period` (15 s) while it is not
 * settled (a Pending claim, a Released or Failed volume), as upstream's informer resync does.
 */
import type { PersistentVolume, PersistentVolumeClaim, Pod } from 'kubernetes-types/core/v1.js';
import type { StorageClass } from 'kubernetes-types/storage/v1.js';
import { Controller, splitKey } from '../../../client/controller/controller.js';
import { RESOURCES, clientOf, informerOf, type ControllerContext, type ControllerDescriptor } from '../../context.js';
import type { BinderDeps } from './deps.js';
import { syncClaim } from './sync-claim.js';
import { syncVolume } from './sync-volume.js';

/** The binder's flags (times in ms). */
export interface BinderTuning {
  /** `--pvclaimbinder-sync-period` (15 s). */
  syncPeriodMs: number;
}

const NAME = 'persistentvolume-binder-controller';

function init(ctx: ControllerContext, tuning: BinderTuning): (signal: AbortSignal) => Promise<void> {
  const log = ctx.log.child({ controller: NAME });
  const pvs = informerOf<PersistentVolume>(ctx, RESOURCES.persistentvolumes);
  const pvcs = informerOf<PersistentVolumeClaim>(ctx, RESOURCES.persistentvolumeclaims);
  const classes = informerOf<StorageClass>(ctx, RESOURCES.storageclasses);
  const pods = informerOf<Pod>(ctx, RESOURCES.pods);
  const recorder = ctx.recorder('persistentvolume-controller');
  const opts = { metricsProvider: ctx.metricsProvider, clock: ctx.clock };
  const onError = (what: string) => (key: string, err: unknown) =>
    log.info({ [what]: key, err: (err as Error).message }, `could not sync ${what}`);
  const claims = new Controller({
    name: 'claims',
    ...opts,
    onError: onError('claim'),
    async reconcile(key) {
      const { namespace, name } = splitKey(key);
      const claim = pvcs.lister.get(namespace, name);
      if (!claim) {
        // The volume it used (if any) gets released by its own sync.
        for (const pv of pvs.lister.list()) {
          const ref = pv.spec?.claimRef;
          if (ref?.namespace === namespace && ref.name === name) volumes.enqueue(pv);
        }
        return;
      }
      await syncClaim(deps, claim);
      const settled = claim.status?.phase === 'Bound' || claim.status?.phase === 'Lost';
      return settled ? undefined : { requeueAfterMs: tuning.syncPeriodMs };
    },
  });
  const volumes = new Controller({
    name: 'volumes',
    ...opts,
    onError: onError('volume'),
    async reconcile(key) {
      const pv = pvs.lister.get(undefined, key);
      if (!pv) return;
      await syncVolume(deps, pv);
      const phase = pv.status?.phase;
      return phase === 'Released' || phase === 'Failed' || phase === 'Pending'
        ? { requeueAfterMs: tuning.syncPeriodMs }
        : undefined;
    },
  });
  const deps: BinderDeps = {
    volumes: () => pvs.lister.list(),
    volume: (name) => pvs.lister.get(undefined, name),
    claim: (ns, name) => pvcs.lister.get(ns, name),
    storageClass: (name) => classes.lister.get(undefined, name),
    classes: () => classes.lister.list(),
    pods: (ns) => pods.lister.listInNamespace(ns),
    pvClient: clientOf<PersistentVolume>(ctx, RESOURCES.persistentvolumes),
    pvcClient: clientOf<PersistentVolumeClaim>(ctx, RESOURCES.persistentvolumeclaims),
    event: (obj, type, reason, message) => {
      const kind = obj.spec && 'resources' in obj.spec ? 'PersistentVolumeClaim' : 'PersistentVolume';
      recorder.event({ apiVersion: 'v1', kind, ...obj }, type, reason, message);
    },
    enqueueClaim: (key) => claims.queue.add(key),
  };
  claims.watch(pvcs);
  volumes.watch(pvs);
  // A new class may let a waiting claim provision or bind.
  classes.addEventHandler({
    onAdd: () => pvcs.lister.list().forEach((c) => !c.spec?.volumeName && claims.enqueue(c)),
    onUpdate: () => undefined,
    onDelete: () => undefined,
  });
  return async (signal) => {
    await Promise.all([claims.run(1, signal), volumes.run(1, signal)]);
  };
}

/** The binder with `overrides` over upstream's flags. */
export function newPersistentVolumeBinderController(overrides: Partial<BinderTuning> = {}): ControllerDescriptor {
  const tuning = { syncPeriodMs: 15_000, ...overrides };
  return { name: NAME, aliases: ['persistentvolume-binder'], init: (ctx) => init(ctx, tuning) };
}

/** `persistentvolume-binder-controller` with upstream's sync period. */
export const persistentVolumeBinderController: ControllerDescriptor = newPersistentVolumeBinderController();
