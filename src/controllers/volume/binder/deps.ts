/** What the binder's sync functions read and write, so they run against caches or fakes. */
import type { PersistentVolume, PersistentVolumeClaim, Pod } from 'kubernetes-types/core/v1.js';
import type { StorageClass } from 'kubernetes-types/storage/v1.js';
import type { ResourceClient } from '../../../client/rest/resource-client.js';

export interface BinderDeps {
  volumes(): PersistentVolume[];
  volume(name: string): PersistentVolume | undefined;
  claim(namespace: string, name: string): PersistentVolumeClaim | undefined;
  storageClass(name: string): StorageClass | undefined;
  classes(): StorageClass[];
  pods(namespace: string): Pod[];
  pvClient: ResourceClient<PersistentVolume>;
  pvcClient: ResourceClient<PersistentVolumeClaim>;
  /** An event from `persistentvolume-controller` (apiVersion and kind are filled in). */
  event(
    obj: PersistentVolume | PersistentVolumeClaim,
    type: 'Normal' | 'Warning',
    reason: string,
    message: string,
  ): void;
  /** Asks for a claim sync soon (a provisioned or pre-bound volume waits for its claim). */
  enqueueClaim(key: string): void;
}
