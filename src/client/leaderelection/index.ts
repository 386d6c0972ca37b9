/**
 * Leader election on coordination.k8s.io/v1 Leases (upstream's
 * `k8s.io/client-go/tools/leaderelection`).
 */
export {
  DEFAULT_LEASE_DURATION_MS,
  DEFAULT_RENEW_DEADLINE_MS,
  DEFAULT_RETRY_PERIOD_MS,
  JITTER_FACTOR,
  resolveConfig,
  type ElectionLogger,
  type LeaderCallbacks,
  type LeaderElectionConfig,
  type ResolvedConfig,
} from './config.js';
export { FakeLeaseLock, FakeLeaseStore } from './fake-lease-lock.js';
export { HealthzAdaptor } from './healthz.js';
export { LeaderElector } from './leader-elector.js';
export {
  formatMicroTime,
  leaseSpecToRecord,
  newLease,
  parseMicroTime,
  recordFingerprint,
  recordToLeaseSpec,
  withRecord,
  type LeaderElectionRecord,
  type Lease,
  type LeaseLock,
  type LeaseSpec,
} from './lease-lock.js';
export { abortable, jitter, sleep, wallClock, type Clock } from './wait.js';
export { restLeaseLock } from './rest-lease-lock.js';
