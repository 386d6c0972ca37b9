/** The pod garbage collector. */
export { PodGC, defaultPodGCTuning, newPodGCController, podGCController, type PodGCTuning } from './controller.js';
