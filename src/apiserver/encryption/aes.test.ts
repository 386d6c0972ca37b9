import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createCipheriv, createDecipheriv } from 'node:crypto';
import { transformerFor } from './config.js';
import { keyBytes, keyed, load, STORAGE_KEY } from './testing.js';

const PLAIN = Buffer.from('{"kind":"Secret","apiVersion":"v1","data":{"password":"aHVudGVyMg=="}}');
const pre = (s: string) => Buffer.from(s);

for (const size of [16, 24, 32]) {
  test(`aescbc round trip with a ${size}-byte key; stored as prefix || iv || padded blocks`, () => {
    const t = transformerFor(
      load([{ resources: ['secrets'], providers: [keyed('aescbc', ['k1', size, 7])] }]),
      '',
      'secrets',
    );
    const stored = t.toStorage(PLAIN, STORAGE_KEY);
    const prefix = pre('k8s:enc:aescbc:v1:k1:');
    assert.deepEqual(stored.subarray(0, prefix.length), prefix);
    const body = stored.subarray(prefix.length);
    assert.equal(body.length, 16 + (Math.floor(PLAIN.length / 16) + 1) * 16);
    assert.deepEqual(t.fromStorage(stored, STORAGE_KEY), { data: PLAIN, stale: false });
    // Decrypt by hand: the tail must be PKCS#7 padding.
    const d = createDecipheriv(`aes-${size * 8}-cbc`, keyBytes(size, 7), body.subarray(0, 16)).setAutoPadding(false);
    const padded = Buffer.concat([d.update(body.subarray(16)), d.final()]);
    const pad = 16 - (PLAIN.length % 16);
    assert.deepEqual(padded, Buffer.concat([PLAIN, Buffer.alloc(pad, pad)]));
  });

  test(`aesgcm round trip with a ${size}-byte key; stored as prefix || nonce || ciphertext || tag, key as AAD`, () => {
    const t = transformerFor(
      load([{ resources: ['secrets'], providers: [keyed('aesgcm', ['k1', size, 9])] }]),
      '',
      'secrets',
    );
    const stored = t.toStorage(PLAIN, STORAGE_KEY);
    const prefix = pre('k8s:enc:aesgcm:v1:k1:');
    assert.deepEqual(stored.subarray(0, prefix.length), prefix);
    const body = stored.subarray(prefix.length);
    assert.equal(body.length, 12 + PLAIN.length + 16);
    assert.deepEqual(t.fromStorage(stored, STORAGE_KEY), { data: PLAIN, stale: false });
    const d = createDecipheriv(`aes-${size * 8}-gcm` as 'aes-256-gcm', keyBytes(size, 9), body.subarray(0, 12));
    d.setAAD(Buffer.from(STORAGE_KEY));
    d.setAuthTag(body.subarray(body.length - 16));
    assert.deepEqual(Buffer.concat([d.update(body.subarray(12, body.length - 16)), d.final()]), PLAIN);
  });
}

test('aescbc known answer: a value laid out by hand with node:crypto is read back', () => {
  const key = Buffer.from('000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f', 'hex');
  const iv = Buffer.from('f0e0d0c0b0a090807060504030201000', 'hex');
  const plain = Buffer.from('exactly sixteen!'); // a full block: a whole block of padding follows
  const c = createCipheriv('aes-256-cbc', key, iv).setAutoPadding(false);
  const ct = Buffer.concat([c.update(Buffer.concat([plain, Buffer.alloc(16, 16)])), c.final()]);
  const stored = Buffer.concat([pre('k8s:enc:aescbc:v1:key1:'), iv, ct]);
  const config = load([
    { resources: ['secrets'], providers: [{ aescbc: { keys: [{ name: 'key1', secret: key.toString('base64') }] } }] },
  ]);
  assert.deepEqual(transformerFor(config, '', 'secrets').fromStorage(stored, 'anything'), {
    data: plain,
    stale: false,
  });
});

test('aesgcm known answer: a value laid out by hand with node:crypto is read back only under its key', () => {
  const key = Buffer.from('feffe9928665731c6d6a8f9467308308', 'hex');
  const nonce = Buffer.from('cafebabefacedbaddecaf888', 'hex');
  const c = createCipheriv('aes-128-gcm', key, nonce);
  c.setAAD(Buffer.from(STORAGE_KEY));
  const ct = Buffer.concat([c.update(PLAIN), c.final()]);
  const stored = Buffer.concat([pre('k8s:enc:aesgcm:v1:key1:'), nonce, ct, c.getAuthTag()]);
  const config = load([
    { resources: ['secrets'], providers: [{ aesgcm: { keys: [{ name: 'key1', secret: key.toString('base64') }] } }] },
  ]);
  const t = transformerFor(config, '', 'secrets');
  assert.deepEqual(t.fromStorage(stored, STORAGE_KEY), { data: PLAIN, stale: false });
  // Copied under another storage key, the value no longer authenticates.
  assert.throws(() => t.fromStorage(stored, '/registry/secrets/default/other'), {
    message: 'cipher: message authentication failed',
  });
});

test('aesgcm refuses tampered and truncated values', () => {
  const t = transformerFor(
    load([{ resources: ['secrets'], providers: [keyed('aesgcm', ['k1', 32, 1])] }]),
    '',
    'secrets',
  );
  const stored = t.toStorage(PLAIN, STORAGE_KEY);
  for (const at of [25, stored.length - 20, stored.length - 1]) {
    const bad = Buffer.from(stored);
    bad[at] ^= 1;
    assert.throws(() => t.fromStorage(bad, STORAGE_KEY), { message: 'cipher: message authentication failed' });
  }
  const prefix = 'k8s:enc:aesgcm:v1:k1:'.length;
  assert.throws(() => t.fromStorage(stored.subarray(0, prefix + 11), STORAGE_KEY), {
    message: 'the stored data was shorter than the required size',
  });
  assert.throws(() => t.fromStorage(stored.subarray(0, prefix + 20), STORAGE_KEY), {
    message: 'cipher: message authentication failed',
  });
});

test('aescbc refuses malformed values with upstream messages', () => {
  const key = keyBytes(32, 3);
  const config = load([{ resources: ['secrets'], providers: [keyed('aescbc', ['k1', 32, 3])] }]);
  const t = transformerFor(config, '', 'secrets');
  const prefix = pre('k8s:enc:aescbc:v1:k1:');
  const iv = Buffer.alloc(16, 0xaa);
  const raw = (block: Buffer) => {
    const c = createCipheriv('aes-256-cbc', key, iv).setAutoPadding(false);
    return Buffer.concat([prefix, iv, c.update(block), c.final()]);
  };
  assert.throws(() => t.fromStorage(Buffer.concat([prefix, Buffer.alloc(15)]), STORAGE_KEY), {
    message: 'the stored data was shorter than the required size',
  });
  assert.throws(() => t.fromStorage(Buffer.concat([prefix, iv, Buffer.alloc(17)]), STORAGE_KEY), {
    message: 'the stored data is not a multiple of the block size',
  });
  assert.throws(() => t.fromStorage(Buffer.concat([prefix, iv]), STORAGE_KEY), {
    message: 'invalid PKCS7 data (empty or not padded)',
  });
  assert.throws(() => t.fromStorage(raw(Buffer.alloc(16, 0)), STORAGE_KEY), {
    message: 'invalid PKCS7 data (empty or not padded)',
  });
  assert.throws(() => t.fromStorage(raw(Buffer.alloc(16, 17)), STORAGE_KEY), {
    message: 'invalid PKCS7 data (empty or not padded)',
  });
  const badPad = Buffer.alloc(16, 0x41);
  badPad[15] = 3;
  badPad[14] = 2;
  assert.throws(() => t.fromStorage(raw(badPad), STORAGE_KEY), { message: 'invalid padding on input' });
  // Upstream accepts a pad longer than a block when every pad byte agrees; so do we.
  const c = createCipheriv('aes-256-cbc', key, iv).setAutoPadding(false);
  const long = Buffer.concat([prefix, iv, c.update(Buffer.alloc(32, 20)), c.final()]);
  assert.deepEqual(t.fromStorage(long, STORAGE_KEY).data, Buffer.alloc(12, 20));
});
