import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseEncryptionConfig, transformerFor } from './config.js';
import { identity, keyed, load, STORAGE_KEY } from './testing.js';

const PLAIN = Buffer.from('{"kind":"Secret"}');
const prefixOf = (b: Buffer) => b.toString('latin1').split(':').slice(0, 5).join(':');

test('rotation: a new first key writes, the old key still reads, and its values are stale', () => {
  const before = transformerFor(
    load([{ resources: ['secrets'], providers: [keyed('aescbc', ['old', 32, 1])] }]),
    '',
    'secrets',
  );
  const old = before.toStorage(PLAIN, STORAGE_KEY);
  const after = transformerFor(
    load([{ resources: ['secrets'], providers: [keyed('aescbc', ['new', 32, 2], ['old', 32, 1])] }]),
    '',
    'secrets',
  );
  assert.deepEqual(after.fromStorage(old, STORAGE_KEY), { data: PLAIN, stale: true });
  const rewritten = after.toStorage(PLAIN, STORAGE_KEY);
  assert.equal(prefixOf(rewritten), 'k8s:enc:aescbc:v1:new');
  assert.deepEqual(after.fromStorage(rewritten, STORAGE_KEY), { data: PLAIN, stale: false });
});

test('rotation across providers and out of or into identity', () => {
  const cbc = keyed('aescbc', ['k1', 32, 1]);
  const box = keyed('secretbox', ['s1', 32, 2]);
  const cbcValue = transformerFor(load([{ resources: ['secrets'], providers: [cbc] }]), '', 'secrets').toStorage(
    PLAIN,
    STORAGE_KEY,
  );

  const toBox = transformerFor(load([{ resources: ['secrets'], providers: [box, cbc, identity] }]), '', 'secrets');
  assert.deepEqual(toBox.fromStorage(cbcValue, STORAGE_KEY), { data: PLAIN, stale: true });
  assert.deepEqual(toBox.fromStorage(PLAIN, STORAGE_KEY), { data: PLAIN, stale: true });
  assert.equal(prefixOf(toBox.toStorage(PLAIN, STORAGE_KEY)), 'k8s:enc:secretbox:v1:s1');

  // Decrypting back to plaintext: identity first writes plaintext; encrypted values read, stale.
  const toPlain = transformerFor(load([{ resources: ['secrets'], providers: [identity, cbc] }]), '', 'secrets');
  assert.deepEqual(toPlain.toStorage(PLAIN, STORAGE_KEY), PLAIN);
  assert.deepEqual(toPlain.fromStorage(PLAIN, STORAGE_KEY), { data: PLAIN, stale: false });
  assert.deepEqual(toPlain.fromStorage(cbcValue, STORAGE_KEY), { data: PLAIN, stale: true });
});

test('a resource named in two rules gets both rules’ providers, the first rule writing', () => {
  const config = load([
    { resources: ['secrets'], providers: [keyed('aesgcm', ['g', 16, 1])] },
    { resources: ['secrets', 'configmaps'], providers: [keyed('secretbox', ['s', 32, 2])] },
  ]);
  const secrets = transformerFor(config, '', 'secrets');
  const boxed = transformerFor(config, '', 'configmaps').toStorage(PLAIN, STORAGE_KEY);
  assert.equal(prefixOf(secrets.toStorage(PLAIN, STORAGE_KEY)), 'k8s:enc:aesgcm:v1:g');
  assert.deepEqual(secrets.fromStorage(boxed, STORAGE_KEY), { data: PLAIN, stale: true });
});

test('matching: exact, then *.group (and *. for core), then *.*, else identity', () => {
  const config = load([
    { resources: ['secrets', 'deployments.apps'], providers: [keyed('aesgcm', ['exact', 32, 1])] },
    { resources: ['*.apps'], providers: [keyed('secretbox', ['apps', 32, 2])] },
    { resources: ['*.'], providers: [keyed('aescbc', ['core', 16, 3])] },
    { resources: ['*.*'], providers: [keyed('aescbc', ['all', 24, 4])] },
  ]);
  const writer = (group: string, resource: string) =>
    prefixOf(transformerFor(config, group, resource).toStorage(PLAIN, STORAGE_KEY));
  assert.equal(writer('', 'secrets'), 'k8s:enc:aesgcm:v1:exact');
  assert.equal(writer('apps', 'deployments'), 'k8s:enc:aesgcm:v1:exact');
  assert.equal(writer('apps', 'statefulsets'), 'k8s:enc:secretbox:v1:apps');
  assert.equal(writer('', 'configmaps'), 'k8s:enc:aescbc:v1:core');
  assert.equal(writer('batch', 'jobs'), 'k8s:enc:aescbc:v1:all');

  const plainOnly = load([{ resources: ['secrets'], providers: [keyed('aescbc', ['k', 32, 1])] }]);
  const other = transformerFor(plainOnly, '', 'configmaps');
  assert.deepEqual(other.toStorage(PLAIN, STORAGE_KEY), PLAIN);
  assert.deepEqual(other.fromStorage(PLAIN, STORAGE_KEY), { data: PLAIN, stale: false });
  const encrypted = transformerFor(plainOnly, '', 'secrets').toStorage(PLAIN, STORAGE_KEY);
  assert.throws(() => other.fromStorage(encrypted, STORAGE_KEY), {
    message: 'identity transformer tried to read encrypted data',
  });
});

test('rules masked by an earlier wildcard are refused, as upstream', () => {
  const cases: [string[], string[], string][] = [
    [['*.*'], ['secrets'], 'resource "secrets" is masked by earlier rule "*.*"'],
    [['*.'], ['secrets'], 'resource "secrets" is masked by earlier rule "*."'],
    [['*.apps'], ['deployments.apps'], 'resource "deployments.apps" is masked by earlier rule "*.apps"'],
    [['*.apps'], ['*.apps'], 'resource "*.apps" is masked by earlier rule "*.apps"'],
    [['*.*'], ['*.*'], 'resource "*.*" is masked by earlier rule "*.*"'],
  ];
  for (const [first, second, message] of cases) {
    assert.throws(
      () =>
        load([
          { resources: first, providers: [identity] },
          { resources: second, providers: [identity] },
        ]),
      { message: `error while building transformers: ${message}` },
    );
  }
  // The other way round is fine: the specific rule wins.
  load([
    { resources: ['secrets'], providers: [identity] },
    { resources: ['*.*'], providers: [identity] },
  ]);
});

test('unreadable values are refused with upstream wording', () => {
  const cbcOnly = transformerFor(
    load([{ resources: ['secrets'], providers: [keyed('aescbc', ['k1', 32, 1])] }]),
    '',
    'secrets',
  );
  assert.throws(() => cbcOnly.fromStorage(PLAIN, STORAGE_KEY), { message: 'no matching prefix found' });
  assert.throws(() => cbcOnly.fromStorage(Buffer.from('k8s:enc:aescbc:v1:k9:0123456789abcdef'), STORAGE_KEY), {
    message: 'no matching key was found for the provided AES transformer',
  });
  const withIdentity = transformerFor(
    load([{ resources: ['secrets'], providers: [keyed('aescbc', ['k1', 32, 1]), identity] }]),
    '',
    'secrets',
  );
  assert.throws(() => withIdentity.fromStorage(Buffer.from('k8s:enc:secretbox:v1:k1:xyz'), STORAGE_KEY), {
    message: 'no matching prefix found',
  });
  const box = transformerFor(
    load([{ resources: ['secrets'], providers: [keyed('secretbox', ['s1', 32, 1])] }]),
    '',
    'secrets',
  );
  assert.throws(() => box.fromStorage(Buffer.from('k8s:enc:secretbox:v1:zz:xyz'), STORAGE_KEY), {
    message: 'no matching key was found for the provided Secretbox transformer',
  });
  // Several distinct failures are aggregated as apimachinery does.
  const two = transformerFor(
    load([{ resources: ['secrets'], providers: [keyed('aesgcm', ['k1', 32, 1]), keyed('aesgcm', ['k2', 32, 2])] }]),
    '',
    'secrets',
  );
  assert.throws(() => two.fromStorage(Buffer.from('k8s:enc:aesgcm:v1:k1:short'), STORAGE_KEY), {
    message:
      '[the stored data was shorter than the required size, no matching key was found for the provided AES transformer]',
  });
});

test('a value written under a key by an overlapping same-type provider is still found', () => {
  // Two aescbc entries share a prefix; a failure in the first must not stop the second.
  const oldValue = transformerFor(
    load([{ resources: ['secrets'], providers: [keyed('aescbc', ['a', 32, 1])] }]),
    '',
    'secrets',
  ).toStorage(PLAIN, STORAGE_KEY);
  const t = transformerFor(
    load([{ resources: ['secrets'], providers: [keyed('aescbc', ['b', 32, 2]), keyed('aescbc', ['a', 32, 1])] }]),
    '',
    'secrets',
  );
  assert.deepEqual(t.fromStorage(oldValue, STORAGE_KEY), { data: PLAIN, stale: true });
});

test('YAML as in the Kubernetes docs loads', () => {
  const yaml = `
apiVersion: apiserver.config.k8s.io/v1
kind: EncryptionConfiguration
resources:
  - resources:
      - secrets
      - configmaps
    providers:
      - aescbc:
          keys:
            - name: key1
              secret: c2VjcmV0IGlzIHNlY3VyZQ==
      - identity: {}
`;
  const config = parseEncryptionConfig(yaml);
  const t = transformerFor(config, '', 'configmaps');
  assert.equal(prefixOf(t.toStorage(PLAIN, STORAGE_KEY)), 'k8s:enc:aescbc:v1:key1');
  assert.deepEqual(t.fromStorage(PLAIN, STORAGE_KEY), { data: PLAIN, stale: true });
});
