/**
 * `local-path-provisioner`: k8ts's own dynamic provisioner, not one of upstream's
 * kube-controller-manager controllers — the counterpart of the local-path-provisioner kind and
 * k3s ship. It keeps the default StorageClass `standard` (provisioner `k8ts.io/local-path`,
 * WaitForFirstConsumer, reclaim Delete), creates a hostPath PV `pvc-<uid>` pinned to the node
 * the scheduler selected for each claim the binder hands to it, and, when such a PV is Released
 * with policy Delete, removes its directory (only below the base path) and the PV. Events come
 * from `k8ts.io/local-path`, with the external-provisioner library's reasons and messages.
 */
import { rm } from 'node:fs/promises';
import type { PersistentVolume, PersistentVolumeClaim } from 'kubernetes-types/core/v1.js';
import type { StorageClass } from 'kubernetes-types/storage/v1.js';
import { Controller, splitKey } from '../../../client/controller/controller.js';
import { isAlreadyExists, isNotFound } from '../../../machinery/errors.js';
import { RESOURCES, clientOf, informerOf, type ControllerContext, type ControllerDescriptor } from '../../context.js';
import { claimClass } from '../util.js';
import {
  DEFAULT_BASE_PATH,
  LOCAL_PATH_PROVISIONER,
  PROVISIONER_FINALIZER,
  isUnderBase,
  persistentVolumeFor,
  shouldDelete,
  shouldProvision,
  standardStorageClass,
} from './local-path.js';

/** The provisioner's options. */
export interface LocalPathOptions {
  /** Where volume directories live on the nodes (`/var/lib/k8ts/local-path`). */
  basePath: string;
  /** Removes a volume's directory; only ever called with a path below `basePath`. */
  removeDir(path: string): Promise<void>;
  /** Create the `standard` class if missing (default true). */
  ensureStandardClass: boolean;
}

const NAME = 'local-path-provisioner';

function init(ctx: ControllerContext, o: LocalPathOptions): (signal: AbortSignal) => Promise<void> {
  const log = ctx.log.child({ controller: NAME });
  const pvs = informerOf<PersistentVolume>(ctx, RESOURCES.persistentvolumes);
  const pvcs = informerOf<PersistentVolumeClaim>(ctx, RESOURCES.persistentvolumeclaims);
  const classes = informerOf<StorageClass>(ctx, RESOURCES.storageclasses);
  const pvClient = clientOf<PersistentVolume>(ctx, RESOURCES.persistentvolumes);
  const classClient = clientOf<StorageClass>(ctx, RESOURCES.storageclasses);
  const recorder = ctx.recorder(LOCAL_PATH_PROVISIONER);
  const claimEvent = (c: PersistentVolumeClaim, type: string, reason: string, message: string) =>
    recorder.event({ apiVersion: 'v1', kind: 'PersistentVolumeClaim', ...c }, type, reason, message);

  const claims = new Controller({
    name: 'local-path-claims',
    metricsProvider: ctx.metricsProvider,
    clock: ctx.clock,
    onError: (key, err) => log.info({ claim: key, err: (err as Error).message }, 'provisioning failed'),
    async reconcile(key) {
      const { namespace, name } = splitKey(key);
      const claim = pvcs.lister.get(namespace, name);
      if (!claim) return;
      const sc = classes.lister.get(undefined, claimClass(claim));
      const decision = shouldProvision(claim, sc);
      if (!decision.provision) {
        if (decision.why)
          claimEvent(
            claim,
            'Warning',
            'ProvisioningFailed',
            `failed to provision volume with StorageClass "${sc?.metadata?.name}": ${decision.why}`,
          );
        return;
      }
      const pv = persistentVolumeFor(claim, sc!, o.basePath);
      if (pvs.lister.get(undefined, pv.metadata!.name!)) return;
      claimEvent(claim, 'Normal', 'Provisioning', `External provisioner is provisioning volume for claim "${key}"`);
      try {
        await pvClient.create(pv);
      } catch (err) {
        if (isAlreadyExists(err)) return;
        claimEvent(
          claim,
          'Warning',
          'ProvisioningFailed',
          `failed to provision volume with StorageClass "${sc!.metadata?.name}": ${(err as Error).message}`,
        );
        throw err;
      }
      claimEvent(claim, 'Normal', 'ProvisioningSucceeded', `Successfully provisioned volume ${pv.metadata!.name}`);
    },
  });

  const removeBacking = async (pv: PersistentVolume) => {
    const dir = pv.spec?.hostPath?.path;
    if (!dir) return;
    if (!isUnderBase(o.basePath, dir)) {
      log.warn({ pv: pv.metadata?.name, path: dir }, 'not removing a volume directory outside the base path');
      return;
    }
    await o.removeDir(dir);
  };
  const dropFinalizer = async (pv: PersistentVolume) => {
    const left = (pv.metadata?.finalizers ?? []).filter((f) => f !== PROVISIONER_FINALIZER);
    if (left.length === (pv.metadata?.finalizers ?? []).length) return;
    await pvClient.update({
      apiVersion: 'v1',
      kind: 'PersistentVolume',
      ...pv,
      metadata: { ...pv.metadata, finalizers: left },
    });
  };
  const volumes = new Controller({
    name: 'local-path-volumes',
    metricsProvider: ctx.metricsProvider,
    clock: ctx.clock,
    onError: (key, err) => log.info({ pv: key, err: (err as Error).message }, 'volume deletion failed'),
    async reconcile(key) {
      const pv = pvs.lister.get(undefined, key);
      if (!pv || pv.metadata?.annotations?.['pv.kubernetes.io/provisioned-by'] !== LOCAL_PATH_PROVISIONER) return;
      if (pv.metadata.deletionTimestamp) {
        // Deleted directly: the directory still follows the reclaim policy, unless still in use.
        // Without our finalizer the directory is already gone (we removed both together).
        if (pv.status?.phase === 'Bound' || !pv.metadata.finalizers?.includes(PROVISIONER_FINALIZER)) return;
        if (pv.spec?.persistentVolumeReclaimPolicy === 'Delete') await removeBacking(pv);
        await dropFinalizer(pv);
        return;
      }
      if (!shouldDelete(pv)) return;
      await removeBacking(pv);
      await dropFinalizer(pv);
      try {
        await pvClient.delete(key);
      } catch (err) {
        if (!isNotFound(err)) throw err;
      }
    },
  });
  claims.watch(pvcs);
  volumes.watch(pvs);
  // A claim waiting for its class gets another look when the class appears.
  classes.addEventHandler({
    onAdd: () => pvcs.lister.list().forEach((c) => !c.spec?.volumeName && claims.enqueue(c)),
    onUpdate: () => undefined,
    onDelete: () => undefined,
  });

  return async (signal) => {
    if (o.ensureStandardClass && !classes.lister.get(undefined, 'standard')) {
      try {
        await classClient.create(standardStorageClass());
      } catch (err) {
        if (!isAlreadyExists(err)) log.warn({ err: (err as Error).message }, 'could not create StorageClass standard');
      }
    }
    await Promise.all([claims.run(1, signal), volumes.run(1, signal)]);
  };
}

/** The provisioner with `overrides` over its defaults. */
export function newLocalPathProvisionerController(overrides: Partial<LocalPathOptions> = {}): ControllerDescriptor {
  const o: LocalPathOptions = {
    basePath: DEFAULT_BASE_PATH,
    removeDir: (p) => rm(p, { recursive: true, force: true }),
    ensureStandardClass: true,
    ...overrides,
  };
  // Not an upstream controller (so no alias of its own), but on by default as kind's is.
  return { name: NAME, aliases: [], disabledByDefault: false, init: (ctx) => init(ctx, o) };
}

/** `local-path-provisioner` under `/var/lib/k8ts/local-path`. */
export const localPathProvisionerController: ControllerDescriptor = newLocalPathProvisionerController();
