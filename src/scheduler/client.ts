/** The scheduler's API calls (binding, preemption, status), over the REST client. */
import type { Pod, PodCondition } from 'kubernetes-types/core/v1.js';
import type { RestClient } from '../client/rest/client.js';
import { resourcePath } from '../client/rest/resource-client.js';
import type { SchedulerClient } from './framework/interface.js';

const PODS = { group: '', version: 'v1', resource: 'pods', namespaced: true } as const;
const SMP = 'application/strategic-merge-patch+json';
const MERGE = 'application/merge-patch+json';

export class RestSchedulerClient implements SchedulerClient {
  constructor(private readonly client: RestClient) {}

  private podPath(pod: Pod, sub?: string): string {
    return resourcePath(PODS, pod.metadata?.namespace ?? '', pod.metadata?.name ?? '', sub);
  }

  async bindPod(pod: Pod, nodeName: string): Promise<void> {
    await this.client.request({
      method: 'POST',
      path: this.podPath(pod, 'binding'),
      body: {
        apiVersion: 'v1',
        kind: 'Binding',
        metadata: { name: pod.metadata?.name, namespace: pod.metadata?.namespace, uid: pod.metadata?.uid },
        target: { apiVersion: 'v1', kind: 'Node', name: nodeName },
      },
    });
  }

  async deletePod(pod: Pod): Promise<void> {
    await this.client.request({
      method: 'DELETE',
      path: this.podPath(pod),
      body: { apiVersion: 'v1', kind: 'DeleteOptions', preconditions: { uid: pod.metadata?.uid } },
    });
  }

  async patchPodStatus(
    pod: Pod,
    patch: { condition?: PodCondition; nominatedNodeName?: string | null },
  ): Promise<void> {
    const status: Record<string, unknown> = {};
    if (patch.condition) status.conditions = [patch.condition];
    if (patch.nominatedNodeName !== undefined) status.nominatedNodeName = patch.nominatedNodeName;
    await this.client.request({
      method: 'PATCH',
      path: this.podPath(pod, 'status'),
      body: { status },
      contentType: SMP,
    });
  }

  async mergePatch(
    ref: { group: string; version: string; resource: string; namespace?: string; name: string; subresource?: string },
    patch: object,
  ): Promise<void> {
    await this.client.request({
      method: 'PATCH',
      path: resourcePath({ ...ref, namespaced: !!ref.namespace }, ref.namespace ?? '', ref.name, ref.subresource),
      body: patch,
      contentType: MERGE,
    });
  }
}
