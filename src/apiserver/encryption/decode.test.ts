import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseEncryptionConfig } from './config.js';
import { decodeEncryptionConfiguration } from './decode.js';
import { secret } from './testing.js';

const HEAD = 'apiVersion: apiserver.config.k8s.io/v1\nkind: EncryptionConfiguration\n';
const decodeErr = (detail: string) =>
  `error while parsing file: error decoding encryption provider configuration file "enc.yaml": ${detail}`;

test('empty input is refused', () => {
  assert.throws(() => parseEncryptionConfig('', 'enc.yaml'), {
    message:
      'error while parsing file: error while loading file: encryption provider configuration file "enc.yaml" is empty',
  });
});

test('apiVersion and kind must be the v1 EncryptionConfiguration', () => {
  assert.throws(() => parseEncryptionConfig('apiVersion: apiserver.config.k8s.io/v1\nresources: []', 'enc.yaml'), {
    message: decodeErr("Object 'Kind' is missing in 'apiVersion: apiserver.config.k8s.io/v1\nresources: []'"),
  });
  assert.throws(() => parseEncryptionConfig('kind: EncryptionConfiguration', 'enc.yaml'), {
    message: decodeErr("Object 'apiVersion' is missing in 'kind: EncryptionConfiguration'"),
  });
  assert.throws(
    () =>
      parseEncryptionConfig('apiVersion: apiserver.config.k8s.io/v1beta1\nkind: EncryptionConfiguration', 'enc.yaml'),
    {
      message: /no kind "EncryptionConfiguration" is registered for version "apiserver.config.k8s.io\/v1beta1"/,
    },
  );
  assert.throws(
    () => parseEncryptionConfig('apiVersion: apiserver.config.k8s.io/v1\nkind: EncryptionConfig', 'enc.yaml'),
    {
      message: /no kind "EncryptionConfig" is registered for version "apiserver.config.k8s.io\/v1"/,
    },
  );
  assert.throws(() => parseEncryptionConfig('- a\n- b', 'enc.yaml'), { message: /couldn't get version\/kind/ });
});

test('unknown fields are strict decoding errors, listed together', () => {
  const text = `${HEAD}metadata: {}\nresources:\n  - resources: [secrets]\n    provider: []\n    providers:\n      - identity: {}\n`;
  assert.throws(() => parseEncryptionConfig(text, 'enc.yaml'), {
    message: decodeErr('strict decoding error: unknown field "metadata", unknown field "resources[0].provider"'),
  });
  const keyField = `${HEAD}resources:\n  - resources: [secrets]\n    providers:\n      - aescbc:\n          keys:\n            - name: k\n              secret: ${secret(32)}\n              size: 32\n`;
  assert.throws(() => parseEncryptionConfig(keyField, 'enc.yaml'), {
    message: decodeErr('strict decoding error: unknown field "resources[0].providers[0].aescbc.keys[0].size"'),
  });
});

test('wrong field types are refused as Go would', () => {
  assert.throws(
    () => parseEncryptionConfig(`${HEAD}resources:\n  - resources: secrets\n    providers: []\n`, 'enc.yaml'),
    {
      message: decodeErr(
        'json: cannot unmarshal string into Go struct field ResourceConfiguration.resources.resources of type []string',
      ),
    },
  );
  const numericSecret = `${HEAD}resources:\n  - resources: [secrets]\n    providers:\n      - aescbc:\n          keys:\n            - name: k\n              secret: 1234\n`;
  assert.throws(() => parseEncryptionConfig(numericSecret, 'enc.yaml'), {
    message: decodeErr(
      'json: cannot unmarshal number into Go struct field Key.resources.providers.aescbc.keys.secret of type string',
    ),
  });
});

test('YAML syntax errors and duplicate keys are refused', () => {
  assert.throws(() => parseEncryptionConfig(`${HEAD}resources: [`, 'enc.yaml'), {
    message: /error converting YAML to JSON: /,
  });
  assert.throws(() => parseEncryptionConfig(`${HEAD}kind: EncryptionConfiguration\nresources: []`, 'enc.yaml'), {
    message: /error converting YAML to JSON: /,
  });
});

test('JSON input decodes; nulls read as absent and lists default to empty', () => {
  const json = JSON.stringify({
    apiVersion: 'apiserver.config.k8s.io/v1',
    kind: 'EncryptionConfiguration',
    resources: [
      {
        resources: ['secrets'],
        providers: [{ aescbc: null, identity: {} }, { secretbox: { keys: [{ name: 'k', secret: secret(32) }] } }],
      },
    ],
  });
  const config = decodeEncryptionConfiguration(json);
  assert.deepEqual(config.resources[0].providers, [
    { identity: {} },
    { secretbox: { keys: [{ name: 'k', secret: secret(32) }] } },
  ]);
  const sparse = decodeEncryptionConfiguration(
    `${HEAD}resources:\n  - resources: null\n    providers:\n      - aesgcm:\n          keys:\n            - name: k\n`,
  );
  assert.deepEqual(sparse.resources, [
    { resources: [], providers: [{ aesgcm: { keys: [{ name: 'k', secret: '' }] } }] },
  ]);
});
