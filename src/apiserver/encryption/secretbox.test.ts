import { test } from 'node:test';
import assert from 'node:assert/strict';
import { transformerFor } from './config.js';
import { secretboxTransformer } from './secretbox.js';
import { keyBytes, keyed, load, STORAGE_KEY } from './testing.js';

// NaCl's published secretbox vector (tests/secretbox.c): firstkey, nonce, m and c = tag || ciphertext.
const KEY = Buffer.from('1b27556473e985d462cd51197a9a46c76009549eac6474f206c4ee0844f68389', 'hex');
const NONCE = Buffer.from('69696ee955b62b73cd62bda875fc73d68219e0036b7a0b37', 'hex');
const M = Buffer.from(
  'be075fc53c81f2d5cf141316ebeb0c7b5228c52a4c62cbd44b66849b64244ffce5ecbaaf33bd751a1ac728d45e6c6129' +
    '6cdc3c01233561f41db66cce314adb310e3be8250c46f06dceea3a7fa1348057e2f6556ad6b1318a024a838f21af1fde' +
    '048977eb48f59ffd4924ca1c60902e52f0a089bc76897040e082f937763848645e0705',
  'hex',
);
const C = Buffer.from(
  'f3ffc7703f9400e52a7dfb4b3d3305d98e993b9f48681273c29650ba32fc76ce48332ea7164d96a4476fb8c531a1186a' +
    'c0dfc17c98dce87b4da7f011ec48c97271d2c20f9b928fe2270d6fb863d51738b48eeee314a7cc8ab932164548e526ae' +
    '90224368517acfeabd6bb3732bc0e9da99832b61ca01b6de56244a9e88d5f9b37973f622a43d14a6599b1f654cb45a74e355a5',
  'hex',
);

const PLAIN = Buffer.from('{"kind":"Secret","apiVersion":"v1"}');

test('secretbox known answer: the NaCl vector laid out as upstream stores it is read back', () => {
  assert.equal(M.length, 131);
  assert.equal(C.length, 147);
  const config = load([
    {
      resources: ['secrets'],
      providers: [{ secretbox: { keys: [{ name: 'first', secret: KEY.toString('base64') }] } }],
    },
  ]);
  const stored = Buffer.concat([Buffer.from('k8s:enc:secretbox:v1:first:'), NONCE, C]);
  assert.deepEqual(transformerFor(config, '', 'secrets').fromStorage(stored, STORAGE_KEY), { data: M, stale: false });
});

test('secretbox round trip; stored as prefix || nonce(24) || tag(16) || ciphertext', () => {
  const t = transformerFor(
    load([{ resources: ['secrets'], providers: [keyed('secretbox', ['k1', 32, 5])] }]),
    '',
    'secrets',
  );
  const stored = t.toStorage(PLAIN, STORAGE_KEY);
  const prefix = Buffer.from('k8s:enc:secretbox:v1:k1:');
  assert.deepEqual(stored.subarray(0, prefix.length), prefix);
  assert.equal(stored.length, prefix.length + 24 + 16 + PLAIN.length);
  assert.deepEqual(t.fromStorage(stored, STORAGE_KEY), { data: PLAIN, stale: false });
  // Not bound to the storage key (secretbox has no associated data), as upstream.
  assert.deepEqual(t.fromStorage(stored, '/elsewhere').data, PLAIN);
  // Two writes of the same value differ (fresh nonce).
  assert.notDeepEqual(t.toStorage(PLAIN, STORAGE_KEY), stored);
});

test('secretbox refuses tampered and short values with upstream messages', () => {
  const t = secretboxTransformer(keyBytes(32, 5));
  const stored = t.toStorage(PLAIN, STORAGE_KEY);
  for (const at of [0, 30, stored.length - 1]) {
    const bad = Buffer.from(stored);
    bad[at] ^= 0x80;
    assert.throws(() => t.fromStorage(bad, STORAGE_KEY), {
      message: 'output array was not large enough for encryption',
    });
  }
  assert.throws(() => t.fromStorage(stored.subarray(0, 39), STORAGE_KEY), {
    message: 'the stored data was shorter than the required size',
  });
  assert.throws(() => secretboxTransformer(keyBytes(16)), {
    message: 'expected key size 32 for secretbox provider, got 16',
  });
});

test('secretbox with an empty value still round-trips (nonce and tag only)', () => {
  const t = secretboxTransformer(keyBytes(32, 2));
  const stored = t.toStorage(Buffer.alloc(0), STORAGE_KEY);
  assert.equal(stored.length, 40);
  assert.deepEqual(t.fromStorage(stored, STORAGE_KEY).data, Buffer.alloc(0));
});
