import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_KWOK_CONFIG, firstNodeBlock, nodeBlocks, resolveConfig } from './config.js';

test('defaults fill what is unset', () => {
  const c = resolveConfig({ kubeconfig: '/k', nodes: 5, zones: [' a', 'b ', ''], nodeCpu: undefined });
  assert.equal(c.kubeconfig, '/k');
  assert.equal(c.nodes, 5);
  assert.deepEqual(c.zones, ['a', 'b']);
  assert.equal(c.nodeCpu, '32');
  assert.equal(c.nodeNamePrefix, 'kwok-node-');
  assert.equal(c.cidr, '10.244.0.0/16');
  assert.equal(c.leaseRenewIntervalMs, 10_000);
  assert.equal(c.nodeStatusReportFrequencyMs, 300_000);
  assert.equal(DEFAULT_KWOK_CONFIG.kubeApiQps, 5000);
});

test('bad values are refused with the flag named', () => {
  assert.throws(() => resolveConfig({ nodes: -1 }), /^Error: invalid --nodes "-1": must be a non-negative integer$/);
  assert.throws(() => resolveConfig({ cidr: '10.0.0.0' }), /invalid --cidr "10.0.0.0": invalid CIDR address: 10.0.0.0/);
  assert.throws(() => resolveConfig({ cidr: '10.0.0.0/25' }), /must be a \/24 or larger/);
  assert.throws(() => resolveConfig({ nodeMemory: '12XB' }), /invalid --node-memory "12XB": quantities must match/);
  assert.throws(() => resolveConfig({ leaseRenewIntervalMs: 0 }), /leaseRenewIntervalMs/);
  assert.equal(resolveConfig({ cidr: '10.1.2.3/8' }).cidr, '10.0.0.0/8');
});

test('node blocks: the /24s of the range', () => {
  assert.equal(nodeBlocks('10.244.0.0/16'), 256);
  assert.equal(nodeBlocks('10.0.0.0/8'), 65536);
  assert.equal(firstNodeBlock('10.244.0.0/16'), '10.244.0.0/24');
});
