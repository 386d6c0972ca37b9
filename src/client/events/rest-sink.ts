/**
 * An {@link EventSink} on the API: core/v1 Events created, patched (a strategic merge patch of
 * count, lastTimestamp and message, as upstream's recorder sends) and updated through the REST
 * client.
 */
import type { RestClient } from '../rest/index.js';
import { ResourceClient } from '../rest/index.js';
import type { Event, EventSink } from './types.js';

const EVENTS = { group: '', version: 'v1', resource: 'events', namespaced: true };

export function restEventSink(client: RestClient): EventSink {
  const events = new ResourceClient<Event>(client, EVENTS);
  return {
    create: (namespace, event) => events.create({ apiVersion: 'v1', kind: 'Event', ...event }, { namespace }),
    patch: (namespace, name, patch) => events.patch(name, 'strategic', patch, { namespace }),
    update: (namespace, event) => events.update({ apiVersion: 'v1', kind: 'Event', ...event }, { namespace }),
  };
}
