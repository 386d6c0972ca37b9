/**
 * Admission: what upstream's default admission plugins do to a write after it is decoded and
 * defaulted and before it is validated and stored. Here: NamespaceLifecycle (the namespace must
 * exist, and take nothing new while it terminates), and for pods on create Priority (the priority
 * from the PriorityClass) and DefaultTolerationSeconds (five minutes' grace on not-ready and
 * unreachable nodes). The ServiceAccount, LimitRanger and ResourceQuota plugins come with the
 * controllers they need.
 */
import { errors } from '../../machinery/errors.js';
import type { ResourceInfo } from '../../api/resources.js';
import type { KObject } from '../cacher/types.js';
import type { Context } from '../context.js';
import { admitPriority } from './priority.js';
import { defaultTolerationSeconds } from './tolerations.js';

/** Upstream's NamespaceLifecycle: the namespace must exist and, for a create, not be terminating. */
export async function admitNamespace(
  ctx: Context,
  info: ResourceInfo,
  ns: string,
  creating: boolean,
  name = '',
): Promise<void> {
  if (!info.namespaced || !ns) return;
  const namespaces = ctx.registry.store('', 'namespaces')!;
  let nsObj = namespaces.cacher.get(namespaces.key('', ns))?.obj;
  if (!nsObj) nsObj = await namespaces.get('', ns).catch(() => undefined);
  if (!nsObj) throw errors.notFound({ group: '', name: 'namespaces' }, ns);
  if (creating && nsObj.status?.phase === 'Terminating') {
    throw errors.forbidden(
      { group: info.group, name: info.resource },
      name,
      `unable to create new content in namespace ${ns} because it is being terminated`,
    );
  }
}

/** The mutating plugins for a create of `obj` (in its storage version). */
export async function admitCreate(ctx: Context, info: ResourceInfo, obj: KObject): Promise<void> {
  if (info.group === '' && info.resource === 'pods') {
    await admitPriority(ctx.registry, obj);
    defaultTolerationSeconds(obj);
  }
}
