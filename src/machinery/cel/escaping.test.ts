import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { escapeName } from './escaping.js';

describe('escapeName', () => {
  it('leaves plain identifiers alone', () => {
    assert.equal(escapeName('replicas'), 'replicas');
    assert.equal(escapeName('_x1'), '_x1');
    assert.equal(escapeName('a_b'), 'a_b');
  });

  it('escapes reserved words, double underscores, dots, dashes and slashes as upstream', () => {
    assert.equal(escapeName('namespace'), '__namespace__');
    assert.equal(escapeName('in'), '__in__');
    assert.equal(escapeName('foo-bar'), 'foo__dash__bar');
    assert.equal(escapeName('a.b'), 'a__dot__b');
    assert.equal(escapeName('x/y'), 'x__slash__y');
    assert.equal(escapeName('a__b'), 'a__underscores__b');
    assert.equal(escapeName('a___b'), 'a__underscores___b');
    assert.equal(escapeName('app.kubernetes.io/name'), 'app__dot__kubernetes__dot__io__slash__name');
  });

  it('refuses names that cannot become identifiers', () => {
    assert.equal(escapeName(''), undefined);
    assert.equal(escapeName('1abc'), undefined);
    assert.equal(escapeName('a b'), undefined);
    assert.equal(escapeName('a:b'), undefined);
  });
});
