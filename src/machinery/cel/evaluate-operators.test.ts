import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { compileRule } from './compile.js';
import { evaluate } from './evaluate.js';
import type { EvaluateResult } from './evaluate.js';

const schema = {
  type: 'object',
  properties: {
    replicas: { type: 'integer' },
    maxReplicas: { type: 'integer' },
    ratio: { type: 'number' },
    name: { type: 'string' },
    enabled: { type: 'boolean' },
    tags: { type: 'array', items: { type: 'string' } },
    labels: { type: 'object', additionalProperties: { type: 'string' } },
    spec: { type: 'object', properties: { size: { type: 'integer' }, note: { type: 'string' } } },
    surge: { 'x-kubernetes-int-or-string': true },
    created: { type: 'string', format: 'date-time' },
    timeout: { type: 'string', format: 'duration' },
  },
};

const self = {
  replicas: 3,
  maxReplicas: 5,
  ratio: 0.5,
  name: 'web',
  enabled: true,
  tags: ['a', 'b'],
  labels: { app: 'web' },
  spec: { size: 7 },
  surge: '25%',
  created: '2024-03-01T12:00:00Z',
  timeout: '90s',
};

function run(rule: string, value: object = self): EvaluateResult {
  const c = compileRule(rule, schema);
  assert.ok('program' in c, `${rule}: ${JSON.stringify(c)}`);
  return evaluate(c.program, { self: value });
}

function holds(...rules: string[]) {
  for (const rule of rules) assert.deepEqual(run(rule), { ok: true }, rule);
}

function fails(...rules: string[]) {
  for (const rule of rules) assert.deepEqual(run(rule), { ok: false, message: `failed rule: ${rule}` }, rule);
}

describe('evaluate: operators and values', () => {
  it('evaluates the typical rule both ways', () => {
    holds('self.replicas <= self.maxReplicas');
    assert.deepEqual(run('self.replicas <= self.maxReplicas', { replicas: 9, maxReplicas: 5 }), {
      ok: false,
      message: 'failed rule: self.replicas <= self.maxReplicas',
    });
  });

  it('evaluates literals, field selection and indexing', () => {
    holds('true', '1 == 1', '"a" == \'a\'', '[1, 2][1] == 2', '{"k": 1}["k"] == 1', 'null == null');
    holds('self.spec.size == 7', 'self.tags[0] == "a"', 'self.labels["app"] == "web"', 'self.labels.app == "web"');
    fails('false', 'self.tags[1] == "a"');
  });

  it('compares with == != < <= > >=', () => {
    holds('self.replicas == 3', 'self.replicas != 4', 'self.replicas < 4', 'self.replicas <= 3');
    holds('self.replicas > 2', 'self.replicas >= 3', '"a" < "b"', 'self.ratio < 1.0', 'self.replicas < 3.5');
    fails('self.replicas > 3', 'self.name != "web"');
  });

  it('keeps integers ints and numbers doubles', () => {
    holds('self.replicas + 1 == 4', 'self.maxReplicas / 2 == 2', 'self.maxReplicas % 3 == 2', '-7 / 2 == -3');
    holds('self.ratio * 3.0 == 1.5', 'self.ratio / 2.0 == 0.25', 'type(self.replicas) == int');
    holds('type(self.ratio) == double', 'type(self.replicas / 2) == int', 'double(self.maxReplicas) / 2.0 == 2.5');
    // A whole JSON number in a `number` field is still a double.
    assert.deepEqual(run('type(self.ratio) == double', { ratio: 2 }), { ok: true });
    assert.deepEqual(run('self.replicas / 0 == 1'), {
      error: 'division by zero evaluating rule: self.replicas / 0 == 1',
    });
    assert.deepEqual(run('self.replicas % 0 == 1'), {
      error: 'modulus by zero evaluating rule: self.replicas % 0 == 1',
    });
    assert.deepEqual(run('9223372036854775807 + self.replicas > 0'), {
      error: 'integer overflow evaluating rule: 9223372036854775807 + self.replicas > 0',
    });
    holds('self.ratio / 0.0 > 1000.0');
  });

  it('evaluates && || ! and the ternary operator, absorbing errors as CEL does', () => {
    holds('self.enabled && self.replicas > 0', 'self.enabled || false', '!(self.replicas > 5)');
    // self.spec.note is declared but absent: selecting it is an error that && and || absorb.
    holds('self.spec.note == "x" || true', 'true || self.spec.note == "x"', 'self.replicas > 1 ? true : 1 / 0 == 1');
    fails('self.spec.note == "x" && false', 'false && self.spec.note == "x"', '!self.enabled');
    assert.deepEqual(run('self.spec.note == "x" || false'), {
      error: 'no such key: note evaluating rule: self.spec.note == "x" || false',
    });
  });

  it('tests presence with has() and fails selection of absent fields with no such key', () => {
    holds('has(self.name)', '!has(self.spec.note)', 'has(self.labels.app)', '!has(self.labels.other)');
    assert.deepEqual(run('self.spec.note == "x"'), {
      error: 'no such key: note evaluating rule: self.spec.note == "x"',
    });
    assert.deepEqual(run('self.labels["x"] == "y"'), {
      error: 'no such key: x evaluating rule: self.labels["x"] == "y"',
    });
    assert.deepEqual(run('self.tags[2] == "c"'), {
      error: "index '2' out of range in list size '2' evaluating rule: self.tags[2] == \"c\"",
    });
    // null counts as absent.
    assert.deepEqual(run('!has(self.name)', { name: null }), { ok: true });
  });

  it('evaluates size() and in', () => {
    holds('size(self.tags) == 2', 'self.tags.size() == 2', 'size(self.name) == 3', 'size(self.labels) == 1');
    holds('"a" in self.tags', '!("z" in self.tags)', '"app" in self.labels', '2 in [1, 2]');
    holds('size("héllo") == 5');
  });

  it('converts with int(), string(), double(), duration() and timestamp()', () => {
    holds('int("42") == 42', 'int(2.9) == 2', 'string(self.replicas) == "3"', 'string(1.5) == "1.5"');
    holds('double("1.5") == 1.5', 'double(self.replicas) == 3.0', 'string(true) == "true"');
    holds('duration("1h") > duration("59m")', 'self.timeout == duration("1m30s")');
    holds('self.created > timestamp("2024-01-01T00:00:00Z")', 'self.created.getHours() == 12');
    holds('timestamp("2024-01-01T00:00:00Z") + duration("1h") == timestamp("2024-01-01T01:00:00Z")');
    assert.match((run('int(self.name) == 1') as { error: string }).error, /evaluating rule: int\(self.name\) == 1$/);
  });

  it('types x-kubernetes-int-or-string as dyn, checked at runtime', () => {
    holds('type(self.surge) == string && self.surge.endsWith("%")');
    assert.deepEqual(run('type(self.surge) == int && self.surge > 1', { surge: 2 }), { ok: true });
    assert.deepEqual(run('self.surge + 1 == 2'), {
      error:
        "'no such overload': call arguments did not match a supported operator, function or macro signature for rule: self.surge + 1 == 2",
    });
  });
});
