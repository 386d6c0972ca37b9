import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ApiError } from './errors.js';
import {
  everything,
  matchesNothing,
  newRequirement,
  parseSelector,
  selectorFromLabelSelector,
  selectorFromSet,
  validateLabelSelector,
} from './labels.js';

const LABEL_VALUE_MSG =
  "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')";
const NAME_PART_MSG =
  "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";

function parseError(s: string): ApiError {
  try {
    parseSelector(s);
  } catch (err) {
    assert.ok(err instanceof ApiError);
    return err;
  }
  assert.fail(`${JSON.stringify(s)} parsed`);
}

describe('parseSelector', () => {
  // upstream's TestSelectorParse: good strings print back without their spaces.
  it('prints upstream good strings back in canonical form', () => {
    for (const s of ['x=a,y=b,z=c', '', 'x!=a,y=b', 'x=', 'x= ', 'x=,z= ', 'x= ,z= ', '!x', 'x>1', 'x>1,z<5']) {
      assert.equal(parseSelector(s).toString(), s.replaceAll(' ', ''), s);
    }
  });

  it('sorts requirements by key and values within sets', () => {
    assert.equal(parseSelector('x=a,a=x').toString(), 'a=x,x=a');
    assert.equal(parseSelector('a=x,x=a').toString(), 'a=x,x=a');
    assert.equal(parseSelector('x in (foo,,baz),y,z notin ()').toString(), 'x in (,baz,foo),y,z notin ()');
    assert.equal(parseSelector('  tier  in  ( b , a ) ,  x==y ').toString(), 'tier in (a,b),x==y');
    assert.equal(parseSelector('a in (b,b)').requirements()[0].values.length, 1);
  });

  it('reads in and notin as values and keys where no operator can stand', () => {
    assert.equal(parseSelector('in in (in)').toString(), 'in in (in)');
    assert.deepEqual(parseSelector('x notin (notin,a)').requirements(), [
      { key: 'x', operator: 'notin', values: ['a', 'notin'] },
    ]);
  });

  it('refuses bad strings with upstream messages, as 400 BadRequest', () => {
    const cases: [string, string][] = [
      ['x==a==b', "found '==', expected: ',' or 'end of string'"],
      ['!x=a', "found '=', expected: ',' or 'end of string'"],
      [',a', "found ',', expected: !, identifier, or 'end of string'"],
      ['a,', "found '', expected: identifier after ','"],
      ['a b', "unable to parse requirement: found 'b', expected: in, notin, =, ==, !=, gt, lt"],
      ['x in a', "unable to parse requirement: found 'a' expected: '('"],
      ['x in (a', "unable to parse requirement: found '', expected: ',' or ')'"],
      ['x in (a,', "unable to parse requirement: found '', expected: ',', or identifier"],
      ['x in', "unable to parse requirement: found '' expected: '('"],
      ['x in (', "unable to parse requirement: found '', expected: ',', ')' or identifier"],
      ['x=(a', "unable to parse requirement: found '(', expected: identifier"],
      [
        'x<a',
        `unable to parse requirement: values[0]: Invalid value: "a": for 'Gt', 'Lt' operators, the value must be an integer`,
      ],
      ['x=a||y=b', `unable to parse requirement: values[0][x]: Invalid value: "a||y": ${LABEL_VALUE_MSG}`],
      // upstream validates the key with a nil field path, which Go prints as <nil>.
      ['a:b=c', `unable to parse requirement: <nil>: Invalid value: "a:b": ${NAME_PART_MSG}`],
    ];
    for (const [input, message] of cases) {
      const err = parseError(input);
      assert.equal(err.message, message, input);
      assert.equal(err.code, 400);
      assert.equal(err.reason, 'BadRequest');
    }
  });

  it('aggregates several bad values in brackets', () => {
    assert.equal(
      parseError('x in (-a,-b)').message,
      `unable to parse requirement: [values[0][x]: Invalid value: "-a": ${LABEL_VALUE_MSG}, values[1][x]: Invalid value: "-b": ${LABEL_VALUE_MSG}]`,
    );
  });
});

describe('Selector.matches', () => {
  const m = (sel: string, labels?: Record<string, string>) => parseSelector(sel).matches(labels);

  it('applies each operator as upstream, absent keys included', () => {
    assert.equal(m('x=a', { x: 'a' }), true);
    assert.equal(m('x=a', { x: 'b' }), false);
    assert.equal(m('x=a', {}), false);
    assert.equal(m('x!=a', {}), true);
    assert.equal(m('x!=a', { x: 'a' }), false);
    assert.equal(m('x in (a,b)', { x: 'b' }), true);
    assert.equal(m('x notin (a)', undefined), true);
    assert.equal(m('x notin (a)', { x: 'a' }), false);
    assert.equal(m('x', { x: '' }), true);
    assert.equal(m('!x', { x: '' }), false);
    assert.equal(m('!x', { y: 'x' }), true);
    assert.equal(m('x>1', { x: '2' }), true);
    assert.equal(m('x>1', { x: '1' }), false);
    assert.equal(m('x>1', { x: 'a' }), false);
    assert.equal(m('x<1', { x: '-5' }), true);
    assert.equal(m('x<1', {}), false);
    assert.equal(m('x=a,y', { x: 'a' }), false);
  });

  it('does not take inherited properties for labels', () => {
    assert.equal(m('constructor', {}), false);
  });

  it('treats the empty selector as everything', () => {
    const sel = parseSelector('');
    assert.equal(sel.empty(), true);
    assert.equal(sel.matches(undefined), true);
    assert.equal(everything().matches({ a: 'b' }), true);
  });

  it('answers requiresExactMatch for =, == and single-value in', () => {
    const sel = parseSelector('a=1,b in (2),c in (3,4),d!=5');
    assert.equal(sel.requiresExactMatch('a'), '1');
    assert.equal(sel.requiresExactMatch('b'), '2');
    assert.equal(sel.requiresExactMatch('c'), undefined);
    assert.equal(sel.requiresExactMatch('d'), undefined);
  });
});

describe('selectorFromLabelSelector', () => {
  it('matches nothing for a nil selector and everything for an empty one', () => {
    assert.equal(selectorFromLabelSelector(undefined).matches({}), false);
    assert.equal(matchesNothing(selectorFromLabelSelector(null)), true);
    const empty = selectorFromLabelSelector({});
    assert.equal(empty.empty(), true);
    assert.equal(empty.matches({ any: 'thing' }), true);
    assert.equal(selectorFromLabelSelector({ matchLabels: {}, matchExpressions: [] }).empty(), true);
  });

  it('combines matchLabels and matchExpressions', () => {
    const sel = selectorFromLabelSelector({
      matchLabels: { app: 'web' },
      matchExpressions: [
        { key: 'tier', operator: 'In', values: ['b', 'a'] },
        { key: 'canary', operator: 'DoesNotExist' },
        { key: 'env', operator: 'Exists' },
        { key: 'zone', operator: 'NotIn', values: ['x'] },
      ],
    });
    assert.equal(sel.toString(), 'app=web,!canary,env,tier in (a,b),zone notin (x)');
    assert.equal(sel.matches({ app: 'web', tier: 'a', env: '' }), true);
    assert.equal(sel.matches({ app: 'web', tier: 'a', env: '', canary: 'y' }), false);
    assert.equal(sel.matches({ app: 'web', tier: 'c', env: '' }), false);
    assert.equal(sel.matches({ app: 'web', tier: 'a', env: '', zone: 'x' }), false);
  });

  it('refuses bad operators and requirements with upstream messages', () => {
    assert.throws(
      () => selectorFromLabelSelector({ matchExpressions: [{ key: 'a', operator: 'Foo' }] }),
      (err: ApiError) => err.code === 400 && err.message === '"Foo" is not a valid label selector operator',
    );
    assert.throws(() => selectorFromLabelSelector({ matchExpressions: [{ key: 'a', operator: 'In', values: [] }] }), {
      message: "values: Invalid value: []string{}: for 'in', 'notin' operators, values set can't be empty",
    });
    assert.throws(() => selectorFromLabelSelector({ matchLabels: { 'a b': 'c' } }), {
      message: `key: Invalid value: "a b": ${NAME_PART_MSG}`,
    });
  });
});

describe('newRequirement and selectorFromSet', () => {
  it('rejects an unknown operator with upstream supported values', () => {
    assert.throws(() => newRequirement('a', 'like', ['b']), {
      message:
        'operator: Unsupported value: "like": supported values: "in", "notin", "=", "==", "!=", "gt", "lt", "exists", "!"',
    });
  });

  it('builds = requirements from a set, sorted', () => {
    assert.equal(selectorFromSet({ b: '2', a: '1' }).toString(), 'a=1,b=2');
    assert.equal(selectorFromSet(undefined).empty(), true);
  });
});

describe('validateLabelSelector', () => {
  it('reports each problem at upstream field paths', () => {
    const errs = validateLabelSelector(
      {
        matchLabels: { 'bad key': 'ok' },
        matchExpressions: [
          { key: 'k', operator: 'In' },
          { key: 'k', operator: 'Exists', values: ['x'] },
          { key: 'k', operator: 'Bad' },
          { key: 'k', operator: 'NotIn', values: ['-x'] },
        ],
      },
      'spec.selector',
    );
    assert.deepEqual(errs.map(String), [
      `spec.selector.matchLabels: Invalid value: "bad key": ${NAME_PART_MSG}`,
      "spec.selector.matchExpressions[0].values: Required value: must be specified when `operator` is 'In' or 'NotIn'",
      "spec.selector.matchExpressions[1].values: Forbidden: may not be specified when `operator` is 'Exists' or 'DoesNotExist'",
      'spec.selector.matchExpressions[2].operator: Invalid value: "Bad": not a valid selector operator',
      `spec.selector.matchExpressions[3].values[0]: Invalid value: "-x": ${LABEL_VALUE_MSG}`,
    ]);
  });

  it('accepts a nil selector and honours the options', () => {
    assert.deepEqual(validateLabelSelector(undefined, 'spec.selector'), []);
    const errs = validateLabelSelector({ matchExpressions: [{ key: 'k', operator: 'Bad', values: ['-x'] }] }, 's', {
      allowUnknownOperatorInRequirement: true,
      allowInvalidLabelValueInSelector: true,
    });
    assert.deepEqual(errs, []);
  });
});
