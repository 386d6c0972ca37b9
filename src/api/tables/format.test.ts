import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { formatLabelSelector, formatLabels, listWithMore, selectorString, since, timeOf } from './format.js';

describe('since', () => {
  const now = new Date('2024-06-01T12:00:00Z');
  it('is the human age, <unknown> without a time', () => {
    assert.equal(since('2024-06-01T11:55:00Z', now), '5m');
    assert.equal(since('2024-05-30T12:00:00Z', now), '2d');
    assert.equal(since(undefined, now), '<unknown>');
    assert.equal(since('0001-01-01T00:00:00Z', now), '<unknown>');
    assert.equal(since('2024-06-01T12:00:05Z', now), '<invalid>');
  });
  it('reads micro-times', () =>
    assert.equal(timeOf('2024-06-01T12:00:00.123456Z'), Date.parse('2024-06-01T12:00:00.123Z')));
});

describe('label formatting', () => {
  it('formatLabels sorts and joins, <none> when empty', () => {
    assert.equal(formatLabels({ b: '2', a: '1' }), 'a=1,b=2');
    assert.equal(formatLabels({}), '<none>');
    assert.equal(formatLabels(undefined), '<none>');
  });
  it('selectorString prints requirements sorted by key', () => {
    const s = selectorString({
      matchLabels: { tier: 'web', app: 'x' },
      matchExpressions: [
        { key: 'env', operator: 'In', values: ['prod', 'dev'] },
        { key: 'zone', operator: 'NotIn', values: ['b'] },
        { key: 'canary', operator: 'DoesNotExist' },
        { key: 'gpu', operator: 'Exists' },
      ],
    });
    assert.equal(s, 'app=x,!canary,env in (dev,prod),gpu,tier=web,zone notin (b)');
    assert.equal(selectorString({}), '');
    assert.equal(selectorString(undefined), '');
    assert.equal(selectorString({ matchExpressions: [{ key: 'a', operator: 'In', values: [] }] }), undefined);
    assert.equal(selectorString({ matchExpressions: [{ key: 'a', operator: 'Bogus' }] }), undefined);
  });
  it('formatLabelSelector says <none> and <error>', () => {
    assert.equal(formatLabelSelector({ matchLabels: { a: 'b' } }), 'a=b');
    assert.equal(formatLabelSelector({}), '<none>');
    assert.equal(formatLabelSelector({ matchExpressions: [{ key: 'a', operator: 'Bogus' }] }), '<error>');
  });
  it('listWithMore shows three, then counts the rest', () => {
    assert.equal(listWithMore([]), '<unset>');
    assert.equal(listWithMore(['a', 'b', 'c']), 'a,b,c');
    assert.equal(listWithMore(['a', 'b', 'c', 'd', 'e']), 'a,b,c + 2 more...');
  });
});
