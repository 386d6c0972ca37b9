import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TokenFile } from './token-file.js';
import { readCsv } from './go-csv.js';

test('TokenFile.parse maps tokens to user, uid and quoted groups', () => {
  const file = TokenFile.parse('abc123,admin,1,"system:masters,devs"\r\n\nxyz,bob,2\n');
  assert.equal(file.size, 2);
  assert.deepEqual(file.lookup('abc123'), { name: 'admin', uid: '1', groups: ['system:masters', 'devs'] });
  assert.deepEqual(file.lookup('xyz'), { name: 'bob', uid: '2', groups: [] });
  assert.equal(file.lookup('nope'), undefined);
});

test('TokenFile.parse refuses records with fewer than 3 columns, naming the file', () => {
  assert.throws(() => TokenFile.parse('tok,user,1\ntok2,user2\n', '/etc/k8s/tokens.csv'), {
    message: "token file '/etc/k8s/tokens.csv' must have at least 3 columns (token, user name, user uid), found 2",
  });
});

test('TokenFile.parse reports Go csv errors', () => {
  assert.throws(() => TokenFile.parse('a"b,user,1\n'), {
    message: 'parse error on line 1, column 2: bare " in non-quoted-field',
  });
  assert.throws(() => TokenFile.parse('tok,user,1,"a,b\n'), {
    message: 'parse error on line 1, column 17: extraneous or missing " in quoted-field',
  });
  assert.throws(() => TokenFile.parse('t,u,1\n"a "word",b,c\n'), {
    message: 'parse error on line 2, column 4: extraneous or missing " in quoted-field',
  });
});

test('TokenFile.parse skips empty tokens and lets a later duplicate win, with upstream warnings', () => {
  const file = TokenFile.parse(',ghost,0\nt,first,1\nt,second,2\n', 'f.csv');
  assert.equal(file.size, 1);
  assert.equal(file.lookup('t')?.name, 'second');
  assert.deepEqual(file.warnings, [
    "empty token has been found in token file 'f.csv', record number '1'",
    "duplicate token has been found in token file 'f.csv', record number '3'",
  ]);
});

test('readCsv keeps quoted commas, doubled quotes and newlines', () => {
  assert.deepEqual(readCsv('"a,b","say ""hi""","x\ny"\n'), [['a,b', 'say "hi"', 'x\ny']]);
});

test('TokenFile.load reads a file and fails on a missing one as Go does', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'tokens-'));
  const path = join(dir, 'tokens.csv');
  writeFileSync(path, 'secret,carol,3,ops\n');
  assert.deepEqual((await TokenFile.load(path)).lookup('secret'), { name: 'carol', uid: '3', groups: ['ops'] });
  await assert.rejects(TokenFile.load(join(dir, 'missing.csv')), {
    message: `open ${join(dir, 'missing.csv')}: no such file or directory`,
  });
});
