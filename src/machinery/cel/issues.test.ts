import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { compileRule } from './compile.js';
import { describeRuntimeError, formatIssue } from './issues.js';

describe('formatIssue', () => {
  it('prints cel-go issues with line, column, source line and caret', () => {
    assert.equal(formatIssue('a + b', 4, 'boom'), 'ERROR: <input>:1:5: boom\n | a + b\n | ....^');
    assert.equal(formatIssue('a &&\n  bb', 7, 'x'), 'ERROR: <input>:2:3: x\n |   bb\n | ..^');
  });

  it('points at the right line of a multi-line rule', () => {
    const r = compileRule('self.a > 0 &&\n  self.nope', { type: 'object', properties: { a: { type: 'integer' } } });
    assert.ok('error' in r);
    assert.equal(r.error, "compilation failed: ERROR: <input>:2:7: undefined field 'nope'\n |   self.nope\n | ......^");
  });
});

describe('describeRuntimeError', () => {
  it('words library errors as cel-go', () => {
    const err = (code: string, summary: string) => Object.assign(new Error(summary), { code, summary });
    assert.deepEqual(describeRuntimeError(err('no_such_key', 'No such key: x')), {
      message: 'no such key: x',
      noSuchOverload: false,
    });
    assert.deepEqual(describeRuntimeError(err('no_matching_overload', "found no matching overload for 'f(int)'")), {
      message: 'no such overload',
      noSuchOverload: true,
    });
    assert.equal(
      describeRuntimeError(err('index_out_of_bounds', 'No such key: index out of bounds, index 3 >= size 1')).message,
      "index '3' out of range in list size '1'",
    );
  });
});
