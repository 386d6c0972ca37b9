import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { cellsFor, columnsFor } from './index.js';

// The events table, against the cells upstream's printers (1.32) produce for the same objects.

const now = new Date('2024-06-01T12:00:00Z');
const ago = (ms: number) => new Date(now.getTime() - ms).toISOString();
const S = 1000;
const D = 24 * 3600 * S;
const cells = (resource: string, obj: unknown) => cellsFor('', resource, obj, now);
const headers = (resource: string) => columnsFor('', resource).map((c) => (c.priority ? `(${c.name})` : c.name));

describe('events', () => {
  const event = {
    metadata: { name: 'event1', creationTimestamp: ago(3 * D) },
    source: { component: 'kubelet', host: 'Node1' },
    involvedObject: { kind: 'Deployment', name: 'Deployment Name', fieldPath: 'spec.containers{foo}' },
    reason: 'Event Reason',
    message: 'Message Data ',
    firstTimestamp: ago(3 * D),
    lastTimestamp: ago(2 * D),
    count: 6,
    type: 'Normal',
  };
  it('core/v1: LAST SEEN, TYPE, REASON, OBJECT, SUBOBJECT, SOURCE, MESSAGE, FIRST SEEN, COUNT, NAME', () => {
    assert.deepEqual(cells('events', event), [
      '2d',
      'Normal',
      'Event Reason',
      'deployment/Deployment Name',
      'spec.containers{foo}',
      'kubelet, Node1',
      'Message Data',
      '3d',
      6,
      'event1',
    ]);
    assert.deepEqual(headers('events'), [
      'Last Seen',
      'Type',
      'Reason',
      'Object',
      '(Subobject)',
      '(Source)',
      'Message',
      '(First Seen)',
      '(Count)',
      '(Name)',
    ]);
  });
  it('new-style events: eventTime, series, reporting controller, count 1', () => {
    const e = {
      metadata: { name: 'e2' },
      involvedObject: { kind: 'Pod' },
      eventTime: ago(5 * 60 * S).replace('Z', '000Z'),
      reportingComponent: 'default-scheduler',
      reportingInstance: 'default-scheduler-cp',
      type: 'Normal',
      reason: 'Scheduled',
      message: 'ok',
    };
    assert.deepEqual(cells('events', e), [
      '5m',
      'Normal',
      'Scheduled',
      'pod',
      '',
      'default-scheduler, default-scheduler-cp',
      'ok',
      '5m',
      1,
      'e2',
    ]);
    const series = { ...e, series: { count: 4, lastObservedTime: ago(30 * S) } };
    assert.deepEqual([cells('events', series)[0], cells('events', series)[8]], ['30s', 4]);
  });
  it('events.k8s.io/v1 objects print the same table', () => {
    const e = {
      apiVersion: 'events.k8s.io/v1',
      metadata: { name: 'event1' },
      regarding: event.involvedObject,
      note: 'Message Data',
      reason: 'Event Reason',
      type: 'Normal',
      eventTime: null,
      deprecatedSource: event.source,
      deprecatedFirstTimestamp: event.firstTimestamp,
      deprecatedLastTimestamp: event.lastTimestamp,
      deprecatedCount: 6,
    };
    assert.deepEqual(cellsFor('events.k8s.io', 'events', e, now), cells('events', event));
  });
});
