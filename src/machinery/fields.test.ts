import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ApiError } from './errors.js';
import {
  escapeValue,
  fieldSelectorFromSet,
  oneTermEqualSelector,
  parseFieldSelector,
  unescapeValue,
  unsupportedField,
} from './fields.js';

function parseError(s: string): ApiError {
  try {
    parseFieldSelector(s);
  } catch (err) {
    assert.ok(err instanceof ApiError);
    return err;
  }
  assert.fail(`${JSON.stringify(s)} parsed`);
}

describe('parseFieldSelector', () => {
  // upstream's fields TestSelectorParse: good strings print back unchanged.
  it('prints upstream good strings back unchanged', () => {
    for (const s of ['x=a,y=b,z=c', '', 'x!=a,y=b', 'x=a||y\\=b', 'x=a\\=\\=b']) {
      assert.equal(parseFieldSelector(s).toString(), s, s);
    }
  });

  it('sorts terms, skips empty ones and reads == as =', () => {
    assert.equal(parseFieldSelector('z=1,,a==2').toString(), 'a=2,z=1');
    assert.equal(parseFieldSelector(',,').empty(), true);
    assert.deepEqual(parseFieldSelector('metadata.name==web,status.phase!=Running').requirements(), [
      { field: 'metadata.name', operator: '=', value: 'web' },
      { field: 'status.phase', operator: '!=', value: 'Running' },
    ]);
  });

  it('keeps escaped commas and equals signs in values', () => {
    const sel = parseFieldSelector('spec.x=a\\,b\\=c\\\\,y=1');
    assert.deepEqual(sel.requirements()[0], { field: 'spec.x', operator: '=', value: 'a,b=c\\' });
    assert.equal(sel.toString(), 'spec.x=a\\,b\\=c\\\\,y=1');
  });

  it('refuses bad strings with upstream messages, as 400 BadRequest', () => {
    const cases: [string, string][] = [
      ['x', "invalid selector: 'x'; can't understand 'x'"],
      ['x=a,b', "invalid selector: 'x=a,b'; can't understand 'b'"],
      ['x in (a)', "invalid selector: 'x in (a)'; can't understand 'x in (a)'"],
      // upstream prints the offending rune as a number.
      ['x==a==b', 'invalid field selector: unescaped character in value: 61'],
      ['x=a||y=b', 'invalid field selector: unescaped character in value: 61'],
      ['x=\\a', 'invalid field selector: invalid escape sequence: \\a'],
      ['x=a\\', 'invalid field selector: invalid escape sequence: \\'],
    ];
    for (const [input, message] of cases) {
      const err = parseError(input);
      assert.equal(err.message, message, input);
      assert.equal(err.code, 400);
      assert.equal(err.reason, 'BadRequest');
    }
  });
});

describe('FieldSelector.matches', () => {
  it('reads absent fields as the empty string', () => {
    assert.equal(parseFieldSelector('spec.nodeName=').matches({}), true);
    assert.equal(parseFieldSelector('spec.nodeName=').matches({ 'spec.nodeName': 'n1' }), false);
    assert.equal(parseFieldSelector('status.phase!=Running').matches({}), true);
    assert.equal(parseFieldSelector('status.phase!=Running').matches({ 'status.phase': 'Running' }), false);
    assert.equal(parseFieldSelector('constructor=').matches({}), true);
  });

  it('ANDs terms and matches everything when empty', () => {
    const sel = parseFieldSelector('metadata.name=a,metadata.namespace=ns');
    assert.equal(sel.matches({ 'metadata.name': 'a', 'metadata.namespace': 'ns' }), true);
    assert.equal(sel.matches({ 'metadata.name': 'a', 'metadata.namespace': 'other' }), false);
    assert.equal(parseFieldSelector('').matches({ x: 'y' }), true);
  });

  it('answers requiresExactMatch only for = terms', () => {
    const sel = parseFieldSelector('metadata.name=a,spec.x!=b');
    assert.equal(sel.requiresExactMatch('metadata.name'), 'a');
    assert.equal(sel.requiresExactMatch('spec.x'), undefined);
    assert.equal(oneTermEqualSelector('involvedObject.uid', 'u1').toString(), 'involvedObject.uid=u1');
    assert.equal(fieldSelectorFromSet({ 'metadata.name': 'a,b' }).toString(), 'metadata.name=a\\,b');
  });
});

describe('escapeValue / unescapeValue', () => {
  it('round-trips upstream escape cases', () => {
    const cases: Record<string, string> = {
      '': '',
      a: 'a',
      '=': '\\=',
      ',': '\\,',
      '\\': '\\\\',
      '\\=\\,\\': '\\\\\\=\\\\\\,\\\\',
    };
    for (const [raw, escaped] of Object.entries(cases)) {
      assert.equal(escapeValue(raw), escaped);
      assert.equal(unescapeValue(escaped), raw);
    }
    assert.throws(() => unescapeValue('\\\\\\'), { message: 'invalid field selector: invalid escape sequence: \\' });
  });
});

describe('unsupportedField', () => {
  it('answers 400 with upstream wording', () => {
    const err = unsupportedField('spec.foo');
    assert.equal(err.code, 400);
    assert.equal(err.toStatus().message, 'field label not supported: spec.foo');
  });
});
