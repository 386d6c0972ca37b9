import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { compileRule } from './compile.js';
import { evaluate } from './evaluate.js';
import type { EvaluateResult } from './evaluate.js';

const schema = {
  type: 'object',
  properties: {
    name: { type: 'string' },
    host: { type: 'string' },
    nums: { type: 'array', items: { type: 'integer' } },
    words: { type: 'array', items: { type: 'string' } },
    ports: {
      type: 'array',
      items: { type: 'object', properties: { name: { type: 'string' }, port: { type: 'integer' } } },
    },
    env: { type: 'object', additionalProperties: { type: 'string' } },
  },
};

const self = {
  name: 'My-App',
  host: 'api.example.com',
  nums: [1, 2, 3],
  words: ['a', 'b', 'c'],
  ports: [
    { name: 'http', port: 80 },
    { name: 'https', port: 443 },
  ],
  env: { MODE: 'prod', LEVEL: 'debug' },
};

function run(rule: string): EvaluateResult {
  const c = compileRule(rule, schema);
  assert.ok('program' in c, `${rule}: ${JSON.stringify(c)}`);
  return evaluate(c.program, { self });
}

function holds(...rules: string[]) {
  for (const rule of rules) assert.deepEqual(run(rule), { ok: true }, rule);
}

function fails(...rules: string[]) {
  for (const rule of rules) assert.deepEqual(run(rule), { ok: false, message: `failed rule: ${rule}` }, rule);
}

describe('evaluate: string functions', () => {
  it('evaluates startsWith, endsWith, contains, matches and size', () => {
    holds('self.host.startsWith("api.")', 'self.host.endsWith(".com")', 'self.host.contains("example")');
    holds(
      'self.host.matches("^[a-z.]+$")',
      'self.name.matches("App")',
      'self.host.size() == 15',
      'size(self.name) == 6',
    );
    fails('self.host.startsWith("www.")', 'self.name.matches("^[a-z-]+$")', 'self.host.contains("zz")');
  });

  it('evaluates the Kubernetes strings library subset', () => {
    holds('self.name.lowerAscii() == "my-app"', 'self.name.upperAscii() == "MY-APP"', '"  x \\t".trim() == "x"');
    holds('self.host.replace(".", "/") == "api/example/com"', 'self.host.replace(".", "", 1) == "apiexample.com"');
    holds('self.host.split(".") == ["api", "example", "com"]', 'self.host.split(".", 2) == ["api", "example.com"]');
    holds('self.host.indexOf(".") == 3', 'self.host.lastIndexOf(".") == 11', 'self.host.indexOf("zz") == -1');
    holds('self.host.indexOf(".", 4) == 11', 'self.host.substring(4) == "example.com"');
    holds('self.host.substring(0, 3) == "api"', 'self.words.join() == "abc"', 'self.words.join("-") == "a-b-c"');
    fails('self.name.lowerAscii() == self.name');
    assert.match(
      (run('self.host.substring(20) == ""') as { error: string }).error,
      /evaluating rule: self\.host\.substring/,
    );
  });
});

describe('evaluate: macros', () => {
  it('evaluates all, exists and exists_one on lists and maps', () => {
    holds('self.nums.all(n, n > 0)', 'self.nums.exists(n, n == 2)', 'self.nums.exists_one(n, n > 2)');
    holds('self.ports.all(p, p.port > 0 && p.name.startsWith("http"))', 'self.env.all(k, k.upperAscii() == k)');
    holds('self.env.exists(k, self.env[k] == "prod")', '[].all(x, false)', '!([].exists(x, true))');
    fails('self.nums.all(n, n > 1)', 'self.nums.exists(n, n > 3)', 'self.nums.exists_one(n, n > 1)');
  });

  it('evaluates map and filter', () => {
    holds('self.nums.map(n, n * 2) == [2, 4, 6]', 'self.nums.filter(n, n % 2 == 1) == [1, 3]');
    holds('self.ports.map(p, p.name) == ["http", "https"]', 'self.ports.filter(p, p.port > 100).size() == 1');
    holds('self.nums.map(n, n > 1, n * 10) == [20, 30]', 'self.env.map(k, k).size() == 2');
    fails('self.nums.map(n, n + 1) == self.nums');
  });

  it('absorbs errors in all and exists when another element decides', () => {
    holds('[0, 1].exists(n, 10 / n == 10)', '!([0, -1].all(n, 10 / n > 0))');
    assert.deepEqual(run('[0, 1].all(n, 10 / n > 0)'), {
      error: 'division by zero evaluating rule: [0, 1].all(n, 10 / n > 0)',
    });
  });

  it('binds iteration variables without leaking them', () => {
    holds('self.words.all(w, self.words.exists(v, v == w))');
    const leak = compileRule('self.nums.all(n, n > 0) && n > 0', schema);
    assert.ok('error' in leak);
    assert.match(leak.error, /undeclared reference to 'n'/);
  });
});
