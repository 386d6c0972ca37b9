/**
 * Server-side apply with the real kubectl 1.32.3: `apply --server-side` creating and updating,
 * managedFields as `--show-managed-fields` prints them, the conflict message, `--force-conflicts`,
 * a field dropped from the manifest, and the migration from client-side apply that kubectl
 * performs on an object it applied before.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startCluster, type E2ECluster } from './support/cluster.js';

let c: E2ECluster;
before(async () => {
  c = await startCluster();
});
after(() => c?.stop());

const run = (args: string[], input?: string) => c.kubectl(args, { input });
const ok = async (args: string[], input?: string) => {
  const r = await run(args, input);
  assert.equal(r.code, 0, `kubectl ${args.join(' ')} failed: ${r.stderr}`);
  return r.stdout;
};

const deployment = (name: string, replicas: number, labels: Record<string, string> = {}) =>
  JSON.stringify({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, labels: { app: name, ...labels } },
    spec: {
      replicas,
      selector: { matchLabels: { app: name } },
      template: {
        metadata: { labels: { app: name } },
        spec: { containers: [{ name: 'web', image: 'nginx:1.27', ports: [{ containerPort: 80 }] }] },
      },
    },
  });

type Entry = { manager: string; operation: string; fieldsV1: Record<string, unknown>; subresource?: string };
const managed = async (name: string): Promise<Entry[]> =>
  JSON.parse(await ok(['get', 'deploy', name, '-o', 'json', '--show-managed-fields'])).metadata.managedFields;

test('apply --server-side: create, managedFields, update, conflict, force, field removal', async () => {
  assert.equal(
    await ok(['apply', '--server-side', '-f', '-'], deployment('web', 2, { tier: 'front' })),
    'deployment.apps/web serverside-applied\n',
  );
  const [entry] = await managed('web');
  assert.equal(entry.manager, 'kubectl');
  assert.equal(entry.operation, 'Apply');
  assert.deepEqual(entry.fieldsV1, {
    'f:metadata': { 'f:labels': { 'f:app': {}, 'f:tier': {} } },
    'f:spec': {
      'f:replicas': {},
      'f:selector': {},
      'f:template': {
        'f:metadata': { 'f:labels': { 'f:app': {} } },
        'f:spec': {
          'f:containers': {
            'k:{"name":"web"}': {
              '.': {},
              'f:image': {},
              'f:name': {},
              'f:ports': { 'k:{"containerPort":80,"protocol":"TCP"}': { '.': {}, 'f:containerPort': {} } },
            },
          },
        },
      },
    },
  });
  const yaml = await ok(['get', 'deploy', 'web', '-o', 'yaml', '--show-managed-fields']);
  assert.match(yaml, /managedFields:\n {2}- apiVersion: apps\/v1\n {4}fieldsType: FieldsV1\n {4}fieldsV1:\n/);
  assert.match(yaml, /\n {4}manager: kubectl\n {4}operation: Apply\n {4}time: "?\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ"?\n/);
  assert.doesNotMatch(await ok(['get', 'deploy', 'web', '-o', 'yaml']), /managedFields/);

  // Another manager takes .spec.replicas; applying a different value conflicts.
  assert.equal(
    await ok(['patch', 'deploy', 'web', '--type=merge', '-p', '{"spec":{"replicas":5}}']),
    'deployment.apps/web patched\n',
  );
  const conflict = await run(['apply', '--server-side', '-f', '-'], deployment('web', 3, { tier: 'front' }));
  assert.equal(conflict.code, 1);
  assert.equal(
    conflict.stderr,
    [
      'error: Apply failed with 1 conflict: conflict with "kubectl-patch" using apps/v1: .spec.replicas',
      'Please review the fields above--they currently have other managers. Here',
      'are the ways you can resolve this warning:',
      '* If you intend to manage all of these fields, please re-run the apply',
      '  command with the `--force-conflicts` flag.',
      '* If you do not intend to manage all of the fields, please edit your',
      '  manifest to remove references to the fields that should keep their',
      '  current managers.',
      '* You may co-own fields by updating your manifest to match the existing',
      "  value; in this case, you'll become the manager if the other manager(s)",
      '  stop managing the field (remove it from their configuration).',
      'See https://kubernetes.io/docs/reference/using-api/server-side-apply/#conflicts',
      '',
    ].join('\n'),
  );
  assert.equal(await ok(['get', 'deploy', 'web', '-o', 'jsonpath={.spec.replicas}']), '5', 'nothing changed');
  assert.equal(
    await ok(['apply', '--server-side', '--force-conflicts', '-f', '-'], deployment('web', 3, { tier: 'front' })),
    'deployment.apps/web serverside-applied\n',
  );
  assert.equal(await ok(['get', 'deploy', 'web', '-o', 'jsonpath={.spec.replicas}']), '3');
  assert.ok(!(await managed('web')).some((e) => e.manager === 'kubectl-patch'), 'kubectl-patch lost its only field');

  // The tier label leaves the manifest: it leaves the object.
  await ok(['apply', '--server-side', '-f', '-'], deployment('web', 3));
  assert.deepEqual(JSON.parse(await ok(['get', 'deploy', 'web', '-o', 'jsonpath={.metadata.labels}'])), {
    app: 'web',
  });
});

test('an object applied client-side is migrated when applied server-side', async () => {
  assert.equal(await ok(['apply', '-f', '-'], deployment('csa', 1, { tier: 'back' })), 'deployment.apps/csa created\n');
  assert.deepEqual(
    (await managed('csa')).map((e) => [e.manager, e.operation]),
    [['kubectl-client-side-apply', 'Update']],
  );
  assert.equal(
    await ok(['apply', '--server-side', '-f', '-'], deployment('csa', 1, { tier: 'back' })),
    'deployment.apps/csa serverside-applied\n',
  );
  const after = await managed('csa');
  // kubectl folds the client-side manager into its own, keeping the annotation under kubectl-last-applied.
  assert.deepEqual(
    after.map((e) => [e.manager, e.operation]),
    [
      ['kubectl-last-applied', 'Apply'],
      ['kubectl', 'Apply'],
    ],
  );
  assert.deepEqual(after[0].fieldsV1, {
    'f:metadata': { 'f:annotations': { 'f:kubectl.kubernetes.io/last-applied-configuration': {} } },
  });
  // Now owned by the server-side apply, a dropped label is removed.
  await ok(['apply', '--server-side', '-f', '-'], deployment('csa', 1));
  assert.equal(await ok(['get', 'deploy', 'csa', '-o', 'jsonpath={.metadata.labels.tier}']), '');
});
