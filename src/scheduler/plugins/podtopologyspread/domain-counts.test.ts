import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Node, Pod } from 'kubernetes-types/core/v1.js';
import { SchedulerCache } from '../../cache/cache.js';
import { Snapshot } from '../../cache/snapshot.js';
import type { NodeInfoLister } from '../../framework/interface.js';
import { makeNode, makePod } from '../../framework/testing.js';
import { countPodsMatchSelector, type SpreadConstraint } from './common.js';
import { domainTotals } from './domain-counts.js';
import { computePreScoreState, PreScoreState } from './scoring.js';
import { selectorFromLabelSelector } from '../../../machinery/label-selector.js';
import { SYSTEM_DEFAULT_CONSTRAINTS } from './args.js';

const ZONE = 'topology.kubernetes.io/zone';
const HOST = 'kubernetes.io/hostname';

/** A small seeded generator, so that a failure replays. */
function rng(seed: number) {
  return () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
}

const constraint = (topologyKey: string): SpreadConstraint =>
  ({
    maxSkew: 1,
    topologyKey,
    selector: selectorFromLabelSelector({ matchLabels: { app: 'web' } }),
    nodeAffinityPolicy: 'Honor',
    nodeTaintsPolicy: 'Ignore',
  }) as SpreadConstraint;

/** The totals by a walk over every node, as upstream counts them. */
function walked(snap: NodeInfoLister, c: SpreadConstraint, ns: string, required: string[]) {
  const out = new Map<string, number>();
  for (const ni of snap.list()) {
    const labels = ni.node?.metadata?.labels ?? {};
    if (required.some((k) => !Object.hasOwn(labels, k))) continue;
    const v = labels[c.topologyKey] ?? '';
    out.set(v, (out.get(v) ?? 0) + countPodsMatchSelector(ni.pods, c.selector, ns));
  }
  return out;
}

/** Domains with pods compared (the running totals may keep a domain at 0 after its pods left). */
const nonZero = (m: ReadonlyMap<string, number>) => [...m].filter(([, n]) => n !== 0).sort();

test('running domain totals equal a walk over every node through random pod and node changes', () => {
  const next = rng(7);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(next() * xs.length)];
  const cache = new SchedulerCache();
  const snap = new Snapshot();
  const zones = ['a', 'b', 'c', undefined];
  const node = (i: number, zone = pick(zones)): Node =>
    makeNode(`n${i}`, { labels: { [HOST]: `n${i}`, ...(zone ? { [ZONE]: zone } : {}) } });
  for (let i = 0; i < 20; i++) cache.addOrUpdateNode(node(i));
  cache.updateSnapshot(snap);
  const zoneC = constraint(ZONE);
  const cases: [SpreadConstraint, string[]][] = [
    [zoneC, []],
    [zoneC, [HOST, ZONE]],
  ];
  for (const [c, required] of cases) domainTotals(snap, c, 'default', required);

  const pods: Pod[] = [];
  let seq = 0;
  for (let step = 0; step < 300; step++) {
    const r = next();
    if (r < 0.45) {
      const p = makePod(`p${seq++}`, {
        namespace: pick(['default', 'other']),
        labels: { app: pick(['web', 'db']) },
        nodeName: `n${Math.floor(next() * 24)}`,
      });
      if (next() < 0.5) cache.assumePod(p);
      else cache.addPod(p);
      pods.push(p);
    } else if (r < 0.7 && pods.length) {
      const p = pods.splice(Math.floor(next() * pods.length), 1)[0];
      cache.removePod(p);
    } else if (r < 0.8 && pods.length) {
      const old = pick(pods);
      const terminating = { ...old, metadata: { ...old.metadata, deletionTimestamp: '2026-12-03T00:00:00Z' } };
      cache.updatePod(old, terminating);
      pods[pods.indexOf(old)] = terminating;
    } else if (r < 0.9) {
      // A node added, or relabelled into another zone.
      cache.addOrUpdateNode(node(Math.floor(next() * 24)));
    } else {
      cache.removeNode(node(Math.floor(next() * 24)));
    }
    if (step % 3 === 0) {
      cache.updateSnapshot(snap);
      for (const [c, required] of cases) {
        const totals = domainTotals(snap, c, 'default', required)!;
        assert.deepEqual(nonZero(totals), nonZero(walked(snap, c, 'default', required)), `step ${step}`);
      }
    }
  }
});

test('PreScore from running totals equals PreScore from a walk, with and without a node selector', () => {
  const cache = new SchedulerCache();
  const snap = new Snapshot();
  for (let i = 0; i < 9; i++)
    cache.addOrUpdateNode(
      makeNode(`n${i}`, { labels: { [HOST]: `n${i}`, ...(i < 6 ? { [ZONE]: `z${i % 3}` } : {}), disk: `${i % 2}` } }),
    );
  for (let i = 0; i < 30; i++) {
    const p = makePod(`p${i}`, { namespace: 'default', labels: { app: 'web' }, nodeName: `n${(i * 7) % 9}` });
    cache.addPod(p);
  }
  cache.updateSnapshot(snap);
  // The lister without aggregates: PreScore walks every node.
  const walker: NodeInfoLister = {
    list: () => snap.list(),
    get: (n) => snap.get(n),
    havePodsWithAffinityList: () => snap.havePodsWithAffinityList(),
    havePodsWithRequiredAntiAffinityList: () => snap.havePodsWithRequiredAntiAffinityList(),
  };
  const defaults = {
    constraints: SYSTEM_DEFAULT_CONSTRAINTS,
    selectorFor: () => selectorFromLabelSelector({ matchLabels: { app: 'web' } }),
  };
  const incoming = (nodeSelector?: Record<string, string>) =>
    makePod('new', { namespace: 'default', labels: { app: 'web' }, spec: { nodeSelector } });
  for (const pod of [incoming(), incoming({ disk: '1' })]) {
    const candidates = snap.list().slice(0, 5);
    const fast = computePreScoreState(pod, candidates, snap, defaults, true) as PreScoreState;
    const slow = computePreScoreState(pod, candidates, walker, defaults, true) as PreScoreState;
    assert.ok(fast instanceof PreScoreState && slow instanceof PreScoreState);
    assert.deepEqual(
      fast.podCounts.map((m) => [...m].sort()),
      slow.podCounts.map((m) => [...m].sort()),
    );
    assert.ok(slow.podCounts[1].size > 0, 'zone domains counted');
  }
});
