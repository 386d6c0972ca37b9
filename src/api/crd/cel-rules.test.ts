import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { crontabCRD } from './crontab-fixture.js';
import { validateCustomResourceDefinition } from './crd-validation.js';
import type { CrdValidationOptions, JSONSchemaProps } from './types.js';

/** The messages of the CronTab CRD after mutate changes its schema (root, spec's properties). */
function check(
  mutate: (root: JSONSchemaProps, spec: Record<string, JSONSchemaProps>) => void,
  opts: CrdValidationOptions = {},
): string[] {
  const crd = crontabCRD();
  const root = crd.spec.versions[0].schema!.openAPIV3Schema!;
  mutate(root, root.properties!.spec.properties!);
  return validateCustomResourceDefinition(crd, opts).map(String);
}
const S = 'spec.validation.openAPIV3Schema';
const P = `${S}.properties[spec].properties`;

describe('CRD schemas: x-kubernetes-validations', () => {
  it('checks the shape of rules', () => {
    const m = check((root) => {
      root.properties!.spec['x-kubernetes-validations'] = [
        { rule: ' ' },
        { rule: 'self.replicas > 0', message: 'a\nb' },
        { rule: 'a\n&& b' },
        { rule: 'x', messageExpression: ' ' },
        { rule: 'x', reason: 'Bad' },
        { rule: 'x', fieldPath: '.nope' },
        { rule: 'x', message: '  ' },
      ];
    });
    const V = `${S}.properties[spec].x-kubernetes-validations`;
    assert.deepEqual(m, [
      `${V}[0].rule: Required value: rule is not specified`,
      `${V}[1].message: Invalid value: "a\\nb": message must not contain line breaks`,
      `${V}[2].message: Required value: message must be specified if rule contains line breaks`,
      `${V}[3].messageExpression: Required value: messageExpression must be non-empty if specified`,
      `${V}[4].reason: Unsupported value: "Bad": supported values: "FieldValueDuplicate", "FieldValueForbidden", "FieldValueInvalid", "FieldValueRequired"`,
      `${V}[5].fieldPath: Invalid value: ".nope": fieldPath must be a valid path`,
      `${V}[6].message: Invalid value: "  ": message must be non-empty if specified`,
    ]);
  });

  it('checks field paths', () => {
    const V = `${S}.properties[spec].x-kubernetes-validations`;
    assert.deepEqual(
      check((root) => {
        root.properties!.spec['x-kubernetes-validations'] = [
          { rule: 'x', fieldPath: ' ' },
          { rule: 'x', fieldPath: '.a\n.b' },
          { rule: 'x', fieldPath: '.replicas' },
        ];
      }),
      [
        `${V}[0].fieldPath: Invalid value: " ": fieldPath must be non-empty if specified`,
        `${V}[0].fieldPath: Invalid value: " ": fieldPath must be a valid path`,
        `${V}[1].fieldPath: Invalid value: ".a\\n.b": fieldPath must not contain line breaks`,
        `${V}[1].fieldPath: Invalid value: ".a\\n.b": fieldPath must be a valid path`,
      ],
    );
  });

  it('reports compilation failures and oldSelf misuse, after the schema errors', () => {
    const compileRule = (rule: string) =>
      rule.includes('foo') ? "ERROR: <input>:1:5: undefined field 'foo'" : undefined;
    const compileMessageExpression = () => ({ detail: 'messageExpression must evaluate to a string' });
    const m = check(
      (root, p) => {
        root.properties!.spec['x-kubernetes-validations'] = [
          { rule: 'self.foo > 0' },
          { rule: 'self.replicas > 0', optionalOldSelf: true, messageExpression: '1' },
        ];
        p.tags = {
          type: 'array',
          items: { type: 'string', 'x-kubernetes-validations': [{ rule: 'self == oldSelf' }] },
        };
      },
      { compileRule, compileMessageExpression },
    );
    const V = `${S}.properties[spec].x-kubernetes-validations`;
    const rule1 =
      'apiextensions.ValidationRule{Rule:"self.replicas > 0", Message:"", MessageExpression:"1", Reason:(*apiextensions.FieldValueErrorReason)(nil), FieldPath:"", OptionalOldSelf:(*bool)(0xc000000000)}';
    assert.deepEqual(m, [
      `${P}[tags].items.x-kubernetes-validations[0].rule: Invalid value: "self == oldSelf": oldSelf cannot be used on the uncorrelatable portion of the schema within ${P}[tags]`,
      `${V}[0].rule: Invalid value: apiextensions.ValidationRule{Rule:"self.foo > 0", Message:"", MessageExpression:"", Reason:(*apiextensions.FieldValueErrorReason)(nil), FieldPath:"", OptionalOldSelf:(*bool)(nil)}: compilation failed: ERROR: <input>:1:5: undefined field 'foo'`,
      `${V}[1].messageExpression: Invalid value: ${rule1}: messageExpression must evaluate to a string`,
      `${V}[1].optionalOldSelf: Invalid value: true: may not be set if oldSelf is not used in rule`,
    ]);
  });

  it('skips compilation while the schema has errors', () => {
    let calls = 0;
    const m = check(
      (root, p) => {
        root.properties!.spec['x-kubernetes-validations'] = [{ rule: 'self.foo > 0' }];
        p.bad = {};
      },
      { compileRule: () => (calls++, 'boom') },
    );
    assert.equal(calls, 0);
    assert.deepEqual(m, [`${P}[bad].type: Required value: must not be empty for specified object fields`]);
  });
});
