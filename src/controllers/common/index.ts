/** What the workload controllers share: pod predicates, controller references, expectations, pod creation. */
export * from './controller-ref.js';
export * from './expectations.js';
export * from './pod-control.js';
export * from './pod-util.js';
export * from './slow-start.js';
