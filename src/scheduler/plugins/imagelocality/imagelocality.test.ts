import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Pod } from 'kubernetes-types/core/v1.js';
import { CycleState, MAX_NODE_SCORE } from '../../framework/interface.js';
import { fakeHandle, makeNode, makePod, nodeInfo } from '../../framework/testing.js';
import { ImageLocality, NAME, calculatePriority, factory } from './index.js';

const mb = 1024 * 1024;
type Images = { names: string[]; sizeBytes: number }[];

const podOf = (images: string[], initImages: string[] = []): Pod =>
  makePod('p', {
    containers: images.map((image, i) => ({ name: `c${i}`, image })),
    spec: { initContainers: initImages.map((image, i) => ({ name: `i${i}`, image })) },
  });

// Node image lists of upstream's TestImageLocalityPriority.
const node403002000: Images = [
  { names: ['gcr.io/40:latest', 'gcr.io/40:v1'], sizeBytes: 40 * mb },
  { names: ['gcr.io/300:latest', 'gcr.io/300:v1'], sizeBytes: 300 * mb },
  { names: ['gcr.io/2000:latest'], sizeBytes: 2000 * mb },
];
const node25010: Images = [
  { names: ['gcr.io/250:latest'], sizeBytes: 250 * mb },
  { names: ['gcr.io/10:latest', 'gcr.io/10:v1'], sizeBytes: 10 * mb },
];
const node60040900: Images = [
  { names: ['gcr.io/600:latest'], sizeBytes: 600 * mb },
  { names: ['gcr.io/40:latest'], sizeBytes: 40 * mb },
  { names: ['gcr.io/900:latest'], sizeBytes: 900 * mb },
];
const node300600900: Images = [
  { names: ['gcr.io/300:latest'], sizeBytes: 300 * mb },
  { names: ['gcr.io/600:latest'], sizeBytes: 600 * mb },
  { names: ['gcr.io/900:latest'], sizeBytes: 900 * mb },
];
const node400030: Images = [
  { names: ['gcr.io/4000:latest'], sizeBytes: 4000 * mb },
  { names: ['gcr.io/30:latest'], sizeBytes: 30 * mb },
];
const node203040: Images = [
  { names: ['gcr.io/20:latest'], sizeBytes: 20 * mb },
  { names: ['gcr.io/30:latest'], sizeBytes: 30 * mb },
  { names: ['gcr.io/40:latest'], sizeBytes: 40 * mb },
];
const noImages: Images = [];

// Ported from upstream's TestImageLocalityPriority (expected scores are upstream's).
const cases: { name: string; pod: Pod; nodes: Images[]; want: number[] }[] = [
  {
    // node2: 100 * (250M/2 - 23M) / (1000M * 2 - 23M) = 5
    name: 'two images spread on two nodes, prefer the larger image one',
    pod: podOf(['gcr.io/40', 'gcr.io/250']),
    nodes: [node403002000, node25010],
    want: [0, 5],
  },
  {
    // node1: 100 * ((40M + 300M)/2 - 23M) / (1000M * 2 - 23M) = 7
    name: 'two images on one node, prefer this node',
    pod: podOf(['gcr.io/40', 'gcr.io/300']),
    nodes: [node403002000, node25010],
    want: [7, 0],
  },
  {
    name: 'if exceed limit, use limit',
    pod: podOf(['gcr.io/10', 'gcr.io/4000']),
    nodes: [node400030, node25010],
    want: [MAX_NODE_SCORE, 0],
  },
  {
    // node1: 100 * (4000M/3 - 23M) / (1000M * 2 - 23M) = 66
    name: 'if exceed limit, use limit (with node which has no images present)',
    pod: podOf(['gcr.io/10', 'gcr.io/4000']),
    nodes: [node400030, node25010, noImages],
    want: [66, 0, 0],
  },
  {
    name: 'pod with multiple large images, node2 is preferred',
    pod: podOf(['gcr.io/300', 'gcr.io/600', 'gcr.io/900']),
    nodes: [node60040900, node300600900, noImages],
    want: [32, 36, 0],
  },
  {
    name: 'pod with multiple small images',
    pod: podOf(['gcr.io/30', 'gcr.io/40']),
    nodes: [node203040, node400030],
    want: [1, 0],
  },
  {
    name: 'include InitContainers: two images spread on two nodes, prefer the larger image one',
    pod: podOf(['gcr.io/30'], ['gcr.io/300']),
    nodes: [node403002000, node203040],
    want: [6, 0],
  },
];

for (const c of cases) {
  test(`ImageLocality score: ${c.name}`, () => {
    const infos = c.nodes.map((images, i) => nodeInfo(makeNode(`node${i + 1}`, { images })));
    const pl = factory(undefined, fakeHandle(infos)) as ImageLocality;
    assert.equal(pl.scoreExtensions(), undefined);
    const got = infos.map((ni) => pl.score(new CycleState(), c.pod, ni));
    assert.deepEqual(got, c.want);
  });
}

test('ImageLocality matches an untagged image against its :latest name', () => {
  const infos = [nodeInfo(makeNode('n1', { images: [{ names: ['nginx:latest'], sizeBytes: 500 * mb }] }))];
  const pl = new ImageLocality(fakeHandle(infos));
  // 100 * (500M - 23M) / (1000M - 23M) = 48
  assert.equal(pl.score(new CycleState(), podOf(['nginx']), infos[0]), 48);
  assert.equal(pl.name, NAME);
});

test('calculatePriority clamps in upstream order', () => {
  assert.equal(calculatePriority(0, 1), 0);
  assert.equal(calculatePriority(5000 * mb, 1), MAX_NODE_SCORE);
  assert.equal(calculatePriority(0, 0), 0);
});
