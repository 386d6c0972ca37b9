import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { canonicalIP, firstServiceIP, isDnsName } from './net.js';

describe('pki addresses', () => {
  it('takes the first address of the service CIDR', () => {
    assert.equal(firstServiceIP('10.96.0.0/12'), '10.96.0.1');
    assert.equal(firstServiceIP('10.100.7.9/16'), '10.100.0.1');
    assert.equal(firstServiceIP('fd00:10:96::/112,10.96.0.0/12'), 'fd00:10:96::1');
    assert.throws(() => firstServiceIP('10.96.0.0'), /unable to get first IP address/);
    assert.throws(() => firstServiceIP('nonsense/12'), /unable to get first IP address/);
  });
  it('prints IPs as Go does', () => {
    assert.equal(canonicalIP('0:0:0:0:0:0:0:1'), '::1');
    assert.equal(canonicalIP('2001:db8:0:0:1:0:0:1'), '2001:db8::1:0:0:1');
    assert.equal(canonicalIP('192.168.1.10'), '192.168.1.10');
    assert.equal(canonicalIP('foo'), undefined);
  });
  it('accepts RFC 1123 names and wildcards only', () => {
    assert.ok(isDnsName('api.example.com'));
    assert.ok(isDnsName('*.example.com'));
    assert.ok(!isDnsName('bad_name'));
    assert.ok(!isDnsName('Upper.example'));
  });
});
