/** ControllerRevision history shared by the StatefulSet and DaemonSet controllers (upstream's `pkg/controller/history`). */
export * from './hash.js';
export * from './history.js';
