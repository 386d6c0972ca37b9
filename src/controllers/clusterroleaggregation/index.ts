/**
 * The ClusterRole aggregation controller (upstream's pkg/controller/clusterroleaggregation): a
 * ClusterRole with an `aggregationRule` has, as its stored rules, the rules of the ClusterRoles its
 * selectors match — so `admin`, `edit` and `view` grow when a CRD's roles carry the
 * `rbac.authorization.k8s.io/aggregate-to-*` labels.
 */
import type { ClusterRole } from 'kubernetes-types/rbac/v1.js';
import { aggregatedRules } from '../../api/rbac/aggregation.js';
import { Controller } from '../../client/controller/controller.js';
import { jsonEqual } from '../../machinery/patch/json-values.js';
import { RESOURCES, clientOf, informerOf, type ControllerDescriptor } from '../context.js';

export const clusterRoleAggregationController: ControllerDescriptor = {
  name: 'clusterrole-aggregation-controller',
  aliases: ['clusterrole-aggregation'],
  init(ctx) {
    const roles = informerOf<ClusterRole>(ctx, RESOURCES.clusterroles);
    const client = clientOf<ClusterRole>(ctx, RESOURCES.clusterroles);
    const controller = new Controller({
      name: 'ClusterRoleAggregator',
      metricsProvider: ctx.metricsProvider,
      clock: ctx.clock,
      async reconcile(name) {
        const role = roles.lister.get(undefined, name);
        const rules = role && aggregatedRules(role, roles.lister.list());
        if (!role || rules === undefined || jsonEqual(rules, role.rules ?? [])) return;
        // An update with the resourceVersion read: a concurrent change makes it retry.
        await client.update({ ...role, apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', rules });
      },
    });
    // Any role's change can change any aggregated role: enqueue them all (upstream does the same).
    const enqueueAggregated = () => {
      for (const r of roles.lister.list()) if (r.aggregationRule) controller.enqueue(r);
    };
    roles.addEventHandler({ onAdd: enqueueAggregated, onUpdate: enqueueAggregated, onDelete: enqueueAggregated });
    return (signal) => controller.run(5, signal);
  },
};
