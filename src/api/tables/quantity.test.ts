import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { formatQuantity } from './quantity.js';

describe('formatQuantity', () => {
  const cases: [string | number | undefined, string][] = [
    [undefined, '0'],
    ['0', '0'],
    ['0Gi', '0'],
    ['1Gi', '1Gi'],
    ['1024Mi', '1Gi'],
    ['1536Mi', '1536Mi'],
    ['0.5Gi', '512Mi'],
    ['1.5Ki', '1536'],
    ['512Ki', '512Ki'],
    ['0.5Ki', '512'],
    ['1.1Ki', '1126400m'],
    ['-1Ki', '-1Ki'],
    ['1000M', '1G'],
    ['1.5G', '1500M'],
    ['1500M', '1500M'],
    ['100m', '100m'],
    ['0.5', '500m'],
    ['0.1', '100m'],
    ['1', '1'],
    ['2k', '2k'],
    ['2000', '2k'],
    ['12345', '12345'],
    ['1e3', '1e3'],
    ['1E3', '1e3'],
    ['1500e-3', '1500e-3'],
    ['10e6', '10e6'],
    ['1E', '1E'],
    ['0.0000000001', '1n'],
    ['1.0000000001', '1000000001n'],
    [5, '5'],
    ['abc', 'abc'],
    ['1Qi', '1Qi'],
  ];
  for (const [input, want] of cases) {
    it(`${JSON.stringify(input)} → ${want}`, () => assert.equal(formatQuantity(input), want));
  }
});
