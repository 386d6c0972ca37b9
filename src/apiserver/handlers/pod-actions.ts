/**
 * What is POSTed about a pod rather than to it: a Binding (pods/binding, or the `bindings`
 * resource) puts it on a node once, as the scheduler does; an Eviction (pods/eviction) deletes it
 * unless that would break a PodDisruptionBudget — upstream's 429 with its exact wording.
 */
import { ApiError, errors } from '../../machinery/errors.js';
import { selectorFromLabelSelector } from '../../machinery/labels.js';
import type { KObject } from '../cacher/types.js';
import type { Context } from '../context.js';
import type { ResourceRequest } from '../request-info.js';
import { decodeBody, readBody, sendJSON, type Req, type Res } from '../http.js';
import { isDryRun } from './write.js';
import { nowTime } from '../registry/store.js';
import type { ResourceInfo } from '../../api/resources.js';
import { RequestAdmission } from './admit.js';

const success = (code: number) => ({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', code });

export async function servePodAction(
  ctx: Context,
  info: ResourceInfo,
  ri: ResourceRequest,
  q: URLSearchParams,
  req: Req,
  res: Res,
): Promise<void> {
  const dryRun = isDryRun(q);
  let body = decodeBody(await readBody(req), req.headers['content-type']) as KObject;
  if (!body || typeof body !== 'object') throw errors.badRequest('the request body must be an object');
  // Admitted as a create of the subresource (NodeRestriction: a kubelet evicts only its own pods).
  const admission = new RequestAdmission(ctx, req, info, ri, dryRun);
  body = await admission.admitAction(body);
  admission.finish(res);
  if (ri.subresource === 'eviction') return evict(ctx, ri, body, dryRun, res);
  const name = ri.resource === 'bindings' ? body.metadata?.name : ri.name;
  if (ri.resource !== 'bindings' && body.metadata?.name && body.metadata.name !== ri.name) {
    throw errors.badRequest(`name in URL does not match name in Binding object`);
  }
  await bind(ctx, ri.namespace, name, body, dryRun);
  sendJSON(res, 201, success(201));
}

/** Upstream's BindingREST.assignPod: nodeName set once, PodScheduled=True, the binding's annotations copied. */
async function bind(ctx: Context, namespace: string, name: string, binding: KObject, dryRun: boolean): Promise<void> {
  const pods = ctx.registry.store('', 'pods')!;
  const node = binding.target?.name;
  if (!node || (binding.target?.kind && binding.target.kind !== 'Node')) {
    throw errors.invalid({ group: '', name: 'Binding' }, name ?? '', []);
  }
  const bindings = { group: '', name: 'pods/binding' };
  await pods.update(
    namespace,
    name,
    (pod) => {
      if (!pod) throw errors.notFound({ group: '', name: 'pods' }, name);
      if (pod.metadata.deletionTimestamp)
        throw errors.conflict(bindings, name, `pod ${name} is being deleted, cannot be assigned to a host`);
      if (pod.spec?.nodeName)
        throw errors.conflict(bindings, name, `pod ${name} is already assigned to node "${pod.spec.nodeName}"`);
      const uid = binding.metadata?.uid;
      if (uid && uid !== pod.metadata.uid)
        throw errors.conflict(
          bindings,
          name,
          `Precondition failed: UID in precondition: ${uid}, UID in object meta: ${pod.metadata.uid}`,
        );
      // The stored pod is not copied (`fresh`): what changes is new, the rest of it is shared
      // (and the store keeps only the binding's fields of it).
      const spec = Object.assign({}, pod.spec);
      spec.nodeName = node;
      const metadata = Object.assign({}, pod.metadata);
      if (binding.metadata?.annotations)
        metadata.annotations = { ...pod.metadata.annotations, ...binding.metadata.annotations };
      const status = Object.assign({}, pod.status);
      const conditions: KObject[] = status.conditions ?? [];
      const scheduled = { type: 'PodScheduled', status: 'True', lastProbeTime: null, lastTransitionTime: nowTime() };
      status.conditions = [...conditions.filter((c) => c.type !== 'PodScheduled'), scheduled];
      return { ...pod, metadata, spec, status };
    },
    // Upstream's assignPod writes through storage: the pod update validation (spec is immutable) does not apply.
    { dryRun, subresource: 'binding', unvalidated: true, fresh: true },
  );
}

/** Upstream's EvictionREST.Create (policy/v1). */
async function evict(ctx: Context, ri: ResourceRequest, eviction: KObject, dryRun: boolean, res: Res): Promise<void> {
  const pods = ctx.registry.store('', 'pods')!;
  const pdbs = ctx.registry.store('policy', 'poddisruptionbudgets')!;
  const pod = await pods.get(ri.namespace, ri.name);
  const phase = pod.status?.phase;
  // Pods that are not running, or already going, can go without consulting budgets.
  const ignoreBudgets =
    phase === 'Succeeded' || phase === 'Failed' || phase === 'Pending' || !!pod.metadata.deletionTimestamp;
  if (!ignoreBudgets) {
    await pdbs.cacher.consistentRevision();
    const matching = pdbs.cacher
      .list({ prefix: pdbs.prefix(ri.namespace) })
      .entries.map((e) => e.obj)
      .filter((pdb) => pdb.spec?.selector && selectorFromLabelSelector(pdb.spec.selector).matches(pod.metadata.labels));
    if (matching.length > 1) {
      throw new ApiError(
        500,
        'InternalError',
        'This pod has more than one PodDisruptionBudget, which the eviction subresource does not support.',
      );
    }
    if (matching.length === 1) {
      const pdb = matching[0];
      await pdbs.update(
        ri.namespace,
        pdb.metadata.name,
        (cur) => {
          if (!cur) throw errors.notFound({ group: 'policy', name: 'poddisruptionbudgets' }, pdb.metadata.name);
          const st = cur.status ?? {};
          // upstream's checkAndDecrement
          if ((st.observedGeneration ?? 0) < (cur.metadata.generation ?? 0)) {
            throw errors.tooManyRequests(
              `Cannot evict pod as it would violate the pod's disruption budget. The disruption budget ${cur.metadata.name} is still being processed by the server.`,
              10,
            );
          }
          if ((st.disruptionsAllowed ?? 0) <= 0) {
            throw new ApiError(
              429,
              'TooManyRequests',
              "Cannot evict pod as it would violate the pod's disruption budget.",
              {
                causes: [
                  {
                    reason: 'DisruptionBudget',
                    message: `The disruption budget ${cur.metadata.name} needs ${st.desiredHealthy ?? 0} healthy pods and has ${st.currentHealthy ?? 0} currently`,
                  },
                ],
              },
            );
          }
          cur.status = {
            ...st,
            disruptionsAllowed: st.disruptionsAllowed - 1,
            disruptedPods: { ...st.disruptedPods, [ri.name]: nowTime() },
          };
          return cur;
        },
        { dryRun, subresource: 'status' },
      );
    }
  }
  const opts = eviction.deleteOptions ?? {};
  await pods.delete(ri.namespace, ri.name, {
    gracePeriodSeconds: opts.gracePeriodSeconds,
    preconditions: opts.preconditions,
    dryRun,
  });
  sendJSON(res, 201, success(201));
}
