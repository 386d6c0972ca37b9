import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CycleState } from '../../framework/interface.js';
import { Code } from '../../framework/status.js';
import { fakeHandle, makePod } from '../../framework/testing.js';
import { DefaultBinder } from './index.js';

test('DefaultBinder binds through the client; a failed call is an Error status', async () => {
  const handle = fakeHandle([]);
  const binder = new DefaultBinder(handle);
  assert.equal(await binder.bind(new CycleState(), makePod('p'), 'n1'), undefined);
  assert.deepEqual(handle.client.calls, [{ verb: 'bind', args: ['p', 'n1'] }]);
  handle.client.bindPod = async () => {
    throw new Error('pods "p" not found');
  };
  const s = await binder.bind(new CycleState(), makePod('p'), 'n1');
  assert.equal(s?.code, Code.Error);
  assert.deepEqual(s?.reasons, ['pods "p" not found']);
});
