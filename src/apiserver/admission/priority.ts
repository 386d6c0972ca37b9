/**
 * Upstream's Priority admission plugin, for pods on create: `spec.priority` and
 * `spec.preemptionPolicy` come from the PriorityClass the pod names, or from the global default
 * class, or are 0 and PreemptLowerPriority when there is none. A class that does not exist, or a
 * priority given in the pod that differs from the class's, is Forbidden with upstream's words.
 */
import { errors } from '../../machinery/errors.js';
import type { KObject } from '../cacher/types.js';
import type { Registry } from '../registry/registry.js';

const PODS = { group: '', name: 'pods' };

export async function admitPriority(registry: Registry, pod: KObject): Promise<void> {
  const classes = registry.store('scheduling.k8s.io', 'priorityclasses')!;
  const spec = (pod.spec ??= {});
  const name: string = pod.metadata?.name ?? '';
  let value = 0;
  let preemptionPolicy = 'PreemptLowerPriority';
  if (spec.priorityClassName) {
    // Not in the cache may be not there yet: a consistent read decides.
    const pc =
      classes.cacher.get(classes.key('', spec.priorityClassName))?.obj ??
      (await classes.get('', spec.priorityClassName).catch(() => undefined));
    if (!pc) throw errors.forbidden(PODS, name, `no PriorityClass with name ${spec.priorityClassName} was found`);
    value = pc.value ?? 0;
    preemptionPolicy = pc.preemptionPolicy ?? preemptionPolicy;
  } else {
    // The global default with the highest value, as upstream's getDefaultPriority picks it.
    const defaults = classes.cacher
      .list({ prefix: classes.prefix('') })
      .entries.map((e) => e.obj)
      .filter((pc) => pc.globalDefault)
      .sort((a, b) => (b.value ?? 0) - (a.value ?? 0));
    if (defaults[0]) {
      spec.priorityClassName = defaults[0].metadata.name;
      value = defaults[0].value ?? 0;
      preemptionPolicy = defaults[0].preemptionPolicy ?? preemptionPolicy;
    }
  }
  if (spec.priority != null && spec.priority !== value) {
    throw errors.forbidden(
      PODS,
      name,
      `the integer value of priority (${spec.priority}) must not be provided in pod spec; priority admission controller computed ${value} from the given PriorityClass name`,
    );
  }
  if (spec.preemptionPolicy != null && spec.preemptionPolicy !== preemptionPolicy) {
    throw errors.forbidden(
      PODS,
      name,
      `the string value of PreemptionPolicy (${spec.preemptionPolicy}) must not be provided in pod spec; priority admission controller computed ${preemptionPolicy} from the given PriorityClass name`,
    );
  }
  spec.priority = value;
  spec.preemptionPolicy = preemptionPolicy;
}
