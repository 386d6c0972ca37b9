/**
 * An in-memory Lease for tests: a {@link FakeLeaseStore} holds one Lease with a resourceVersion
 * counter and answers like the API server (AlreadyExists, Conflict on a stale resourceVersion);
 * each contender gets its own {@link FakeLeaseLock} view, which can be made to fail.
 */
import { errors } from '../../machinery/errors.js';
import type { Lease, LeaseLock } from './lease-lock.js';

const resource = { group: 'coordination.k8s.io', name: 'leases' };

/** One stored Lease, `namespace/name`, shared by any number of locks. */
export class FakeLeaseStore {
  /** The stored Lease, if created. */
  lease: Lease | undefined;
  /** Every successful create/update, in order, with the time `now()` read when it happened. */
  readonly writes: { at: number; lease: Lease }[] = [];
  private resourceVersion = 0;

  /** A store for `namespace/name`; `now` stamps {@link FakeLeaseStore.writes}. */
  constructor(
    readonly namespace = 'kube-system',
    readonly name = 'test-lock',
    private readonly now: () => number = Date.now,
  ) {}

  /** A new view of this store, as one contender's client. */
  lock(): FakeLeaseLock {
    return new FakeLeaseLock(this);
  }

  /** Reads the Lease (a copy). */
  async get(): Promise<Lease | undefined> {
    await Promise.resolve();
    return this.lease && structuredClone(this.lease);
  }

  /** Creates the Lease, assigning a resourceVersion. */
  async create(lease: Lease): Promise<Lease> {
    await Promise.resolve();
    if (this.lease) throw errors.alreadyExists(resource, this.name);
    return this.store(lease);
  }

  /** Replaces the Lease if `lease.metadata.resourceVersion` is current. */
  async update(lease: Lease): Promise<Lease> {
    await Promise.resolve();
    if (!this.lease) throw errors.notFound(resource, this.name);
    if (lease.metadata?.resourceVersion !== this.lease.metadata?.resourceVersion) {
      throw errors.modified(resource, this.name);
    }
    return this.store(lease);
  }

  private store(lease: Lease): Lease {
    const stored: Lease = structuredClone(lease);
    stored.metadata = {
      ...stored.metadata,
      namespace: this.namespace,
      name: this.name,
      resourceVersion: String(++this.resourceVersion),
    };
    this.lease = stored;
    this.writes.push({ at: this.now(), lease: structuredClone(stored) });
    return structuredClone(stored);
  }
}

/** One contender's access to a {@link FakeLeaseStore}. Set `failing` to simulate API errors. */
export class FakeLeaseLock implements LeaseLock {
  /** While true, every call rejects with a 503 ServiceUnavailable `ApiError`. */
  failing = false;
  /** Calls made through this lock, by verb. */
  readonly calls = { get: 0, create: 0, update: 0 };

  /** A view of `store`. */
  constructor(private readonly store: FakeLeaseStore) {}

  get namespace(): string {
    return this.store.namespace;
  }

  get name(): string {
    return this.store.name;
  }

  /** See {@link LeaseLock.get}. */
  async get(): Promise<Lease | undefined> {
    this.calls.get++;
    this.check();
    return this.store.get();
  }

  /** See {@link LeaseLock.create}. */
  async create(lease: Lease): Promise<Lease> {
    this.calls.create++;
    this.check();
    return this.store.create(lease);
  }

  /** See {@link LeaseLock.update}. */
  async update(lease: Lease): Promise<Lease> {
    this.calls.update++;
    this.check();
    return this.store.update(lease);
  }

  private check(): void {
    if (this.failing) throw errors.serviceUnavailable('the server is currently unable to handle the request');
  }
}
