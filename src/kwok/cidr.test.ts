import { test } from 'node:test';
import assert from 'node:assert/strict';
import { IPAllocator, cidrContains, formatCIDR, formatIPv4, nthCIDR, parseCIDR, parseIPv4 } from './cidr.js';

test('parseIPv4 and formatIPv4 round-trip, rejecting malformed addresses', () => {
  assert.equal(parseIPv4('10.244.3.7'), 0x0af40307);
  assert.equal(formatIPv4(0xffffffff), '255.255.255.255');
  assert.equal(formatIPv4(parseIPv4('0.0.0.0')), '0.0.0.0');
  for (const bad of ['10.0.0', '10.0.0.256', '10.0.0.01', 'a.b.c.d', '']) {
    assert.throws(() => parseIPv4(bad), { message: `invalid IPv4 address ${JSON.stringify(bad)}` });
  }
});

test('parseCIDR clears host bits and reports Go-worded errors', () => {
  const c = parseCIDR('10.244.3.7/24');
  assert.equal(formatIPv4(c.address), '10.244.3.7');
  assert.equal(formatCIDR(c), '10.244.3.0/24');
  assert.equal(formatIPv4(c.broadcast), '10.244.3.255');
  assert.throws(() => parseCIDR('10.244.3.0/33'), { message: 'invalid CIDR address: 10.244.3.0/33' });
  assert.throws(() => parseCIDR('10.244.3.0'), { message: 'invalid CIDR address: 10.244.3.0' });
  assert.throws(() => parseCIDR('10.244.3/24'), { message: 'invalid CIDR address: 10.244.3/24' });
});

test('cidrContains', () => {
  assert.equal(cidrContains('10.244.3.0/24', '10.244.3.255'), true);
  assert.equal(cidrContains('10.244.3.0/24', '10.244.4.0'), false);
  assert.equal(cidrContains('10.244.3.0/24', 'nope'), false);
});

test('nthCIDR steps by the block size, like kwok AddCIDR', () => {
  assert.equal(nthCIDR('10.244.0.0/24', 3), '10.244.3.0/24');
  assert.equal(nthCIDR('10.0.0.1/24', 2), '10.0.2.0/24');
  assert.equal(nthCIDR('10.0.0.0/16', 1), '10.1.0.0/16');
  assert.throws(() => nthCIDR('255.255.255.0/24', 1), { message: 'CIDR 255.255.255.0/24 has no block at index 1' });
});

test('IPAllocator skips the network address and .1, and is idempotent per uid', () => {
  const pool = new IPAllocator('10.244.3.0/24');
  assert.equal(pool.size, 253);
  assert.equal(pool.allocate('a'), '10.244.3.2');
  assert.equal(pool.allocate('b'), '10.244.3.3');
  assert.equal(pool.allocate('a'), '10.244.3.2');
  assert.equal(pool.lookup('b'), '10.244.3.3');
  assert.equal(pool.used, 2);
});

test('IPAllocator continues after the last address rather than reusing a released one at once', () => {
  const pool = new IPAllocator('10.0.0.0/29'); // .2–.6
  assert.equal(pool.allocate('a'), '10.0.0.2');
  assert.equal(pool.allocate('b'), '10.0.0.3');
  assert.equal(pool.release('a'), '10.0.0.2');
  assert.equal(pool.release('a'), undefined);
  assert.equal(pool.allocate('c'), '10.0.0.4');
  assert.equal(pool.allocate('d'), '10.0.0.5');
  assert.equal(pool.allocate('e'), '10.0.0.6');
  assert.equal(pool.allocate('f'), '10.0.0.2'); // wrapped
});

test('IPAllocator errors when exhausted, in host-local wording', () => {
  const pool = new IPAllocator('10.0.0.0/30'); // only .2
  assert.equal(pool.allocate('a'), '10.0.0.2');
  assert.throws(() => pool.allocate('b'), { message: 'no IP addresses available in range set: 10.0.0.2-10.0.0.2' });
  pool.release('a');
  assert.equal(pool.allocate('b'), '10.0.0.2');
  assert.throws(() => new IPAllocator('10.0.0.0/32').allocate('x'), /no IP addresses available/);
  assert.throws(() => new IPAllocator('bogus'), { message: 'invalid CIDR address: bogus' });
});

test('IPAllocator.reserve records addresses pods already hold', () => {
  const pool = new IPAllocator('10.244.3.0/24');
  assert.equal(pool.reserve('a', '10.244.3.2'), true);
  assert.equal(pool.reserve('a', '10.244.3.2'), true);
  assert.equal(pool.reserve('b', '10.244.3.2'), false);
  assert.equal(pool.reserve('b', '10.244.3.1'), false); // the bridge
  assert.equal(pool.reserve('b', '10.244.4.9'), false);
  assert.equal(pool.reserve('b', 'junk'), false);
  assert.equal(pool.allocate('b'), '10.244.3.3');
  assert.equal(pool.reserve('b', '10.244.3.9'), true); // moves
  assert.equal(pool.lookup('b'), '10.244.3.9');
  assert.equal(pool.used, 2);
});
