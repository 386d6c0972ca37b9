/**
 * The resourcequota controller (upstream's pkg/controller/resourcequota): each ResourceQuota's
 * `status.hard` follows its `spec.hard`, and `status.used` is recounted from the objects of its
 * namespace — when a quota changes, when a tracked object is deleted or changes, and every
 * 5 minutes (`--resource-quota-sync-period`). Admission charges creates as they happen; this
 * recount gives back what deletes free.
 */
import type { ResourceQuota } from 'kubernetes-types/core/v1.js';
import { countedResource, LEGACY_COUNT_ALIASES, type GroupResource } from '../../api/quota/names.js';
import { quotaStatus, type QuotaItem } from '../../api/quota/controller.js';
import { Controller } from '../../client/controller/controller.js';
import type { SharedIndexInformer } from '../../client/informers/shared-informer.js';
import { ResourceClient, type KubeObject, type ResourceRef } from '../../client/rest/resource-client.js';
import { RESOURCES, clientOf, informerOf, workersOf, type ControllerDescriptor } from '../context.js';

/** Upstream's `--resource-quota-sync-period`. */
export const RESOURCE_QUOTA_SYNC_PERIOD_MS = 5 * 60_000;

/** Resources watched (upstream's evaluators plus the legacy object counts). */
const WATCHED: ResourceRef[] = [
  RESOURCES.pods,
  RESOURCES.services,
  RESOURCES.persistentvolumeclaims,
  RESOURCES.configmaps,
  RESOURCES.secrets,
  RESOURCES.replicationcontrollers,
  RESOURCES.resourcequotas,
];

const grKey = (gr: GroupResource) => `${gr.resource}.${gr.group}`;

export const resourceQuotaController: ControllerDescriptor = {
  name: 'resourcequota-controller',
  aliases: ['resourcequota'],
  init(ctx) {
    const quotas = informerOf<ResourceQuota>(ctx, RESOURCES.resourcequotas);
    const client = clientOf<ResourceQuota>(ctx, RESOURCES.resourcequotas);
    const watched: { gr: GroupResource; inf: SharedIndexInformer<KubeObject> }[] = WATCHED.map((ref) => ({
      gr: { group: ref.group, resource: ref.resource },
      inf: ctx.informers.forResource(ref),
    }));
    /** `count/<resource>.<group>` of resources not watched: listed from the API at each sync. */
    const listOther = async (gr: GroupResource, namespace: string): Promise<KubeObject[]> => {
      let v = 'v1';
      if (gr.group) {
        const groups = await ctx.client.request<{
          groups?: { name: string; preferredVersion?: { version: string } }[];
        }>({ method: 'GET', path: '/apis' });
        v = groups.body.groups?.find((g) => g.name === gr.group)?.preferredVersion?.version ?? '';
      }
      if (!v) return [];
      const rc = new ResourceClient<KubeObject>(ctx.client, { ...gr, version: v, namespaced: true });
      return (await rc.listAll({ namespace })).items;
    };
    const controller = new Controller({
      name: 'resource_quota_controller_resource_changes',
      metricsProvider: ctx.metricsProvider,
      clock: ctx.clock,
      async reconcile(key) {
        const [namespace, name] = key.split('/');
        const quota = quotas.lister.get(namespace, name);
        if (!quota) return;
        const items: QuotaItem[] = [];
        const seen = new Set<string>();
        for (const { gr, inf } of watched) {
          for (const obj of inf.lister.listInNamespace(namespace)) items.push({ resource: gr, obj });
          seen.add(grKey(gr));
        }
        for (const hardName of Object.keys(quota.spec?.hard ?? {})) {
          const counted = LEGACY_COUNT_ALIASES[hardName] ?? hardName;
          if (!counted.startsWith('count/')) continue;
          const gr = countedResource(counted);
          if (seen.has(grKey(gr))) continue;
          seen.add(grKey(gr));
          for (const obj of await listOther(gr, namespace)) items.push({ resource: gr, obj });
        }
        const status = quotaStatus(quota, items, { now: ctx.now() });
        if (status.changed) {
          await client.updateStatus({
            ...quota,
            apiVersion: 'v1',
            kind: 'ResourceQuota',
            status: { hard: status.hard, used: status.used },
          });
        }
        return { requeueAfterMs: RESOURCE_QUOTA_SYNC_PERIOD_MS };
      },
    });
    controller.watch(quotas);
    // A tracked object's change can change every quota of its namespace.
    const byNamespace = (obj: KubeObject) =>
      quotas.lister
        .listInNamespace(obj.metadata?.namespace ?? '')
        .map((q) => `${q.metadata?.namespace}/${q.metadata?.name}`);
    for (const { gr, inf } of watched) if (gr.resource !== 'resourcequotas') controller.watch(inf, byNamespace);
    return (signal) => controller.run(workersOf(ctx, 'resourcequota', 5), signal);
  },
};
