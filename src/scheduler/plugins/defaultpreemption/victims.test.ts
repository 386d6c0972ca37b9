import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Pod } from 'kubernetes-types/core/v1.js';
import type { PodDisruptionBudget } from 'kubernetes-types/policy/v1.js';
import { CycleState } from '../../framework/interface.js';
import { PodInfo } from '../../framework/pod-info.js';
import { Code } from '../../framework/status.js';
import { filterPodsWithPDBViolation, moreImportantPod, NO_VICTIMS_FOUND, selectVictimsOnNode } from './victims.js';
import { HIGH, LARGE, LOW, MEDIUM, MID, SMALL, VERY_LARGE, handleWith, node, pdb, pod } from './testing.js';

const NOW = 1_000_000_000;
const names = (pods: readonly Pod[] | undefined) => (pods ?? []).map((p) => p.metadata?.name);

test('moreImportantPod', async (t) => {
  const cases: { name: string; a: Pod; b: Pod; want: boolean }[] = [
    { name: 'higher priority wins', a: pod('a', { priority: MID }), b: pod('b', { priority: LOW }), want: true },
    { name: 'lower priority loses', a: pod('a', { priority: LOW }), b: pod('b', { priority: MID }), want: false },
    { name: 'earlier start wins a tie', a: pod('a', { start: 1 }), b: pod('b', { start: 2 }), want: true },
    { name: 'later start loses a tie', a: pod('a', { start: 2 }), b: pod('b', { start: 1 }), want: false },
    { name: 'a started pod beats one not started', a: pod('a', { start: 1 }), b: pod('b'), want: true },
    { name: 'neither started', a: pod('a'), b: pod('b'), want: false },
  ];
  for (const c of cases) await t.test(c.name, () => assert.equal(moreImportantPod(c.a, c.b, NOW), c.want));
});

test('filterPodsWithPDBViolation', async (t) => {
  const foo = (name: string, ns = 'default') =>
    new PodInfo({
      ...pod(name, { labels: { app: 'foo' } }),
      metadata: { name, namespace: ns, labels: { app: 'foo' } },
    });
  const cases: { name: string; pods: PodInfo[]; pdbs: PodDisruptionBudget[]; violating: string[] }[] = [
    {
      name: 'budget of one: the second violates',
      pods: [foo('a'), foo('b')],
      pdbs: [pdb('x', 'foo', 1)],
      violating: ['b'],
    },
    { name: 'no budget: all violate', pods: [foo('a'), foo('b')], pdbs: [pdb('x', 'foo', 0)], violating: ['a', 'b'] },
    { name: 'other namespace does not match', pods: [foo('a', 'other')], pdbs: [pdb('x', 'foo', 0)], violating: [] },
    { name: 'selector must match', pods: [foo('a')], pdbs: [pdb('x', 'bar', 0)], violating: [] },
    {
      name: 'pods without labels match nothing',
      pods: [new PodInfo(pod('a'))],
      pdbs: [pdb('x', 'foo', 0)],
      violating: [],
    },
    {
      name: 'already disrupted pods do not use the budget',
      pods: [foo('a'), foo('b'), foo('c')],
      pdbs: [pdb('x', 'foo', 1, ['b'])],
      violating: ['c'],
    },
    {
      name: 'an empty selector matches nothing',
      pods: [foo('a')],
      pdbs: [{ ...pdb('x', 'foo', 0), spec: { selector: {} } }],
      violating: [],
    },
    {
      name: 'a nil selector matches nothing',
      pods: [foo('a')],
      pdbs: [{ ...pdb('x', 'foo', 0), spec: {} }],
      violating: [],
    },
  ];
  for (const c of cases)
    await t.test(c.name, () => {
      const { violating, nonViolating } = filterPodsWithPDBViolation(c.pods, c.pdbs);
      assert.deepEqual(
        violating.map((p) => p.pod.metadata?.name),
        c.violating,
      );
      assert.equal(violating.length + nonViolating.length, c.pods.length);
    });
});

test('selectVictimsOnNode', async (t) => {
  const cases: {
    name: string;
    preemptor: Pod;
    pods: Pod[];
    pdbs?: PodDisruptionBudget[];
    victims?: string[];
    pdbViolations?: number;
    status?: { code: Code; message: string };
  }[] = [
    {
      name: 'medium priority pod is preempted, but lower priority one stays as it is small',
      preemptor: pod('p', { priority: HIGH, req: LARGE }),
      pods: [
        pod('p1.1', { node: 'n1', priority: LOW, req: SMALL }),
        pod('p1.2', { node: 'n1', priority: MID, req: LARGE }),
      ],
      victims: ['p1.2'],
      pdbViolations: 0,
    },
    {
      name: 'mixed priority pods are preempted, most important first',
      preemptor: pod('p', { priority: HIGH, req: LARGE }),
      pods: [
        pod('p1.1', { node: 'n1', priority: MID, req: SMALL }),
        pod('p1.2', { node: 'n1', priority: LOW, req: SMALL }),
        pod('p1.3', { node: 'n1', priority: MID, req: MEDIUM }),
        pod('p1.4', { node: 'n1', priority: HIGH, req: SMALL }),
      ],
      victims: ['p1.3', 'p1.2'],
    },
    {
      name: 'equal priorities: the later started pod is preempted',
      preemptor: pod('p', { priority: HIGH, req: LARGE }),
      pods: [
        pod('p1.1', { node: 'n1', priority: LOW, req: SMALL, start: 5 }),
        pod('p1.2', { node: 'n1', priority: LOW, req: SMALL, start: 4 }),
        pod('p1.3', { node: 'n1', priority: MID, req: MEDIUM, start: 3 }),
        pod('p1.4', { node: 'n1', priority: HIGH, req: SMALL, start: 2 }),
      ],
      victims: ['p1.3', 'p1.1'],
    },
    {
      name: 'no lower-priority pod',
      preemptor: pod('p', { priority: MID, req: LARGE }),
      pods: [pod('p1', { node: 'n1', priority: MID, req: LARGE })],
      status: { code: Code.UnschedulableAndUnresolvable, message: NO_VICTIMS_FOUND },
    },
    {
      name: 'does not fit even without the lower-priority pods',
      preemptor: pod('p', { priority: HIGH, req: LARGE }),
      pods: [
        pod('p1', { node: 'n1', priority: LOW, req: SMALL }),
        pod('p2', { node: 'n1', priority: HIGH, req: LARGE }),
      ],
      status: { code: Code.Unschedulable, message: 'Insufficient cpu, Insufficient memory' },
    },
    {
      name: 'violation of the same PDB',
      preemptor: pod('p', { priority: HIGH, req: VERY_LARGE }),
      pods: [
        pod('p1.1', { node: 'n1', priority: MID, req: MEDIUM, labels: { app: 'foo' } }),
        pod('p1.2', { node: 'n1', priority: MID, req: MEDIUM, labels: { app: 'foo' } }),
      ],
      pdbs: [pdb('x', 'foo', 1)],
      victims: ['p1.2', 'p1.1'],
      pdbViolations: 1,
    },
    {
      name: 'the victim in disruptedPods does not count as a violation',
      preemptor: pod('p', { priority: HIGH, req: VERY_LARGE }),
      pods: [
        pod('p1.1', { node: 'n1', priority: MID, req: MEDIUM, labels: { app: 'foo' } }),
        pod('p1.2', { node: 'n1', priority: MID, req: MEDIUM, labels: { app: 'foo' } }),
      ],
      pdbs: [pdb('x', 'foo', 1, ['p1.2'])],
      victims: ['p1.1', 'p1.2'],
      pdbViolations: 0,
    },
    {
      name: 'a disrupted pod elsewhere leaves the budget as it is',
      preemptor: pod('p', { priority: HIGH, req: VERY_LARGE }),
      pods: [
        pod('p1.1', { node: 'n1', priority: MID, req: MEDIUM, labels: { app: 'foo' } }),
        pod('p1.2', { node: 'n1', priority: MID, req: MEDIUM, labels: { app: 'foo' } }),
        pod('p1.3', { node: 'n1', priority: MID, req: MEDIUM, labels: { app: 'foo' } }),
      ],
      pdbs: [pdb('x', 'foo', 1, ['p1.3'])],
      victims: ['p1.2', 'p1.1', 'p1.3'],
      pdbViolations: 1,
    },
    {
      name: 'PDB-protected pods are reprieved first',
      // Room for one of the two: the protected, less important one stays.
      preemptor: pod('p', { priority: HIGH, req: LARGE }),
      pods: [
        pod('keep', { node: 'n1', priority: LOW, req: MEDIUM, labels: { app: 'foo' } }),
        pod('go', { node: 'n1', priority: MID, req: MEDIUM }),
      ],
      pdbs: [pdb('x', 'foo', 0)],
      victims: ['go'],
      pdbViolations: 0,
    },
  ];
  for (const c of cases)
    await t.test(c.name, () => {
      const h = handleWith([node('n1')], c.pods, { pdbs: c.pdbs });
      const ni = h.snapshot().get('n1')!.snapshot();
      const r = selectVictimsOnNode(h, new CycleState(), c.preemptor, ni, c.pdbs ?? [], NOW);
      if (c.status) {
        assert.equal(r.status?.code, c.status.code);
        assert.equal(r.status?.message(), c.status.message);
        return;
      }
      assert.equal(r.status, undefined);
      assert.deepEqual(names(r.victims?.pods), c.victims);
      if (c.pdbViolations !== undefined) assert.equal(r.victims?.numPDBViolations, c.pdbViolations);
      // The copy ends holding the pods that stay; the snapshot's node is untouched.
      assert.equal(ni.pods.length, c.pods.length - c.victims!.length);
      assert.equal(h.snapshot().get('n1')!.pods.length, c.pods.length);
    });
});

test('selectVictimsOnNode reports a PreFilter extension failure as Error', () => {
  const h = handleWith([node('n1', VERY_LARGE, { error: 'true' })], [pod('p1', { node: 'n1', priority: LOW })]);
  const ni = h.snapshot().get('n1')!.snapshot();
  const r = selectVictimsOnNode(h, new CycleState(), pod('p', { priority: HIGH }), ni, [], NOW);
  assert.equal(r.status?.code, Code.Error);
  assert.equal(r.status?.message(), 'running RemovePod on PreFilter plugin "test-plugin": failed to remove pod: p');
});

test('selectVictimsOnNode tells PreFilter extensions about each removal and re-addition', () => {
  const h = handleWith(
    [node('n1')],
    [pod('a', { node: 'n1', priority: LOW, req: SMALL }), pod('b', { node: 'n1', priority: MID, req: LARGE })],
  );
  const seen: string[] = [];
  h.runPreFilterExtensionRemovePod = (_s, _p, pi) => void seen.push(`-${pi.pod.metadata?.name}`);
  h.runPreFilterExtensionAddPod = (_s, _p, pi) => void seen.push(`+${pi.pod.metadata?.name}`);
  const ni = h.snapshot().get('n1')!.snapshot();
  selectVictimsOnNode(h, new CycleState(), pod('p', { priority: HIGH, req: LARGE }), ni, [], NOW);
  assert.deepEqual(seen, ['-a', '-b', '+b', '-b', '+a']);
});
