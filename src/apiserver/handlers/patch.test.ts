/**
 * PATCH on a resource and on its status and scale subresources, and the 415 for a patch type the
 * server does not take.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useControlPlane } from '../testing/cluster.js';

const api = useControlPlane();
const DEPLOYS = '/apis/apps/v1/namespaces/default/deployments';
const MERGE = { 'Content-Type': 'application/merge-patch+json' };
const STRATEGIC = { 'Content-Type': 'application/strategic-merge-patch+json' };

async function deployment(name: string) {
  const res = await api.request('POST', DEPLOYS, {
    metadata: { name },
    spec: {
      replicas: 1,
      selector: { matchLabels: { app: name } },
      template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'web', image: 'nginx:1.27' }] } },
    },
  });
  assert.equal(res.status, 201, res.text);
  return res.body;
}

test('a patch type the server does not take is 415 with the accepted list', async () => {
  await deployment('p415');
  const res = await api.request('PATCH', `${DEPLOYS}/p415`, '{"spec":{"replicas":2}}', {
    'Content-Type': 'text/plain',
  });
  assert.equal(res.status, 415);
  assert.equal(res.body.reason, 'UnsupportedMediaType');
  assert.equal(
    res.body.message,
    'the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/strategic-merge-patch+json, application/apply-patch+yaml',
  );
});

test('a merge patch of scale sets the replicas; of status, only the status', async () => {
  const made = await deployment('psub');
  const scaled = await api.request('PATCH', `${DEPLOYS}/psub/scale`, { spec: { replicas: 4 } }, MERGE);
  assert.equal(scaled.status, 200, scaled.text);
  assert.equal(scaled.body.kind, 'Scale');
  assert.equal(scaled.body.spec.replicas, 4);
  assert.equal((await api.request('GET', `${DEPLOYS}/psub`)).body.spec.replicas, 4);

  const status = await api.request(
    'PATCH',
    `${DEPLOYS}/psub/status`,
    { status: { observedGeneration: 1, replicas: 1 }, spec: { replicas: 9 } },
    STRATEGIC,
  );
  assert.equal(status.status, 200, status.text);
  assert.equal(status.body.status.replicas, 1);
  assert.equal(status.body.spec.replicas, 4, 'spec changes are ignored on status');
  assert.equal(status.body.metadata.generation, made.metadata.generation + 1, 'the scale bumped it; status did not');
});
