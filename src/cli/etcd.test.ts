import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatStatus } from './etcd.js';

describe('k8ts etcd snapshot status', () => {
  const st = { hash: 0xe3e0ce04, revision: 4, totalKey: 7, totalSize: 28672 };
  it('prints as etcdctl snapshot status does', () => {
    assert.equal(formatStatus(st, 'simple'), 'e3e0ce04, 4, 7, 29 kB');
    assert.equal(
      formatStatus(st, 'table'),
      [
        '+----------+----------+------------+------------+',
        '|   HASH   | REVISION | TOTAL KEYS | TOTAL SIZE |',
        '+----------+----------+------------+------------+',
        '| e3e0ce04 |        4 |          7 |      29 kB |',
        '+----------+----------+------------+------------+',
      ].join('\n'),
    );
    assert.equal(formatStatus(st, 'json'), '{"hash":3823160836,"revision":4,"totalKey":7,"totalSize":28672}');
  });
});
