/**
 * Upstream's ResourceQuota plugin (validating, last in the chain): a write that would take a
 * namespace past one of its quotas is refused with upstream's "exceeded quota" message; one that
 * fits is charged to the quotas' `status.used` before it is stored, with optimistic concurrency so
 * that two writes never both take the last unit. Quotas the resourcequota controller has not yet
 * given a `status.hard` are not enforced, as upstream's.
 */
import { errors, isConflict } from '../../machinery/errors.js';
import type { KObject } from '../cacher/types.js';
import type { Registry } from '../registry/registry.js';
import type { AdmissionPlugin, Attributes } from './chain.js';
import { checkQuotas } from './quota/index.js';
import { listed } from './lookups.js';

const ATTEMPTS = 5;

export function resourceQuota(registry: Registry): AdmissionPlugin {
  const quotas = registry.store('', 'resourcequotas')!;

  async function charge(a: Attributes): Promise<void> {
    const gr = { group: a.info.group, resource: a.info.resource };
    for (let attempt = 1; ; attempt++) {
      const current = listed(registry, '', 'resourcequotas', a.namespace);
      if (!current.length) return;
      const { updatedQuotas } = checkQuotas(current, gr, a.operation as 'CREATE' | 'UPDATE', a.object!, a.oldObject);
      if (a.dryRun || !updatedQuotas.length) return;
      try {
        for (const u of updatedQuotas) {
          await quotas.update(
            a.namespace,
            u.name,
            (q: KObject | undefined) => {
              // Gone since it was read: checked again, like a conflict.
              if (!q) throw errors.modified(quotas.qualified, u.name);
              q.metadata.resourceVersion = u.resourceVersion;
              q.status = { ...q.status, used: { ...q.status?.used, ...u.used } };
              return q;
            },
            { subresource: 'status', unvalidated: true },
          );
        }
        return;
      } catch (err) {
        // Another write charged the quota first: check again against what it left.
        if (!isConflict(err) || attempt >= ATTEMPTS) throw err;
        await quotas.cacher.consistentRevision();
      }
    }
  }

  return {
    name: 'ResourceQuota',
    async validate(a) {
      if ((a.operation !== 'CREATE' && a.operation !== 'UPDATE') || a.subresource || !a.namespace || !a.object) return;
      if (a.info.group === '' && a.info.resource === 'namespaces') return;
      await charge(a);
    },
  };
}
