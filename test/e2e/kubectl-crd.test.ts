/**
 * The seeds' extensibility example with the real kubectl 1.32.3: an `Otofu` CustomResourceDefinition
 * applied, waited for, its objects created, validated, listed with their printer columns and short
 * name, explained, scaled and patched, and deleted with the CRD.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startCluster, type E2ECluster } from './support/cluster.js';

let c: E2ECluster;
before(async () => {
  c = await startCluster();
});
after(() => c?.stop());

const ok = async (args: string[], input?: string) => {
  const r = await c.kubectl(args, { input });
  assert.equal(r.code, 0, `kubectl ${args.join(' ')} failed: ${r.stderr}`);
  return r.stdout;
};

const fails = async (args: string[], input?: string) => {
  const r = await c.kubectl(args, { input });
  assert.equal(r.code, 1, `kubectl ${args.join(' ')} should fail: ${r.stdout}${r.stderr}`);
  return r.stderr;
};

const CRD = `
apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: otofus.example.com
spec:
  group: example.com
  scope: Namespaced
  names:
    plural: otofus
    singular: otofu
    kind: Otofu
    shortNames: [otf]
    categories: [all]
  versions:
  - name: v1
    served: true
    storage: true
    subresources:
      status: {}
      scale:
        specReplicasPath: .spec.replicas
        statusReplicasPath: .status.replicas
    additionalPrinterColumns:
    - name: Flavor
      type: string
      jsonPath: .spec.flavor
    - name: Replicas
      type: integer
      jsonPath: .spec.replicas
    - name: Age
      type: date
      jsonPath: .metadata.creationTimestamp
    schema:
      openAPIV3Schema:
        description: Otofu is a block of tofu that a controller turns into pods.
        type: object
        properties:
          spec:
            description: The tofu wanted.
            type: object
            x-kubernetes-validations:
            - rule: self.replicas <= 10
              message: at most 10 blocks
            properties:
              flavor:
                description: How the tofu tastes.
                type: string
                enum: [plain, smoked, spicy, sweet]
              replicas:
                description: How many blocks.
                type: integer
          status:
            type: object
            properties:
              replicas:
                type: integer
`;

const otofu = (name: string, flavor: string, replicas = 1) => `
apiVersion: example.com/v1
kind: Otofu
metadata:
  name: ${name}
spec:
  flavor: ${flavor}
  replicas: ${replicas}
`;

test('the Otofu CRD: applied, established, its objects served, explained, scaled, deleted with it', async () => {
  assert.equal(
    await ok(['apply', '-f', '-'], CRD),
    'customresourcedefinition.apiextensions.k8s.io/otofus.example.com created\n',
  );
  assert.equal(
    await ok(['wait', '--for', 'condition=established', '--timeout=10s', 'crd/otofus.example.com']),
    'customresourcedefinition.apiextensions.k8s.io/otofus.example.com condition met\n',
  );
  assert.equal(await ok(['apply', '-f', '-'], otofu('silken', 'plain', 2)), 'otofu.example.com/silken created\n');
  assert.equal(await ok(['apply', '-f', '-'], otofu('firm', 'smoked')), 'otofu.example.com/firm created\n');

  // Validated by its schema and its CEL rule, in upstream's words; nothing is stored.
  const invalid = await c.kubectl(['apply', '-f', '-'], { input: otofu('bad', 'sour', 20) });
  assert.equal(invalid.code, 1);
  assert.equal(
    invalid.stderr,
    'The Otofu "bad" is invalid: \n' +
      '* spec.flavor: Unsupported value: "sour": supported values: "plain", "smoked", "spicy", "sweet"\n' +
      '* spec: Invalid value: "object": at most 10 blocks\n',
  );

  const table = await ok(['get', 'otofus']);
  const lines = table.trim().split('\n');
  assert.match(lines[0], /^NAME\s+FLAVOR\s+REPLICAS\s+AGE$/);
  assert.match(lines[1], /^firm\s+smoked\s+1\s+\d+s$/);
  assert.match(lines[2], /^silken\s+plain\s+2\s+\d+s$/);
  assert.match(await ok(['get', 'otf', 'silken']), /silken\s+plain\s+2/);
  assert.match(await ok(['get', 'all']), /otofu\.example\.com\/silken\s+plain\s+2/);

  const explained = await ok(['explain', 'otofu.spec']);
  assert.match(explained, /^GROUP:\s+example\.com\nKIND:\s+Otofu\nVERSION:\s+v1\n/);
  assert.match(explained, /flavor\t<string>\n {2}enum: plain, smoked, spicy, sweet\n {4}How the tofu tastes\./);
  assert.match(explained, /replicas\s+<integer>\n\s+How many blocks\./);

  // Client-side apply of a changed manifest: a merge patch, since CRs take no strategic one.
  assert.equal(await ok(['apply', '-f', '-'], otofu('firm', 'spicy')), 'otofu.example.com/firm configured\n');
  assert.equal(await ok(['get', 'otofu', 'firm', '-o', 'jsonpath={.spec.flavor}']), 'spicy');
  assert.equal(await ok(['scale', 'otofu/firm', '--replicas=4']), 'otofu.example.com/firm scaled\n');
  assert.equal(await ok(['get', 'otofu', 'firm', '-o', 'jsonpath={.spec.replicas} {.metadata.generation}']), '4 3');
  assert.equal(
    await ok(['patch', 'otofu', 'firm', '--type=merge', '-p', '{"spec":{"flavor":"sweet"}}']),
    'otofu.example.com/firm patched\n',
  );
  assert.equal(
    await fails(['patch', 'otofu', 'firm', '-p', '{"spec":{"flavor":"sour"}}']),
    'error: application/strategic-merge-patch+json is not supported by example.com/v1, Kind=Otofu: the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml\n',
  );

  assert.equal(
    await ok(['delete', 'crd', 'otofus.example.com']),
    'customresourcedefinition.apiextensions.k8s.io "otofus.example.com" deleted\n',
  );
  // kubectl's discovery cache still names the resource; the server no longer serves it.
  assert.equal(
    await fails(['get', 'otofus']),
    'Error from server (NotFound): Unable to list "example.com/v1, Resource=otofus": the server could not find the requested resource\n',
  );
  assert.equal(await ok(['get', 'crd', '-o', 'name']), '');
});
