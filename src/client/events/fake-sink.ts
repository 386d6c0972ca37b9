/**
 * An in-memory {@link EventSink} for tests: stores events by namespace/name with a
 * resourceVersion counter, answers like the API server would (AlreadyExists, NotFound as
 * `ApiError`s), records every call, and fails on demand.
 */
import { errors } from '../../machinery/errors.js';
import type { Event, EventPatch, EventSink } from './types.js';

/** One call made to the fake sink. */
export type SinkCall =
  | { verb: 'create'; namespace: string; event: Event }
  | { verb: 'patch'; namespace: string; name: string; patch: EventPatch }
  | { verb: 'update'; namespace: string; event: Event };

const resource = { group: '', name: 'events' };

/** An event store standing in for the API server's events endpoint. */
export class FakeEventSink implements EventSink {
  /** Stored events, keyed `namespace/name`. */
  readonly events = new Map<string, Event>();
  /** Every call, in order, including failed ones. */
  readonly calls: SinkCall[] = [];
  private nextResourceVersion = 1;
  private failures: unknown[] = [];

  /** Makes the next `times` calls reject with `error` (a transport error by default). */
  failNext(times: number, error: unknown = new Error('connection refused')): void {
    for (let i = 0; i < times; i++) this.failures.push(error);
  }

  /** Stores a new event; AlreadyExists if the name is taken. */
  async create(namespace: string, event: Event): Promise<Event> {
    this.calls.push({ verb: 'create', namespace, event: structuredClone(event) });
    this.maybeFail();
    const name = event.metadata.name ?? '';
    const key = `${namespace}/${name}`;
    if (this.events.has(key)) throw errors.alreadyExists(resource, name);
    const stored: Event = structuredClone(event);
    stored.metadata = { ...stored.metadata, namespace, resourceVersion: String(this.nextResourceVersion++) };
    this.events.set(key, stored);
    return structuredClone(stored);
  }

  /** Merges `patch` into the stored event; NotFound if there is none. */
  async patch(namespace: string, name: string, patch: EventPatch): Promise<Event> {
    this.calls.push({ verb: 'patch', namespace, name, patch: { ...patch } });
    this.maybeFail();
    const stored = this.events.get(`${namespace}/${name}`);
    if (!stored) throw errors.notFound(resource, name);
    Object.assign(stored, patch);
    stored.metadata = { ...stored.metadata, resourceVersion: String(this.nextResourceVersion++) };
    return structuredClone(stored);
  }

  /** Replaces the stored event; NotFound if there is none. */
  async update(namespace: string, event: Event): Promise<Event> {
    this.calls.push({ verb: 'update', namespace, event: structuredClone(event) });
    this.maybeFail();
    const name = event.metadata.name ?? '';
    const key = `${namespace}/${name}`;
    if (!this.events.has(key)) throw errors.notFound(resource, name);
    const stored: Event = structuredClone(event);
    stored.metadata = { ...stored.metadata, namespace, resourceVersion: String(this.nextResourceVersion++) };
    this.events.set(key, stored);
    return structuredClone(stored);
  }

  private maybeFail(): void {
    if (this.failures.length) throw this.failures.shift();
  }
}
