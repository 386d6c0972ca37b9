import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { compileRule } from './compile.js';
import type { CompileResult, RuleProgram } from './compile.js';

const schema = {
  type: 'object',
  properties: {
    replicas: { type: 'integer' },
    name: { type: 'string' },
    tags: { type: 'array', items: { type: 'string' } },
    spec: { type: 'object', properties: { a: { type: 'integer' } } },
  },
};

function program(r: CompileResult): RuleProgram {
  assert.ok('program' in r, `expected a program, got ${JSON.stringify(r)}`);
  return r.program;
}

function error(r: CompileResult): string {
  assert.ok('error' in r, `expected an error, got ${JSON.stringify(r)}`);
  return r.error;
}

function unsupported(r: CompileResult): string {
  assert.ok('unsupported' in r, `expected unsupported, got ${JSON.stringify(r)}`);
  return r.unsupported;
}

describe('compileRule', () => {
  it('compiles rules and tells transition rules apart', () => {
    assert.equal(program(compileRule('self.replicas >= 0', schema)).transitionRule, false);
    assert.equal(program(compileRule('self.replicas >= oldSelf.replicas', schema)).transitionRule, true);
    assert.equal(program(compileRule('self.tags.all(t, t != "")', schema)).transitionRule, false);
  });

  it('reports undeclared references and undefined fields as cel-go does', () => {
    assert.equal(
      error(compileRule('foo == 1', schema)),
      "compilation failed: ERROR: <input>:1:1: undeclared reference to 'foo' (in container '')\n | foo == 1\n | ^",
    );
    assert.equal(
      error(compileRule('self.foo == 1', schema)),
      "compilation failed: ERROR: <input>:1:5: undefined field 'foo'\n | self.foo == 1\n | ....^",
    );
    assert.equal(
      error(compileRule('self.spec.b == 1', schema)),
      "compilation failed: ERROR: <input>:1:10: undefined field 'b'\n | self.spec.b == 1\n | .........^",
    );
    assert.equal(
      error(compileRule('has(self.nope)', schema)),
      "compilation failed: ERROR: <input>:1:9: undefined field 'nope'\n | has(self.nope)\n | ........^",
    );
  });

  it('reports type errors, non-bool rules and syntax errors', () => {
    assert.equal(
      error(compileRule('self.replicas == "a"', schema)),
      "compilation failed: ERROR: <input>:1:15: found no matching overload for '_==_' applied to '(int, string)'\n" +
        ' | self.replicas == "a"\n | ..............^',
    );
    assert.match(
      error(compileRule('self.name.startsWith(1)', schema)),
      /^compilation failed: ERROR: <input>:1:21: found no matching overload for 'startsWith' applied to 'string\.\(int\)'/,
    );
    assert.equal(error(compileRule('self.replicas + 1', schema)), 'cel expression must evaluate to a bool');
    assert.match(
      error(compileRule('self.replicas >', schema)),
      /^compilation failed: ERROR: <input>:1:16: Syntax error: /,
    );
    assert.match(error(compileRule('[1, "a"] == [1]', schema)), /expected type 'int' but found 'string'/);
  });

  it('validates duration, timestamp and regex literals at compile time', () => {
    assert.match(error(compileRule('duration("1x") > duration("1s")', schema)), /1:10: invalid duration argument/);
    assert.match(error(compileRule('timestamp("nope") == timestamp("nope")', schema)), /invalid timestamp argument/);
    assert.match(error(compileRule('self.name.matches("(")', schema)), /1:19: invalid matches argument/);
    program(compileRule('self.name.matches("^[a-z]+$") && duration("1h") > duration("1m")', schema));
  });

  it('rejects what the CEL library has but Kubernetes does not declare', () => {
    assert.match(error(compileRule('cel.bind(x, 1, x == 1)', schema)), /undeclared reference to 'cel'/);
    assert.match(error(compileRule('b"a".hex() == "61"', schema)), /undeclared reference to 'hex'/);
  });

  it('flags functions of Kubernetes libraries we do not implement, naming them', () => {
    const cases: [string, RegExp][] = [
      ['quantity("1Gi").isGreaterThan(quantity("1Mi"))', /function 'quantity' \(Kubernetes quantity library\)/],
      ['isURL(self.name)', /function 'isURL'/],
      ['url(self.name).getHost() == "x"', /function 'url'/],
      ['ip(self.name).family() == 4', /function 'ip'/],
      ['cidr(self.name).containsIP("10.0.0.1")', /function 'cidr'/],
      [
        'format.dns1123Label().validate(self.name).hasValue()',
        /function 'format\.dns1123Label' \(Kubernetes format library\)/,
      ],
      ['self.tags.isSorted()', /function 'isSorted' \(Kubernetes lists library\)/],
      ['self.tags.indexOf("a") == 0', /function 'indexOf' \(Kubernetes lists library\)/],
      ['sets.contains(self.tags, ["a"])', /function 'sets\.contains'/],
      ['self.name.charAt(0) == "a"', /function 'charAt'/],
      ['"%s".format([self.name]) == "x"', /function 'format'/],
      ['self.tags.all(i, v, v != "")', /two-variable comprehension 'all'/],
      ['self.name.find("a") == "a"', /function 'find' \(Kubernetes regex library\)/],
    ];
    for (const [rule, want] of cases) {
      const msg = unsupported(compileRule(rule, schema));
      assert.match(msg, want, rule);
      assert.match(msg, /^rule uses .* which k8ts does not implement$/);
    }
    const r = compileRule({ rule: 'true', messageExpression: 'quantity("1").sign() == 1 ? "a" : "b"' }, schema);
    assert.deepEqual(r, {
      unsupported:
        "messageExpression uses function 'quantity' (Kubernetes quantity library), which k8ts does not implement",
      field: 'messageExpression',
    });
  });

  it('compiles messageExpression and reports its errors on that field', () => {
    program(compileRule({ rule: 'self.replicas > 0', messageExpression: '"got " + string(self.replicas)' }, schema));
    const bad = compileRule({ rule: 'self.replicas > 0', messageExpression: '"a" + nope' }, schema);
    assert.equal('field' in bad && bad.field, 'messageExpression');
    assert.match(
      error(bad),
      /^messageExpression compilation failed: ERROR: <input>:1:7: undeclared reference to 'nope'/,
    );
    assert.deepEqual(compileRule({ rule: 'true', messageExpression: 'self.replicas' }, schema), {
      error: 'messageExpression must evaluate to a string',
      field: 'messageExpression',
    });
  });

  it('checks fieldPath against the schema and normalizes it', () => {
    assert.equal(program(compileRule({ rule: 'true', fieldPath: '.spec.a' }, schema)).fieldPath, 'spec.a');
    assert.deepEqual(compileRule({ rule: 'true', fieldPath: '.spec.zz' }, schema), {
      error: 'fieldPath must be a valid path: does not refer to a valid field',
      field: 'fieldPath',
    });
  });

  it('applies the oldSelf rules: correlatable nodes only, optionalOldSelf only with oldSelf', () => {
    assert.deepEqual(
      compileRule('self == oldSelf', { type: 'string' }, { hasOldSelf: false, uncorrelatablePath: 'spec.list.items' }),
      {
        error: 'oldSelf cannot be used on the uncorrelatable portion of the schema within spec.list.items',
        field: 'rule',
      },
    );
    program(compileRule('self != ""', { type: 'string' }, { hasOldSelf: false }));
    assert.deepEqual(compileRule({ rule: 'self != ""', optionalOldSelf: true }, { type: 'string' }), {
      error: 'may not be set if oldSelf is not used in rule',
      field: 'optionalOldSelf',
    });
    const opt = program(compileRule({ rule: 'oldSelf.orValue("") != "x"', optionalOldSelf: true }, { type: 'string' }));
    assert.equal(opt.transitionRule, true);
  });

  it('refuses empty rules and schemas rules cannot see', () => {
    assert.deepEqual(compileRule('  ', schema), { error: 'rule is not specified', field: 'rule' });
    assert.deepEqual(compileRule('true', { 'x-kubernetes-preserve-unknown-fields': true }), {
      error:
        "rule declared on schema that does not support validation rules type: '' x-kubernetes-preserve-unknown-fields: 'true'",
      field: 'rule',
    });
  });

  it('sees apiVersion, kind and metadata.name only at a resource root', () => {
    const rule = 'self.metadata.name.startsWith("a") && self.kind == "Foo"';
    program(compileRule(rule, schema, { isResourceRoot: true }));
    assert.match(error(compileRule(rule, schema)), /undefined field 'metadata'/);
  });
});
