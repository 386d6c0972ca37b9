import { test } from 'node:test';
import assert from 'node:assert/strict';
import { nodeIdentity } from './identity.js';

test('nodeIdentity: name prefix and system:nodes group are both required', () => {
  const cases: [string, string[], string | undefined][] = [
    ['system:node:n1', ['system:nodes', 'system:authenticated'], 'n1'],
    ['system:node:n1', ['system:authenticated'], undefined],
    ['system:nodes:n1', ['system:nodes'], undefined],
    ['n1', ['system:nodes'], undefined],
    ['system:node:', ['system:nodes'], ''],
    ['system:node:a:b', ['system:nodes'], 'a:b'],
  ];
  for (const [name, groups, want] of cases) assert.equal(nodeIdentity({ name, groups }), want, name);
  assert.equal(nodeIdentity(undefined), undefined);
});
