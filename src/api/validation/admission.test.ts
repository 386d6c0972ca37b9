import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { applyDefaults } from '../defaults/index.js';
import { validate } from './index.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Any = any;
const check = (group: string, resource: string, o: Any) => {
  applyDefaults(group, resource, o);
  return validate(group, resource, o).map(String);
};

describe('webhook configurations', () => {
  it('checks webhook configurations', () => {
    const hook = {
      name: 'check.example.com',
      admissionReviewVersions: ['v1'],
      sideEffects: 'Some',
      clientConfig: { url: 'http://x.example.com/hook?x=1' },
      rules: [{ operations: ['CREATE'], apiGroups: [''], apiVersions: ['v1'], resources: ['pods'] }],
    };
    assert.deepEqual(
      check('admissionregistration.k8s.io', 'validatingwebhookconfigurations', {
        metadata: { name: 'w' },
        webhooks: [hook, hook],
      }),
      [
        'webhooks[0].clientConfig.url: Invalid value: "http": \'https\' is the only allowed URL scheme; desired format: https://host[/path]',
        'webhooks[0].clientConfig.url: Invalid value: "x=1": query parameters are not permitted in the URL',
        'webhooks[0].sideEffects: Unsupported value: "Some": supported values: "None", "NoneOnDryRun"',
        'webhooks[1].name: Duplicate value: "check.example.com"',
        'webhooks[1].clientConfig.url: Invalid value: "http": \'https\' is the only allowed URL scheme; desired format: https://host[/path]',
        'webhooks[1].clientConfig.url: Invalid value: "x=1": query parameters are not permitted in the URL',
        'webhooks[1].sideEffects: Unsupported value: "Some": supported values: "None", "NoneOnDryRun"',
      ],
    );
  });
});
