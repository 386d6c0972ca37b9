import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { compileRule } from './compile.js';
import type { CompileOptions, RuleProgram, ValidationRule } from './compile.js';
import { evaluate } from './evaluate.js';

const schema = {
  type: 'object',
  properties: {
    replicas: { type: 'integer' },
    mode: { type: 'string' },
    spec: { type: 'object', properties: { image: { type: 'string' }, port: { type: 'integer' } } },
    finalizers: { type: 'array', 'x-kubernetes-list-type': 'set', items: { type: 'string' } },
  },
};

function compile(rule: string | ValidationRule, s: object = schema, opts?: CompileOptions): RuleProgram {
  const c = compileRule(rule, s, opts);
  assert.ok('program' in c, JSON.stringify(c));
  return c.program;
}

describe('evaluate: transition rules', () => {
  it('evaluates a rule using oldSelf only when there is an old value', () => {
    const p = compile({ rule: 'self == oldSelf', message: 'Value is immutable' }, { type: 'string' });
    assert.deepEqual(evaluate(p, { self: 'a' }), { ok: true, skipped: true });
    assert.deepEqual(evaluate(p, { self: 'a', oldSelf: null }), { ok: true, skipped: true });
    assert.deepEqual(evaluate(p, { self: 'a', oldSelf: 'a' }), { ok: true });
    assert.deepEqual(evaluate(p, { self: 'b', oldSelf: 'a' }), { ok: false, message: 'Value is immutable' });
  });

  it('compares objects, set lists and fields against their old values', () => {
    const p = compile('self.spec == oldSelf.spec && self.finalizers == oldSelf.finalizers');
    const old = { spec: { image: 'x', port: 80 }, finalizers: ['a', 'b'] };
    assert.deepEqual(evaluate(p, { self: { spec: { port: 80, image: 'x' }, finalizers: ['a', 'b'] }, oldSelf: old }), {
      ok: true,
    });
    assert.equal(
      (evaluate(p, { self: { ...old, spec: { image: 'y', port: 80 } }, oldSelf: old }) as { ok: boolean }).ok,
      false,
    );
    const grow = compile('self.replicas >= oldSelf.replicas');
    assert.deepEqual(evaluate(grow, { self: { replicas: 3 }, oldSelf: { replicas: 2 } }), { ok: true });
    assert.deepEqual(evaluate(grow, { self: { replicas: 1 }, oldSelf: { replicas: 2 } }), {
      ok: false,
      message: 'failed rule: self.replicas >= oldSelf.replicas',
    });
  });

  it('evaluates optionalOldSelf rules on create too, with oldSelf an optional', () => {
    const p = compile(
      { rule: '!oldSelf.hasValue() || self >= oldSelf.value()', optionalOldSelf: true },
      { type: 'integer' },
    );
    assert.deepEqual(evaluate(p, { self: 1 }), { ok: true });
    assert.deepEqual(evaluate(p, { self: 5, oldSelf: 4 }), { ok: true });
    assert.equal((evaluate(p, { self: 3, oldSelf: 4 }) as { ok: boolean }).ok, false);
    const orValue = compile({ rule: 'self == oldSelf.orValue("init")', optionalOldSelf: true }, { type: 'string' });
    assert.deepEqual(evaluate(orValue, { self: 'init' }), { ok: true });
    assert.equal((evaluate(orValue, { self: 'other' }) as { ok: boolean }).ok, false);
  });

  it('does not validate a null or absent value', () => {
    const p = compile('self.size() > 100', { type: 'string' });
    assert.deepEqual(evaluate(p, { self: null }), { ok: true });
    assert.deepEqual(evaluate(p, { self: undefined }), { ok: true });
  });
});

describe('evaluate: messages', () => {
  it('uses the default message, the message, or the messageExpression', () => {
    assert.deepEqual(evaluate(compile(' self.replicas < 2 '), { self: { replicas: 3 } }), {
      ok: false,
      message: 'failed rule: self.replicas < 2',
    });
    assert.deepEqual(
      evaluate(compile({ rule: 'self.replicas < 2', message: ' at most 1 ' }), { self: { replicas: 3 } }),
      {
        ok: false,
        message: 'at most 1',
      },
    );
    const expr = compile({
      rule: 'self.replicas < 2',
      message: 'unused',
      messageExpression: '"replicas must be below 2, got " + string(self.replicas)',
    });
    assert.deepEqual(evaluate(expr, { self: { replicas: 3 } }), {
      ok: false,
      message: 'replicas must be below 2, got 3',
    });
    assert.deepEqual(evaluate(expr, { self: { replicas: 1 } }), { ok: true });
  });

  it('falls back to the message or default when the messageExpression fails', () => {
    const withMessage = compile({ rule: 'self.replicas < 2', message: 'too many', messageExpression: 'self.mode' });
    assert.deepEqual(evaluate(withMessage, { self: { replicas: 3 } }), {
      ok: false,
      message: 'too many',
      messageExpressionError: 'messageExpression evaluation failed due to: no such key: mode',
    });
    const blank = compile({ rule: 'self.replicas < 2', messageExpression: '"  "' });
    assert.deepEqual(evaluate(blank, { self: { replicas: 3 } }), {
      ok: false,
      message: 'failed rule: self.replicas < 2',
      messageExpressionError: 'messageExpression should evaluate to a non-empty string',
    });
    const multiline = compile({ rule: 'false', messageExpression: '"a\\nb"' });
    assert.equal(
      (evaluate(multiline, { self: {} }) as { messageExpressionError?: string }).messageExpressionError,
      'messageExpression should not contain line breaks',
    );
  });

  it('returns the reason and normalized fieldPath for the caller’s FieldError', () => {
    const p = compile({ rule: 'self.spec.port > 1024', reason: 'FieldValueForbidden', fieldPath: '.spec.port' });
    assert.deepEqual(evaluate(p, { self: { spec: { port: 80 } } }), {
      ok: false,
      message: 'failed rule: self.spec.port > 1024',
      reason: 'FieldValueForbidden',
      fieldPath: 'spec.port',
    });
  });

  it('words evaluation errors as upstream, naming the message when there is one', () => {
    const p = compile({ rule: 'self.spec.image.startsWith("r/")', message: 'image must come from r/' });
    assert.deepEqual(evaluate(p, { self: { spec: {} } }), {
      error: 'no such key: image evaluating rule: image must come from r/',
    });
  });

  it('sees the resource root’s metadata', () => {
    const p = compile('self.metadata.name.startsWith(self.mode)', schema, { isResourceRoot: true });
    assert.deepEqual(evaluate(p, { self: { mode: 'web', metadata: { name: 'web-1', uid: 'x' } } }), { ok: true });
    assert.equal((evaluate(p, { self: { mode: 'db', metadata: { name: 'web-1' } } }) as { ok: boolean }).ok, false);
  });
});
