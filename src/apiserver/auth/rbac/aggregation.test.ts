import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { ClusterRole } from 'kubernetes-types/rbac/v1.js';
import { aggregate, aggregateClusterRoles, aggregatedRules } from '../../../api/rbac/aggregation.js';
import { bootstrapClusterRoles } from './bootstrap-policy.js';
import { cr } from './test-helpers.js';

const get = (r: string) => ({ verbs: ['get'], apiGroups: [''], resources: [r] });
const aggregated = (
  name: string,
  selector: ClusterRole['aggregationRule'],
  labels?: Record<string, string>,
): ClusterRole => ({
  metadata: { name, labels },
  aggregationRule: selector,
});

describe('aggregate', () => {
  it('chains admin ← edit ← view to a fixed point', () => {
    const roles = bootstrapClusterRoles();
    const result = aggregate(roles);
    const view = result.get('view')!;
    const edit = result.get('edit')!;
    const admin = result.get('admin')!;
    const viewSource = roles.find((r) => r.metadata?.name === 'system:aggregate-to-view')!.rules!;
    assert.deepEqual(view, viewSource);
    for (const rule of view)
      assert.ok(
        edit.some((r) => JSON.stringify(r) === JSON.stringify(rule)),
        'edit includes view',
      );
    for (const rule of edit)
      assert.ok(
        admin.some((r) => JSON.stringify(r) === JSON.stringify(rule)),
        'admin includes edit',
      );
    assert.ok(admin.length > edit.length && edit.length > view.length);
    assert.deepEqual([...result.keys()].sort(), ['admin', 'edit', 'view']);
  });

  it('takes selectors in order, roles by name, skipping itself and duplicate rules', () => {
    const self = aggregated(
      'self',
      { clusterRoleSelectors: [{ matchLabels: { x: '1' } }, { matchLabels: { y: '1' } }] },
      { x: '1' },
    );
    const roles = [
      self,
      cr('b', [get('b'), get('shared')], { x: '1' }),
      cr('a', [get('a'), get('shared')], { x: '1' }),
      cr('c', [get('c')], { y: '1' }),
      cr('d', [get('d')]),
    ];
    assert.deepEqual(aggregatedRules(self, roles), [get('a'), get('shared'), get('b'), get('c')]);
  });

  it('supports matchExpressions', () => {
    const sel = aggregated('sel', {
      clusterRoleSelectors: [{ matchExpressions: [{ key: 'tier', operator: 'In', values: ['gold', 'silver'] }] }],
    });
    const roles = [
      sel,
      cr('g', [get('g')], { tier: 'gold' }),
      cr('b', [get('b')], { tier: 'bronze' }),
      cr('s', [get('s')], { tier: 'silver' }),
    ];
    assert.deepEqual(aggregatedRules(sel, roles), [get('g'), get('s')]);
    assert.equal(aggregatedRules(cr('plain', []), roles), undefined);
  });

  it('returns the full list with aggregated rules filled in', () => {
    const sel = aggregated('sel', { clusterRoleSelectors: [{ matchLabels: { a: 'b' } }] });
    const out = aggregateClusterRoles([sel, cr('src', [get('pods')], { a: 'b' })]);
    assert.deepEqual(out[0].rules, [get('pods')]);
    assert.deepEqual(out[1].rules, [get('pods')]);
  });
});
