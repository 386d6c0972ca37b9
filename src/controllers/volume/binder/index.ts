/** The PersistentVolume binder. */
export {
  newPersistentVolumeBinderController,
  persistentVolumeBinderController,
  type BinderTuning,
} from './controller.js';
