import { test } from 'node:test';
import assert from 'node:assert/strict';
import { nameFromFieldSelector, parseFieldSelector, selectsExactly } from './field-selector.js';

test('parseFieldSelector reads terms, operators and escapes', () => {
  assert.deepEqual(parseFieldSelector(''), []);
  assert.deepEqual(parseFieldSelector('spec.nodeName=n1,metadata.name!=x'), [
    { field: 'spec.nodeName', operator: 'Equals', value: 'n1' },
    { field: 'metadata.name', operator: 'NotEquals', value: 'x' },
  ]);
  assert.deepEqual(parseFieldSelector('a==b'), [{ field: 'a', operator: 'Equals', value: 'b' }]);
  assert.deepEqual(parseFieldSelector('a=b\\,c'), [{ field: 'a', operator: 'Equals', value: 'b,c' }]);
  assert.equal(parseFieldSelector('novalue'), undefined);
  assert.equal(parseFieldSelector('a=b\\x'), undefined);
});

test('selectsExactly and nameFromFieldSelector', () => {
  assert.equal(selectsExactly(parseFieldSelector('spec.nodeName=n1'), 'spec.nodeName', 'n1'), true);
  assert.equal(selectsExactly(parseFieldSelector('spec.nodeName!=n1'), 'spec.nodeName', 'n1'), false);
  assert.equal(selectsExactly(undefined, 'spec.nodeName', 'n1'), false);
  assert.equal(nameFromFieldSelector('metadata.name=s1'), 's1');
  assert.equal(nameFromFieldSelector('metadata.name==s1,x=y'), 's1');
  assert.equal(nameFromFieldSelector('metadata.name!=s1'), '');
  assert.equal(nameFromFieldSelector('metadata.name=a/b'), '');
  assert.equal(nameFromFieldSelector(undefined), '');
});
