/** PersistentVolume binding and k8ts's local hostPath provisioner. */
export * from './binder/index.js';
export * from './provisioner/index.js';
