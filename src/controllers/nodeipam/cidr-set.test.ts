import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CidrSet, NO_CIDRS_REMAINING, parseIPv4CIDR } from './cidr-set.js';
import { withNetworkCondition } from './controller.js';

describe('CidrSet', () => {
  it('hands out /24s of 10.244.0.0/16 in order', () => {
    const s = new CidrSet('10.244.0.0/16', 24);
    assert.equal(s.maxCIDRs, 256);
    assert.deepEqual(
      [s.allocateNext(), s.allocateNext(), s.allocateNext()],
      ['10.244.0.0/24', '10.244.1.0/24', '10.244.2.0/24'],
    );
  });
  it('is exhausted after every block (upstream TestCIDRSetFullyAllocated)', () => {
    const s = new CidrSet('127.123.234.0/30', 30);
    assert.equal(s.allocateNext(), '127.123.234.0/30');
    assert.throws(() => s.allocateNext(), { message: NO_CIDRS_REMAINING });
    s.release('127.123.234.0/30');
    assert.equal(s.allocateNext(), '127.123.234.0/30');
  });
  it('skips occupied blocks and reuses released ones only after going round', () => {
    const s = new CidrSet('10.0.0.0/22', 24);
    s.occupy('10.0.0.0/24');
    s.occupy('10.0.2.0/24');
    assert.equal(s.allocateNext(), '10.0.1.0/24');
    s.release('10.0.0.0/24');
    assert.equal(s.allocateNext(), '10.0.3.0/24');
    assert.equal(s.allocateNext(), '10.0.0.0/24');
    assert.throws(() => s.allocateNext(), { message: NO_CIDRS_REMAINING });
  });
  it('occupies every block a wider CIDR covers (upstream TestOccupy)', () => {
    const s = new CidrSet('10.0.0.0/16', 24);
    s.occupy('10.0.4.0/22');
    assert.equal(s.allocated, 4);
    s.occupy('10.0.0.0/8');
    assert.equal(s.allocated, 256);
  });
  it('refuses CIDRs outside the cluster CIDR and node masks wider than it', () => {
    const s = new CidrSet('10.244.0.0/16', 24);
    assert.throws(() => s.occupy('10.245.0.0/24'), /out the range of cluster cidr 10.244.0.0\/16/);
    assert.throws(() => new CidrSet('10.244.0.0/16', 8), {
      message: 'New CIDR set failed; the node CIDR size is too big',
    });
  });
  it('parses like net.ParseCIDR', () => {
    assert.deepEqual(parseIPv4CIDR('10.244.3.7/16'), { network: parseIPv4CIDR('10.244.0.0/16').network, prefix: 16 });
    assert.throws(() => parseIPv4CIDR('10.244.0.0'), { message: 'invalid CIDR address: 10.244.0.0' });
    assert.throws(() => parseIPv4CIDR('300.1.1.1/8'), /invalid CIDR address/);
  });
});

describe('withNetworkCondition', () => {
  it('sets NetworkUnavailable and clears only its own', () => {
    const set = withNetworkCondition({}, 'True', 'CIDRNotAvailable', 'full', 't1')!;
    assert.equal(set[0].status, 'True');
    assert.equal(
      withNetworkCondition({ status: { conditions: set } }, 'True', 'CIDRNotAvailable', 'full', 't2'),
      undefined,
    );
    const cleared = withNetworkCondition({ status: { conditions: set } }, 'False', 'CIDRAssigned', 'ok', 't3')!;
    assert.equal(cleared[0].status, 'False');
    assert.equal(cleared[0].lastTransitionTime, 't3');
    const foreign = [{ type: 'NetworkUnavailable', status: 'True', reason: 'NoRouteCreated' }];
    assert.equal(
      withNetworkCondition({ status: { conditions: foreign } }, 'False', 'CIDRAssigned', 'ok', 't'),
      undefined,
    );
  });
});
