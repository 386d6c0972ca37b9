/**
 * Upstream's RuntimeClass plugin, for pods on create: the RuntimeClass a pod names must exist; its
 * `overhead.podFixed` becomes the pod's `spec.overhead` (a pod may not claim another), and its
 * `scheduling` node selector and tolerations are merged into the pod's.
 */
import { isDeepStrictEqual } from 'node:util';
import { errors } from '../../machinery/errors.js';
import type { KObject } from '../cacher/types.js';
import type { Registry } from '../registry/registry.js';
import { isPod, type AdmissionPlugin, type Attributes } from './chain.js';

const forbidden = (a: Attributes, why: string) =>
  errors.forbidden({ group: '', name: 'pods' }, a.object?.metadata?.name ?? a.name, why);

const hasOverhead = (spec: KObject) => !!spec.overhead && Object.keys(spec.overhead).length > 0;

export function runtimeClassAdmission(registry: Registry): AdmissionPlugin {
  const classes = registry.store('node.k8s.io', 'runtimeclasses')!;
  const applies = (a: Attributes) => isPod(a) && !a.subresource && a.operation === 'CREATE' && !!a.object;

  async function runtimeClass(a: Attributes): Promise<KObject | undefined> {
    const name = a.object!.spec?.runtimeClassName;
    if (name == null) return undefined;
    const rc = classes.cacher.get(classes.key('', name))?.obj ?? (await classes.get('', name).catch(() => undefined));
    if (!rc) throw forbidden(a, `pod rejected: RuntimeClass "${name}" not found`);
    return rc;
  }

  return {
    name: 'RuntimeClass',
    async admit(a) {
      if (!applies(a)) return;
      const rc = await runtimeClass(a);
      const spec = (a.object!.spec ??= {});
      if (rc?.overhead) {
        if (hasOverhead(spec) && !isDeepStrictEqual(rc.overhead.podFixed, spec.overhead)) {
          throw forbidden(a, "pod rejected: Pod's Overhead doesn't match RuntimeClass's defined Overhead");
        }
        spec.overhead = structuredClone(rc.overhead.podFixed);
      }
      if (rc?.scheduling) {
        const selector: Record<string, string> = (spec.nodeSelector ??= {});
        for (const [k, want] of Object.entries<string>(rc.scheduling.nodeSelector ?? {})) {
          if (k in selector && selector[k] !== want) {
            throw forbidden(
              a,
              `conflict: runtimeClass.scheduling.nodeSelector[${k}] = ${want}; pod.spec.nodeSelector[${k}] = ${selector[k]}`,
            );
          }
          selector[k] = want;
        }
        if (!Object.keys(selector).length) delete spec.nodeSelector;
        const tolerations: KObject[] = spec.tolerations ?? [];
        for (const t of rc.scheduling.tolerations ?? []) {
          if (!tolerations.some((have) => isDeepStrictEqual(have, t))) tolerations.push(structuredClone(t));
        }
        if (tolerations.length) spec.tolerations = tolerations;
      }
    },
    async validate(a) {
      if (!applies(a) || !hasOverhead(a.object!.spec ?? {})) return;
      const rc = await runtimeClass(a);
      if (!rc?.overhead) {
        throw forbidden(a, 'pod rejected: Pod Overhead set without corresponding RuntimeClass defined Overhead');
      }
      if (!isDeepStrictEqual(rc.overhead.podFixed, a.object!.spec.overhead)) {
        throw forbidden(a, "pod rejected: Pod's Overhead doesn't match RuntimeClass's defined Overhead");
      }
    },
  };
}
