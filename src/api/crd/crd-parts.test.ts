import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { crontabCRD } from './crontab-fixture.js';
import { deprecationWarningErrors } from './crd-parts.js';
import { validateCustomResourceDefinition } from './crd-validation.js';
import type { CustomResourceDefinition } from './types.js';

function check(mutate: (crd: CustomResourceDefinition) => void): string[] {
  const crd = crontabCRD();
  mutate(crd);
  return validateCustomResourceDefinition(crd).map(String);
}
const FORM = '; desired format: https://host[/path]';

describe('printer columns', () => {
  it('checks names, types, formats and JSON paths (reported as JSONPath)', () => {
    assert.deepEqual(
      check((c) => {
        c.spec.versions[0].additionalPrinterColumns = [
          { name: '', type: 'time', format: 'hex', jsonPath: 'spec.x' },
          { name: 'a', type: '', jsonPath: '' },
        ];
      }),
      [
        'spec.additionalPrinterColumns[0].name: Required value',
        'spec.additionalPrinterColumns[0].type: Invalid value: "time": must be one of boolean,date,integer,number,string',
        'spec.additionalPrinterColumns[0].format: Invalid value: "hex": must be one of byte,date,date-time,double,float,int32,int64,password',
        'spec.additionalPrinterColumns[0].JSONPath: Invalid value: "spec.x": must be a simple json path starting with .',
        'spec.additionalPrinterColumns[1].type: Required value: must be one of boolean,date,integer,number,string',
        'spec.additionalPrinterColumns[1].JSONPath: Required value',
      ],
    );
  });

  it('reports per-version columns under their version when versions differ', () => {
    const m = check((c) => {
      c.spec.versions.push({
        ...structuredClone(c.spec.versions[0]),
        name: 'v2',
        storage: false,
        additionalPrinterColumns: [{ name: 'x', type: 'string', jsonPath: 'bad' }],
      });
    });
    assert.deepEqual(m, [
      'spec.versions[1].additionalPrinterColumns[0].JSONPath: Invalid value: "bad": must be a simple json path starting with .',
    ]);
  });
});

describe('scale subresource', () => {
  it('wants paths under .spec and .status', () => {
    assert.deepEqual(
      check((c) => {
        c.spec.versions[0].subresources = {
          scale: { specReplicasPath: '.status.replicas', statusReplicasPath: 'x', labelSelectorPath: '.metadata.x' },
        };
      }),
      [
        'spec.subresources.scale.specReplicasPath: Invalid value: ".status.replicas": should be a json path under .spec',
        'spec.subresources.scale.statusReplicasPath: Invalid value: "x": must be a simple json path starting with .',
        'spec.subresources.scale.labelSelectorPath: Invalid value: ".metadata.x": should be a json path under either .spec or .status',
      ],
    );
    assert.deepEqual(
      check((c) => {
        c.spec.versions[0].subresources = { scale: { specReplicasPath: '', statusReplicasPath: '' } };
      }),
      [
        'spec.subresources.scale.specReplicasPath: Required value',
        'spec.subresources.scale.statusReplicasPath: Required value',
      ],
    );
  });
});

describe('conversion', () => {
  it('knows the strategies', () => {
    assert.deepEqual(
      check((c) => (c.spec.conversion = { strategy: 'Magic' })),
      ['spec.conversion.strategy: Unsupported value: "Magic": supported values: "None", "Webhook"'],
    );
    assert.deepEqual(
      check((c) => (c.spec.conversion = { strategy: 'Webhook' })),
      [
        'spec.conversion.webhookClientConfig: Required value: required when strategy is set to Webhook',
        'spec.conversion.conversionReviewVersions: Required value',
      ],
    );
  });

  it('checks webhook URLs', () => {
    assert.deepEqual(
      check(
        (c) =>
          (c.spec.conversion = {
            strategy: 'Webhook',
            webhook: { clientConfig: { url: 'http://u:p@x/p?q=1#f' }, conversionReviewVersions: ['v3', 'v3'] },
          }),
      ),
      [
        `spec.conversion.webhookClientConfig.url: Invalid value: "http": 'https' is the only allowed URL scheme${FORM}`,
        'spec.conversion.webhookClientConfig.url: Invalid value: "u:p": user information is not permitted in the URL',
        'spec.conversion.webhookClientConfig.url: Invalid value: "f": fragments are not permitted in the URL',
        'spec.conversion.webhookClientConfig.url: Invalid value: "q=1": query parameters are not permitted in the URL',
        'spec.conversion.conversionReviewVersions[1]: Invalid value: "v3": duplicate version',
        'spec.conversion.conversionReviewVersions: Invalid value: []string{"v3", "v3"}: must include at least one of v1, v1beta1',
      ],
    );
    assert.deepEqual(
      check(
        (c) =>
          (c.spec.conversion = {
            strategy: 'Webhook',
            webhook: { clientConfig: { url: 'https:///path' }, conversionReviewVersions: ['v1'] },
          }),
      ),
      [`spec.conversion.webhookClientConfig.url: Invalid value: "": host must be specified${FORM}`],
    );
    assert.deepEqual(
      check(
        (c) =>
          (c.spec.conversion = {
            strategy: 'Webhook',
            webhook: { clientConfig: { url: ':x' }, conversionReviewVersions: ['v1'] },
          }),
      ),
      [
        `spec.conversion.webhookClientConfig.url: Required value: url must be a valid URL: parse ":x": missing protocol scheme${FORM}`,
      ],
    );
  });

  it('checks webhook services', () => {
    assert.deepEqual(
      check(
        (c) =>
          (c.spec.conversion = {
            strategy: 'Webhook',
            webhook: {
              clientConfig: { service: { name: '', namespace: '', port: 0, path: 'a//B' } },
              conversionReviewVersions: ['v1'],
            },
          }),
      ),
      [
        'spec.conversion.webhookClientConfig.service.name: Required value: service name is required',
        'spec.conversion.webhookClientConfig.service.namespace: Required value: service namespace is required',
        'spec.conversion.webhookClientConfig.service.port: Invalid value: 0: port is not valid: must be between 1 and 65535, inclusive',
        'spec.conversion.webhookClientConfig.service.path: Invalid value: "a//B": must start with a \'/\'',
        'spec.conversion.webhookClientConfig.service.path: Invalid value: "a//B": segment[0] may not be empty',
        'spec.conversion.webhookClientConfig.service.path: Invalid value: "a//B": segment[1] may not be empty',
        `spec.conversion.webhookClientConfig.service.path: Invalid value: "a//B": segment[2]: a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')`,
      ],
    );
    assert.deepEqual(
      check(
        (c) =>
          (c.spec.conversion = {
            strategy: 'Webhook',
            webhook: {
              clientConfig: { url: 'https://x', service: { name: 'a', namespace: 'b' } },
              conversionReviewVersions: ['v1'],
            },
          }),
      ),
      ['spec.conversion.webhookClientConfig: Required value: exactly one of url or service is required'],
    );
    assert.deepEqual(
      check(
        (c) =>
          (c.spec.conversion = {
            strategy: 'Webhook',
            webhook: {
              clientConfig: { service: { name: 'a', namespace: 'b', path: '//' } },
              conversionReviewVersions: ['v1'],
            },
          }),
      ),
      ['spec.conversion.webhookClientConfig.service.path: Invalid value: "//": segment[0] may not be empty'],
    );
  });

  it('forbids webhook settings without the Webhook strategy', () => {
    assert.deepEqual(
      check(
        (c) =>
          (c.spec.conversion = {
            strategy: 'None',
            webhook: { clientConfig: { url: 'https://x' }, conversionReviewVersions: ['v1'] },
          }),
      ),
      [
        'spec.conversion.webhookClientConfig: Forbidden: should not be set when strategy is not set to Webhook',
        'spec.conversion.conversionReviewVersions: Forbidden: should not be set when strategy is not set to Webhook',
      ],
    );
  });
});

describe('selectable fields and deprecation', () => {
  it('checks selectable fields against the schema', () => {
    assert.deepEqual(
      check((c) => {
        c.spec.versions[0].selectableFields = [
          { jsonPath: '.spec.replicas' },
          { jsonPath: '.spec.replicas' },
          { jsonPath: '.spec' },
          { jsonPath: '.spec.nope' },
          { jsonPath: "['spec']" },
          { jsonPath: '' },
        ];
      }),
      [
        'spec.selectableFields[1].jsonPath: Duplicate value: ".spec.replicas"',
        'spec.selectableFields[2].jsonPath: Invalid value: ".spec": must point to a field of type string, boolean or integer. Enum string fields and strings with formats are allowed.',
        'spec.selectableFields[3].jsonPath: Invalid value: ".spec.nope": is an invalid path: does not refer to a valid field',
        `spec.selectableFields[4].jsonPath: Invalid value: "['spec']": is an invalid path: array notation is not allowed`,
        'spec.selectableFields[5].jsonPath: Required value',
      ],
    );
    const meta = crontabCRD();
    meta.spec.versions[0].schema!.openAPIV3Schema!.properties!.metadata = {
      type: 'object',
      properties: { name: { type: 'string' } },
    };
    meta.spec.versions[0].selectableFields = [{ jsonPath: '.metadata.name' }];
    assert.deepEqual(validateCustomResourceDefinition(meta).map(String), [
      'spec.selectableFields[0].jsonPath: Invalid value: ".metadata.name": must not point to fields in metadata',
    ]);
  });

  it('checks deprecation warnings', () => {
    assert.deepEqual(
      check((c) => (c.spec.versions[0].deprecationWarning = 'x')),
      ['spec.versions[0].deprecationWarning: Invalid value: "x": can only be set for deprecated versions'],
    );
    assert.deepEqual(deprecationWarningErrors(true, ''), ['must not be an empty string']);
    assert.deepEqual(deprecationWarningErrors(true, 'a'.repeat(257)), ['must be <= 256 characters long']);
    assert.deepEqual(deprecationWarningErrors(true, 'é\u0007'), [
      'must only contain printable UTF-8 characters; non-printable character found at index 2',
    ]);
  });
});
