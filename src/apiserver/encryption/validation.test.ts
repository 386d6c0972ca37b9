import { test } from 'node:test';
import assert from 'node:assert/strict';
import { EncryptionConfigError, parseEncryptionConfig, transformerFor } from './config.js';
import { configText, identity, keyed, load, secret, STORAGE_KEY, type Rule } from './testing.js';

/** Asserts loading `rules` fails with exactly these field errors (in order). */
function refuses(rules: Rule[], ...expected: string[]) {
  assert.throws(
    () => load(rules),
    (err: unknown) => {
      assert.ok(err instanceof EncryptionConfigError);
      assert.deepEqual(
        err.fieldErrors.map((e) => e.message),
        expected,
      );
      const joined = expected.length === 1 ? expected[0] : `[${expected.join(', ')}]`;
      assert.equal(err.message, `error while parsing file: ${joined}`);
      return true;
    },
  );
}

test('resources and providers are required', () => {
  assert.throws(() => parseEncryptionConfig(configText([])), {
    message: 'error while parsing file: resources: Required value: at least one resources is required',
  });
  refuses(
    [{ resources: [], providers: [] }],
    'resources[0].resources: Required value: at least one resources[0].resources is required',
    'resources[0].providers: Required value: at least one resources[0].providers is required',
  );
});

test('a resource listed twice, or overlapping a wildcard, in one rule', () => {
  refuses(
    [{ resources: ['secrets', 'secrets'], providers: [identity] }],
    'resources[0].resources: Invalid value: []string{"secrets", "secrets"}: the same resource cannot be specified multiple times',
  );
  const overlap =
    "using overlapping resources such as 'secrets' and '*.' in the same resource list is not allowed as they will be masked";
  refuses(
    [{ resources: ['secrets', '*.'], providers: [identity] }],
    `resources[0].resources: Invalid value: []string{"secrets", "*."}: ${overlap}`,
  );
  refuses(
    [{ resources: ['*.*', 'jobs.batch'], providers: [identity] }],
    `resources[0].resources: Invalid value: []string{"*.*", "jobs.batch"}: ${overlap}`,
  );
  refuses(
    [{ resources: ['*.apps', '*.apps'], providers: [identity] }],
    'resources[0].resources: Invalid value: []string{"*.apps", "*.apps"}: the same resource cannot be specified multiple times',
    `resources[0].resources: Invalid value: []string{"*.apps", "*.apps"}: ${overlap}`,
  );
});

test('resource names upstream refuses', () => {
  const cases: [string, string][] = [
    ['Secrets', 'resource name should not contain capital letters'],
    ['*', "use '*.' to encrypt all the resources from core API group or *.* to encrypt all resources"],
    ['serviceipallocations', 'resources which do not have REST API/s cannot be encrypted'],
    ['apiserveripinfo', 'resources which do not have REST API/s cannot be encrypted'],
    [
      'events.events.k8s.io',
      "'*.events.k8s.io' objects are stored using the 'events' API group in etcd. Use 'events' instead in the config file",
    ],
    ['deployments.extensions', "'extensions' group has been removed and cannot be used for encryption"],
    ['secrets.*', 'encrypting the same resource across groups is not supported'],
  ];
  for (const [name, detail] of cases) {
    refuses(
      [{ resources: [name], providers: [identity] }],
      `resources[0].resources[0]: Invalid value: ${JSON.stringify(name)}: ${detail}`,
    );
  }
});

test('a provider entry must name exactly one provider; unknown ones are refused at decode', () => {
  const none =
    'apiserver.ProviderConfiguration{AESGCM:(*apiserver.AESConfiguration)(nil), AESCBC:(*apiserver.AESConfiguration)(nil), Secretbox:(*apiserver.SecretboxConfiguration)(nil), Identity:(*apiserver.IdentityConfiguration)(nil), KMS:(*apiserver.KMSConfiguration)(nil)}';
  refuses(
    [{ resources: ['secrets'], providers: [{}] }],
    `resources[0].providers[0]: Invalid value: ${none}: provider does not contain any of the expected providers: KMS, AESGCM, AESCBC, Secretbox, Identity`,
  );
  assert.throws(
    () => load([{ resources: ['secrets'], providers: [{ ...keyed('aescbc', ['k', 32, 1]), ...identity }] }]),
    (err: EncryptionConfigError) =>
      err.fieldErrors.length === 1 &&
      err.fieldErrors[0].message.startsWith(
        'resources[0].providers[0]: Invalid value: apiserver.ProviderConfiguration{',
      ) &&
      err.fieldErrors[0].message.endsWith(
        ': more than one provider specified in a single element, should split into different list elements',
      ),
  );
  assert.throws(() => load([{ resources: ['secrets'], providers: [{ aesctr: { keys: [] } }] }]), {
    message:
      'error while parsing file: error decoding encryption provider configuration file "<inline>": strict decoding error: unknown field "resources[0].providers[0].aesctr"',
  });
});

test('keys: required, named, base64, and of a valid length', () => {
  refuses(
    [{ resources: ['secrets'], providers: [{ aesgcm: { keys: [] } }] }],
    'resources[0].providers[0].aesgcm.keys: Required value: at least one keys is required',
  );
  refuses(
    [{ resources: ['secrets'], providers: [{ secretbox: {} }] }],
    'resources[0].providers[0].secretbox.keys: Required value: at least one keys is required',
  );
  refuses(
    [{ resources: ['secrets'], providers: [{ aescbc: { keys: [{ name: '', secret: '' }] } }] }],
    'resources[0].providers[0].aescbc.keys[0].name: Required value: name is a mandatory field for a key',
    'resources[0].providers[0].aescbc.keys[0].secret: Required value: secret is a mandatory field for a key',
  );
  for (const bad of ['not base64!', 'AAAA=', 'QUJD']) {
    const rules = [{ resources: ['secrets'], providers: [{ aescbc: { keys: [{ name: 'k', secret: bad }] } }] }];
    if (bad === 'QUJD')
      refuses(
        rules,
        'resources[0].providers[0].aescbc.keys[0].secret: Invalid value: "REDACTED": secret is not of the expected length, got 3, expected one of [16 24 32]',
      );
    else
      refuses(
        rules,
        'resources[0].providers[0].aescbc.keys[0].secret: Invalid value: "REDACTED": secrets must be base64 encoded',
      );
  }
  refuses(
    [{ resources: ['secrets'], providers: [keyed('aesgcm', ['a', 8, 1], ['b', 31, 1])] }],
    'resources[0].providers[0].aesgcm.keys[0].secret: Invalid value: "REDACTED": secret is not of the expected length, got 8, expected one of [16 24 32]',
    'resources[0].providers[0].aesgcm.keys[1].secret: Invalid value: "REDACTED": secret is not of the expected length, got 31, expected one of [16 24 32]',
  );
  refuses(
    [{ resources: ['secrets'], providers: [keyed('secretbox', ['s', 16, 1])] }],
    'resources[0].providers[0].secretbox.keys[0].secret: Invalid value: "REDACTED": secret is not of the expected length, got 16, expected one of [32]',
  );
  // Go's decoder skips line breaks inside base64, so a wrapped secret is fine.
  const wrapped = secret(32).replace(/(.{20})/, '$1\n');
  load([{ resources: ['secrets'], providers: [{ aescbc: { keys: [{ name: 'k', secret: wrapped }] } }] }]);
});

test('duplicate key names are accepted, as upstream (reads try each)', () => {
  const config = load([{ resources: ['secrets'], providers: [keyed('aesgcm', ['k', 32, 1], ['k', 32, 2])] }]);
  const onlySecond = load([{ resources: ['secrets'], providers: [keyed('aesgcm', ['k', 32, 2])] }]);
  const value = transformerFor(onlySecond, '', 'secrets').toStorage(Buffer.from('v'), STORAGE_KEY);
  assert.deepEqual(transformerFor(config, '', 'secrets').fromStorage(value, STORAGE_KEY), {
    data: Buffer.from('v'),
    stale: true,
  });
});

test('kms providers are refused with a clear message', () => {
  refuses(
    [
      {
        resources: ['secrets'],
        providers: [{ kms: { apiVersion: 'v2', name: 'vault', endpoint: 'unix:///tmp/kms.sock' } }],
      },
    ],
    'resources[0].providers[0].kms: Forbidden: kms providers are not supported by k8ts (no KMS plugin client); use aescbc, aesgcm, secretbox or identity',
  );
});

test('errors from several rules are reported together, in order', () => {
  refuses(
    [
      { resources: ['Secrets'], providers: [identity] },
      { resources: ['configmaps'], providers: [keyed('aescbc', ['k', 7, 1])] },
    ],
    'resources[0].resources[0]: Invalid value: "Secrets": resource name should not contain capital letters',
    'resources[1].providers[0].aescbc.keys[0].secret: Invalid value: "REDACTED": secret is not of the expected length, got 7, expected one of [16 24 32]',
  );
});
