import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { update } from './field-manager.js';
import {
  decodeManagedFields,
  encodeManagedFields,
  formatTime,
  managerIdentifier,
  sortManagedFields,
  type ManagedFieldsEntry,
} from './managed-fields.js';
import { at, configMapSchema } from './test-fixtures.js';

const entry = (
  manager: string,
  operation: 'Apply' | 'Update',
  time?: string,
  extra: Partial<ManagedFieldsEntry> = {},
) => ({
  manager,
  operation,
  apiVersion: 'v1',
  ...(time ? { time } : {}),
  fieldsType: 'FieldsV1' as const,
  fieldsV1: { 'f:data': { [`f:${manager}`]: {} } },
  ...extra,
});

describe('managerIdentifier', () => {
  it('leaves the version out for appliers only', () => {
    assert.equal(
      managerIdentifier({ manager: 'kubectl', operation: 'Apply', apiVersion: 'apps/v1' }),
      '{"manager":"kubectl","operation":"Apply"}',
    );
    assert.equal(
      managerIdentifier({ manager: 'k', operation: 'Update', apiVersion: 'apps/v1', subresource: 'status' }),
      '{"manager":"k","operation":"Update","apiVersion":"apps/v1","subresource":"status"}',
    );
  });
});

describe('decodeManagedFields', () => {
  it('refuses invalid entries with upstream’s messages', () => {
    assert.throws(() => decodeManagedFields([{ ...entry('a', 'Apply'), operation: 'Patch' }]), {
      message: 'operation must be `Apply` or `Update`',
    });
    assert.throws(() => decodeManagedFields([{ ...entry('a', 'Apply'), apiVersion: '' }]), {
      message: 'apiVersion must not be empty',
    });
    assert.throws(() => decodeManagedFields([entry('a', 'Apply'), { ...entry('b', 'Apply'), fieldsType: undefined }]), {
      message: 'missing fieldsType in managed fields entry 1',
    });
    assert.throws(() => decodeManagedFields([{ ...entry('a', 'Apply'), fieldsType: 'FieldsV2' }]), {
      message: 'invalid fieldsType "FieldsV2" in managed fields entry 0',
    });
    assert.throws(
      () => decodeManagedFields([{ ...entry('a', 'Apply'), fieldsV1: { 'f:x': 3 } }]),
      /error decoding set: ReadMapCB/,
    );
  });

  it('keeps one Apply entry per manager whatever its version, the last one winning', () => {
    const m = decodeManagedFields([
      entry('a', 'Apply'),
      { ...entry('a', 'Apply'), apiVersion: 'v2' },
      entry('a', 'Update'),
    ]);
    assert.equal(m.fields.size, 2);
    assert.equal(m.fields.get('{"manager":"a","operation":"Apply"}')?.apiVersion, 'v2');
  });

  it('normalizes times to RFC 3339 seconds in UTC', () => {
    const m = decodeManagedFields([entry('a', 'Update', '2024-01-01T02:00:00.5+02:00')]);
    assert.equal([...m.times.values()][0], '2024-01-01T00:00:00Z');
    assert.throws(() => decodeManagedFields([entry('a', 'Update', 'yesterday')]), /parsing time/);
  });
});

describe('encodeManagedFields', () => {
  it('sorts Apply before Update, then by time, manager, apiVersion and subresource', () => {
    const entries = [
      entry('z', 'Update', '2024-01-01T00:00:01Z'),
      entry('b', 'Update', '2024-01-01T00:00:00Z', { subresource: 'status' }),
      entry('b', 'Update', '2024-01-01T00:00:00Z'),
      entry('y', 'Apply', '2024-01-01T00:00:09Z'),
      entry('x', 'Apply'),
    ];
    const sorted = encodeManagedFields(decodeManagedFields(entries));
    assert.deepEqual(
      sorted.map((e) => [e.manager, e.operation, e.subresource ?? '']),
      [
        ['x', 'Apply', ''],
        ['y', 'Apply', ''],
        ['b', 'Update', ''],
        ['b', 'Update', 'status'],
        ['z', 'Update', ''],
      ],
    );
    assert.deepEqual(Object.keys(sorted[3]), [
      'manager',
      'operation',
      'apiVersion',
      'time',
      'fieldsType',
      'fieldsV1',
      'subresource',
    ]);
    assert.deepEqual(sortManagedFields([...sorted].reverse()), sorted);
  });

  it('formats times as metav1.Time does', () => {
    assert.equal(formatTime(new Date('2024-03-04T05:06:07.890Z')), '2024-03-04T05:06:07Z');
  });
});

describe('update caps Update entries', () => {
  it('merges the oldest into ancient-changes once there are more than ten', () => {
    const live = {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: {
        name: 'c',
        uid: 'u',
        managedFields: Array.from({ length: 10 }, (_, i) => entry(`m${i}`, 'Update', formatTime(at(i)))),
      },
      data: Object.fromEntries(Array.from({ length: 10 }, (_, i) => [`m${i}`, 'v'])),
    };
    const updated = structuredClone(live);
    updated.data.fresh = 'v';
    const r = update({ live, updated, manager: 'newcomer', apiVersion: 'v1', schema: configMapSchema(), now: at(30) });
    assert.equal(r.managedFields.length, 10);
    const ancient = r.managedFields.find((e) => e.manager === 'ancient-changes');
    assert.deepEqual(ancient?.fieldsV1, { 'f:data': { 'f:m0': {}, 'f:m1': {} } });
    assert.equal(ancient?.time, formatTime(at(1)), 'the bucket takes the newer merged entry’s time');
    assert.ok(!r.managedFields.some((e) => e.manager === 'm0' || e.manager === 'm1'));
    assert.ok(r.managedFields.some((e) => e.manager === 'newcomer'));
  });
});
