import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { gunzipSync } from 'node:zlib';
import { LogBackend } from './log-backend.js';
import { backupTimestamp, RotatingFile } from './rotating-file.js';
import { loadPolicyFile, setupAudit, validateAuditOptions } from './options.js';
import type { AuditEvent } from './types.js';

const dir = () => mkdtempSync(join(tmpdir(), 'k8ts-audit-'));

function event(i: number, pad = 0): AuditEvent {
  return {
    kind: 'Event',
    apiVersion: 'audit.k8s.io/v1',
    level: 'Metadata',
    auditID: `id-${i}`,
    stage: 'ResponseComplete',
    requestURI: `/api/v1/pods?x=${'a'.repeat(pad)}`,
    verb: 'list',
    user: { username: 'alice' },
    requestReceivedTimestamp: '2026-12-02T18:06:54.123456Z',
    stageTimestamp: '2026-12-02T18:06:54.123456Z',
  };
}

test('the file backend appends one JSON event per line, in the background, flushed by close', async () => {
  const d = dir();
  const path = join(d, 'audit.log');
  writeFileSync(path, 'existing\n');
  const errors: string[] = [];
  const b = new LogBackend({ path, onError: (e) => errors.push(e.message) });
  assert.equal(b.process(event(1)), true);
  assert.equal(b.process(event(2)), true);
  assert.equal(readFileSync(path, 'utf8'), 'existing\n', 'nothing written synchronously');
  await b.close();
  const lines = readFileSync(path, 'utf8').split('\n');
  assert.equal(lines[0], 'existing');
  assert.ok(lines[1].startsWith('{"kind":"Event","apiVersion":"audit.k8s.io/v1","level":"Metadata","auditID":"id-1"'));
  assert.equal(JSON.parse(lines[2]).auditID, 'id-2');
  assert.equal(lines[3], '');
  assert.equal(b.process(event(3)), false, 'closed');
  assert.deepEqual(errors, ['audit log shut down']);
});

test('legacy format and stdout', async () => {
  let out = '';
  const stdout = new Writable({
    write(chunk, _enc, cb) {
      out += String(chunk);
      cb();
    },
  });
  const b = new LogBackend({ path: '-', format: 'legacy', stdout });
  b.process(event(1));
  await b.flush();
  assert.match(out, / AUDIT: id="id-1" stage="ResponseComplete" ip="<unknown>" method="list" user="alice" /);
  assert.ok(out.endsWith('response="<deferred>"\n'));
  assert.throws(() => new LogBackend({ path: '-', format: 'xml' as 'json' }), {
    message: 'log format "xml" is not in list of known formats (legacy,json)',
  });
});

test('a full buffer drops events and says so', async () => {
  const errors: string[] = [];
  const b = new LogBackend({ path: join(dir(), 'a.log'), bufferSize: 1, onError: (e) => errors.push(e.message) });
  assert.equal(b.process(event(1)), true);
  assert.equal(b.process(event(2)), false);
  assert.deepEqual(errors, ['audit buffer queue blocked']);
  await b.close();
});

test('rotation: backups named <name>-<UTC time>.<ext> like lumberjack, maxBackups kept', async () => {
  const d = dir();
  const path = join(d, 'audit.log');
  let ms = Date.UTC(2026, 11, 2, 18, 6, 54, 1);
  const b = new LogBackend({ path, maxSize: 1, maxBackup: 2, now: () => new Date(ms++) });
  const big = 400 * 1024; // two events per megabyte: rotations at .001 to .004
  for (let i = 0; i < 10; i++) {
    b.process(event(i, big));
    await b.flush();
  }
  await b.close();
  const files = readdirSync(d).sort();
  assert.deepEqual(files, ['audit-2026-12-02T18-06-54.003.log', 'audit-2026-12-02T18-06-54.004.log', 'audit.log']);
  for (const f of files) assert.ok(statSync(join(d, f)).size <= 1024 * 1024);
  const ids = (f: string) =>
    readFileSync(join(d, f), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l).auditID);
  assert.deepEqual(ids('audit-2026-12-02T18-06-54.003.log'), ['id-4', 'id-5']);
  assert.deepEqual(ids('audit-2026-12-02T18-06-54.004.log'), ['id-6', 'id-7']);
  assert.deepEqual(ids('audit.log'), ['id-8', 'id-9']);
});

test('rotation: maxAge removes old backups; compress gzips the rest', async () => {
  const d = dir();
  const path = join(d, 'audit.log');
  writeFileSync(join(d, 'audit-2020-01-01T00-00-00.000.log'), 'old\n');
  writeFileSync(join(d, 'unrelated-2020-01-01T00-00-00.000.log'), 'keep\n');
  const now = new Date(Date.UTC(2026, 0, 10));
  const f = new RotatingFile({ filename: path, maxSize: 1, maxAge: 7, compress: true, now: () => now });
  await f.write([Buffer.alloc(700 * 1024, 'a')]);
  await f.write([Buffer.alloc(700 * 1024, 'b')]); // rotates
  await f.close();
  const files = readdirSync(d).sort();
  const backup = `audit-${backupTimestamp(now)}.log.gz`;
  assert.deepEqual(files, [backup, 'audit.log', 'unrelated-2020-01-01T00-00-00.000.log']);
  assert.equal(gunzipSync(readFileSync(join(d, backup))).length, 700 * 1024);
  assert.equal(readFileSync(path, 'utf8')[0], 'b');
});

test('rotation: a write larger than the maximum is refused with lumberjack’s message', async () => {
  const f = new RotatingFile({ filename: join(dir(), 'x.log'), maxSize: 1 });
  await assert.rejects(f.write([Buffer.alloc(1024 * 1024 + 1)]), {
    message: 'write length 1048577 exceeds maximum file size 1048576',
  });
  await f.close();
});

test('validateAuditOptions: upstream’s messages, only with a log path', () => {
  assert.deepEqual(validateAuditOptions({ logMaxAge: -1 }), []);
  assert.deepEqual(
    validateAuditOptions({ logPath: '/x', logFormat: 'xml', logMaxAge: -1, logMaxBackup: -2, logMaxSize: -3 }),
    [
      'invalid audit log format xml, allowed formats are "legacy,json"',
      "--audit-log-maxage -1 can't be a negative number",
      "--audit-log-maxbackup -2 can't be a negative number",
      "--audit-log-maxsize -3 can't be a negative number",
    ],
  );
});

test('loadPolicyFile and setupAudit', async () => {
  const d = dir();
  const missing = join(d, 'nope.yaml');
  assert.throws(() => loadPolicyFile(missing), {
    message: `failed to read file path "${missing}": open ${missing}: no such file or directory`,
  });
  const bad = join(d, 'bad.yaml');
  writeFileSync(bad, 'apiVersion: audit.k8s.io/v1\nkind: Policy\n');
  assert.throws(() => setupAudit({ policyFile: bad, logPath: '-' }), {
    message: `loading audit policy file: loaded illegal policy with 0 rules: from file ${bad}`,
  });
  const good = join(d, 'policy.yaml');
  writeFileSync(good, 'apiVersion: audit.k8s.io/v1\nkind: Policy\nrules: [{level: Metadata}]\n');
  assert.deepEqual(setupAudit({ logPath: join(d, 'a.log') }), { policy: undefined });
  assert.equal(setupAudit({ policyFile: good }).auditor, undefined);
  const logPath = join(d, 'logs', 'audit.log');
  const { auditor, backend } = setupAudit({ policyFile: good, logPath });
  assert.ok(auditor && backend);
  assert.ok(existsSync(logPath));
  assert.equal(statSync(logPath).mode & 0o777, 0o600);
  const ev = auditor.begin({
    attrs: {
      user: { name: 'a', groups: [] },
      verb: 'get',
      namespace: '',
      apiGroup: '',
      apiVersion: '',
      resource: '',
      subresource: '',
      name: '',
      path: '/version',
      isResourceRequest: false,
    },
    uri: '/version',
    headers: {},
    remoteAddress: '127.0.0.1',
  })!;
  ev.complete(200);
  await backend.close();
  const lines = readFileSync(logPath, 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l));
  assert.deepEqual(
    lines.map((l) => [l.stage, l.verb, l.requestURI, l.sourceIPs]),
    [
      ['RequestReceived', 'get', '/version', ['127.0.0.1']],
      ['ResponseComplete', 'get', '/version', ['127.0.0.1']],
    ],
  );
});
