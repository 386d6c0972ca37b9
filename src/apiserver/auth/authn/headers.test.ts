import { test } from 'node:test';
import assert from 'node:assert/strict';
import { headerEntries, headerValue, headerValues } from './headers.js';

test('a header is found whatever its case, every value kept in order, as headerEntries gives them', () => {
  const record = { 'x-remote-group': ['a', 'b'], 'X-Remote-Group': 'c', authorization: 'Bearer t', other: undefined };
  assert.deepEqual(headerValues(record, 'X-Remote-Group'), ['a', 'b', 'c']);
  assert.deepEqual(headerValues(record, 'x-remote-group'), Object.fromEntries(headerEntries(record))['x-remote-group']);
  assert.equal(headerValue(record, 'Authorization'), 'Bearer t');
  assert.equal(headerValue(record, 'other'), '');
  assert.deepEqual(headerValues(record, 'missing'), []);

  const fetched = new Headers([
    ['Impersonate-Group', 'g1'],
    ['impersonate-group', 'g2'],
  ]);
  assert.deepEqual(headerValues(fetched, 'impersonate-group'), ['g1, g2']);
  assert.deepEqual(
    headerValues(fetched, 'impersonate-group'),
    Object.fromEntries(headerEntries(fetched))['impersonate-group'],
  );
  assert.equal(headerValue(fetched, 'Impersonate-User'), '');
});
