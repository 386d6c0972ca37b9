/** RepackSubsets, with upstream's TestPackSubsets table (pkg/api/v1/endpoints/util_test.go). */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { EndpointAddress, EndpointSubset } from 'kubernetes-types/core/v1.js';
import { repackSubsets, sortSubsets } from './repack.js';

const a = (ip: string, uid?: string): EndpointAddress => (uid === undefined ? { ip } : { ip, targetRef: { uid } });
const ref = (ip: string, name: string): EndpointAddress => ({ ip, targetRef: { name } });
const p = (...ports: number[]) => ports.map((port) => ({ port }));

const cases: { name: string; given: EndpointSubset[]; expect: EndpointSubset[] }[] = [
  { name: 'empty everything', given: [{ addresses: [], ports: [] }], expect: [] },
  { name: 'empty addresses', given: [{ addresses: [], ports: p(111) }], expect: [] },
  // Newer upstream keeps the addresses of a subset without ports (a headless service without ports).
  { name: 'empty ports', given: [{ addresses: [a('1.2.3.4')], ports: [] }], expect: [{ addresses: [a('1.2.3.4')] }] },
  {
    name: 'empty ports, not ready',
    given: [{ notReadyAddresses: [a('1.2.3.4')], ports: [] }],
    expect: [{ notReadyAddresses: [a('1.2.3.4')] }],
  },
  {
    name: 'one set, one ip, one port',
    given: [{ addresses: [a('1.2.3.4')], ports: p(111) }],
    expect: [{ addresses: [a('1.2.3.4')], ports: p(111) }],
  },
  {
    name: 'one set, one ip, one port (IPv6)',
    given: [{ addresses: [a('beef::1:2:3:4')], ports: p(111) }],
    expect: [{ addresses: [a('beef::1:2:3:4')], ports: p(111) }],
  },
  {
    name: 'one set, one notReady ip, one port',
    given: [{ notReadyAddresses: [a('1.2.3.4')], ports: p(111) }],
    expect: [{ notReadyAddresses: [a('1.2.3.4')], ports: p(111) }],
  },
  {
    name: 'one set, one ip, one UID, one port',
    given: [{ addresses: [a('1.2.3.4', 'uid-1')], ports: p(111) }],
    expect: [{ addresses: [a('1.2.3.4', 'uid-1')], ports: p(111) }],
  },
  {
    name: 'one set, one notReady ip, one UID, one port',
    given: [{ notReadyAddresses: [a('1.2.3.4', 'uid-1')], ports: p(111) }],
    expect: [{ notReadyAddresses: [a('1.2.3.4', 'uid-1')], ports: p(111) }],
  },
  {
    name: 'one set, one ip, empty UID, one port',
    given: [{ addresses: [a('1.2.3.4', '')], ports: p(111) }],
    expect: [{ addresses: [a('1.2.3.4', '')], ports: p(111) }],
  },
  {
    name: 'one set, two ips, one port',
    given: [{ addresses: [a('1.2.3.4'), a('5.6.7.8')], ports: p(111) }],
    expect: [{ addresses: [a('1.2.3.4'), a('5.6.7.8')], ports: p(111) }],
  },
  {
    name: 'one set, two mixed ips, one port',
    given: [{ addresses: [a('1.2.3.4')], notReadyAddresses: [a('5.6.7.8')], ports: p(111) }],
    expect: [{ addresses: [a('1.2.3.4')], notReadyAddresses: [a('5.6.7.8')], ports: p(111) }],
  },
  {
    name: 'one set, two duplicate ips, one port, notReady is covered by ready',
    given: [{ addresses: [a('1.2.3.4')], notReadyAddresses: [a('1.2.3.4')], ports: p(111) }],
    expect: [{ notReadyAddresses: [a('1.2.3.4')], ports: p(111) }],
  },
  {
    name: 'one set, one ip, two ports',
    given: [{ addresses: [a('1.2.3.4')], ports: p(111, 222) }],
    expect: [{ addresses: [a('1.2.3.4')], ports: p(111, 222) }],
  },
  {
    name: 'one set, dup ips, one port',
    given: [{ addresses: [a('1.2.3.4'), a('1.2.3.4')], ports: p(111) }],
    expect: [{ addresses: [a('1.2.3.4')], ports: p(111) }],
  },
  {
    name: 'one set, dup ips, one port (IPv6)',
    given: [{ addresses: [a('beef::1'), a('beef::1')], ports: p(111) }],
    expect: [{ addresses: [a('beef::1')], ports: p(111) }],
  },
  {
    name: 'one set, dup ips with target-refs, one port',
    given: [{ addresses: [ref('1.2.3.4', 'foo'), ref('1.2.3.4', 'bar')], ports: p(111) }],
    expect: [{ addresses: [ref('1.2.3.4', 'foo')], ports: p(111) }],
  },
  {
    name: 'one set, dup mixed ips with target-refs, one port',
    given: [{ addresses: [ref('1.2.3.4', 'foo')], notReadyAddresses: [ref('1.2.3.4', 'bar')], ports: p(111) }],
    expect: [{ notReadyAddresses: [ref('1.2.3.4', 'foo')], ports: p(111) }],
  },
  {
    name: 'one set, one ip, dup ports',
    given: [{ addresses: [a('1.2.3.4')], ports: p(111, 111) }],
    expect: [{ addresses: [a('1.2.3.4')], ports: p(111) }],
  },
  {
    name: 'two sets, dup ip, dup port',
    given: [
      { addresses: [a('1.2.3.4')], ports: p(111) },
      { addresses: [a('1.2.3.4')], ports: p(111) },
    ],
    expect: [{ addresses: [a('1.2.3.4')], ports: p(111) }],
  },
  {
    name: 'two sets, dup mixed ip, dup port',
    given: [
      { addresses: [a('1.2.3.4')], ports: p(111) },
      { notReadyAddresses: [a('1.2.3.4')], ports: p(111) },
    ],
    expect: [{ notReadyAddresses: [a('1.2.3.4')], ports: p(111) }],
  },
  {
    name: 'two sets, dup ip, two ports',
    given: [
      { addresses: [a('1.2.3.4')], ports: p(111) },
      { addresses: [a('1.2.3.4')], ports: p(222) },
    ],
    expect: [{ addresses: [a('1.2.3.4')], ports: p(111, 222) }],
  },
  {
    name: 'two sets, dup ip, dup uids, two ports',
    given: [
      { addresses: [a('1.2.3.4', 'uid-1')], ports: p(111) },
      { addresses: [a('1.2.3.4', 'uid-1')], ports: p(222) },
    ],
    expect: [{ addresses: [a('1.2.3.4', 'uid-1')], ports: p(111, 222) }],
  },
  {
    name: 'two sets, dup mixed ip, dup uids, two ports',
    given: [
      { addresses: [a('1.2.3.4', 'uid-1')], ports: p(111) },
      { notReadyAddresses: [a('1.2.3.4', 'uid-1')], ports: p(222) },
    ],
    expect: [
      { addresses: [a('1.2.3.4', 'uid-1')], ports: p(111) },
      { notReadyAddresses: [a('1.2.3.4', 'uid-1')], ports: p(222) },
    ],
  },
  {
    name: 'two sets, two ips, dup port',
    given: [
      { addresses: [a('1.2.3.4')], ports: p(111) },
      { addresses: [a('5.6.7.8')], ports: p(111) },
    ],
    expect: [{ addresses: [a('1.2.3.4'), a('5.6.7.8')], ports: p(111) }],
  },
  {
    name: 'two set, dup ip, two uids, dup ports',
    given: [
      { addresses: [a('1.2.3.4', 'uid-1')], ports: p(111) },
      { addresses: [a('1.2.3.4', 'uid-2')], ports: p(111) },
    ],
    expect: [{ addresses: [a('1.2.3.4', 'uid-1'), a('1.2.3.4', 'uid-2')], ports: p(111) }],
  },
  {
    name: 'two set, dup ip, with and without uid, dup ports',
    given: [
      { addresses: [a('1.2.3.4')], ports: p(111) },
      { addresses: [a('1.2.3.4', 'uid-2')], ports: p(111) },
    ],
    expect: [{ addresses: [a('1.2.3.4'), a('1.2.3.4', 'uid-2')], ports: p(111) }],
  },
  {
    name: 'two sets, two ips, two dup ip with uid, dup port, wrong order',
    given: [
      { addresses: [a('5.6.7.8')], ports: p(111) },
      { addresses: [a('5.6.7.8', 'uid-1')], ports: p(111) },
      { addresses: [a('1.2.3.4', 'uid-1')], ports: p(111) },
      { addresses: [a('1.2.3.4')], ports: p(111) },
    ],
    expect: [{ addresses: [a('1.2.3.4'), a('1.2.3.4', 'uid-1'), a('5.6.7.8'), a('5.6.7.8', 'uid-1')], ports: p(111) }],
  },
  {
    name: 'two sets, two mixed ips, two dup ip with uid, dup port, wrong order, ends up with split addresses',
    given: [
      { addresses: [a('5.6.7.8')], ports: p(111) },
      { notReadyAddresses: [a('5.6.7.8', 'uid-1')], ports: p(111) },
      { notReadyAddresses: [a('1.2.3.4', 'uid-1')], ports: p(111) },
      { notReadyAddresses: [a('1.2.3.4')], ports: p(111) },
    ],
    expect: [
      {
        addresses: [a('5.6.7.8')],
        notReadyAddresses: [a('1.2.3.4'), a('1.2.3.4', 'uid-1'), a('5.6.7.8', 'uid-1')],
        ports: p(111),
      },
    ],
  },
  {
    name: 'two sets, two ips, two ports',
    given: [
      { addresses: [a('1.2.3.4')], ports: p(111) },
      { addresses: [a('5.6.7.8')], ports: p(222) },
    ],
    expect: [
      { addresses: [a('1.2.3.4')], ports: p(111) },
      { addresses: [a('5.6.7.8')], ports: p(222) },
    ],
  },
  {
    name: 'four sets, three ips, three ports, jumbled',
    given: [
      { addresses: [a('1.2.3.4')], ports: p(111) },
      { addresses: [a('1.2.3.5')], ports: p(222) },
      { addresses: [a('1.2.3.6')], ports: p(111) },
      { addresses: [a('1.2.3.5')], ports: p(333) },
    ],
    expect: [
      { addresses: [a('1.2.3.4'), a('1.2.3.6')], ports: p(111) },
      { addresses: [a('1.2.3.5')], ports: p(222, 333) },
    ],
  },
  {
    name: 'four sets, three mixed ips, three ports, jumbled',
    given: [
      { addresses: [a('1.2.3.4')], ports: p(111) },
      { notReadyAddresses: [a('1.2.3.5')], ports: p(222) },
      { addresses: [a('1.2.3.6')], ports: p(111) },
      { notReadyAddresses: [a('1.2.3.5')], ports: p(333) },
    ],
    expect: [
      { addresses: [a('1.2.3.4'), a('1.2.3.6')], ports: p(111) },
      { notReadyAddresses: [a('1.2.3.5')], ports: p(222, 333) },
    ],
  },
];

describe('repackSubsets (upstream TestPackSubsets)', () => {
  for (const tc of cases) {
    it(tc.name, () => {
      const given = structuredClone(tc.given);
      assert.deepEqual(repackSubsets(given), sortSubsets(structuredClone(tc.expect)));
      assert.deepEqual(given, tc.given, 'the input is left alone');
    });
  }

  it('gives the same layout whatever the input order', () => {
    const s1 = repackSubsets([
      { addresses: [a('10.0.0.2', 'b')], ports: p(80) },
      { addresses: [a('10.0.0.1', 'a')], ports: p(80) },
      { notReadyAddresses: [a('10.0.0.3', 'c')], ports: p(80) },
    ]);
    const s2 = repackSubsets([
      { notReadyAddresses: [a('10.0.0.3', 'c')], ports: p(80) },
      { addresses: [a('10.0.0.1', 'a'), a('10.0.0.2', 'b')], ports: p(80) },
    ]);
    assert.deepEqual(s1, s2);
  });
});
