/**
 * Creating and deleting a controller's pods (upstream's `RealPodControl`), with its events:
 * `SuccessfulCreate` "Created pod: NAME", `FailedCreate` "Error creating: MSG",
 * `SuccessfulDelete` "Deleted pod: NAME", `FailedDelete` "Error deleting: MSG".
 */
import type { Pod, PodTemplateSpec } from 'kubernetes-types/core/v1.js';
import type { ObjectMeta, OwnerReference } from 'kubernetes-types/meta/v1.js';
import type { EventObject, EventRecorder } from '../../client/events/index.js';
import type { ResourceClient } from '../../client/rest/resource-client.js';
import { isNotFound } from '../../machinery/errors.js';

/**
 * Upstream's `GetPodFromTemplate`: the template's labels, annotations, finalizers and spec,
 * `generateName` `<parent>-`, and the controller reference.
 */
export function podFromTemplate(
  template: PodTemplateSpec,
  parent: { metadata?: ObjectMeta },
  ref?: OwnerReference,
): Pod {
  const meta: ObjectMeta = {
    generateName: `${parent.metadata?.name ?? ''}-`,
    namespace: parent.metadata?.namespace,
  };
  const t = template.metadata ?? {};
  if (t.labels) meta.labels = { ...t.labels };
  if (t.annotations) meta.annotations = { ...t.annotations };
  if (t.finalizers) meta.finalizers = [...t.finalizers];
  if (ref) meta.ownerReferences = [ref];
  return { apiVersion: 'v1', kind: 'Pod', metadata: meta, spec: structuredClone(template.spec) };
}

export class PodControl {
  constructor(
    private readonly pods: ResourceClient<Pod>,
    private readonly recorder: EventRecorder,
  ) {}

  /** Creates `pod` (from {@link podFromTemplate}), recording the event on `parent`. */
  async create(pod: Pod, parent: EventObject): Promise<Pod> {
    try {
      const made = await this.pods.create(pod, { namespace: pod.metadata?.namespace });
      this.recorder.eventf(parent, 'Normal', 'SuccessfulCreate', 'Created pod: %v', made.metadata?.name);
      return made;
    } catch (err) {
      this.recorder.eventf(parent, 'Warning', 'FailedCreate', 'Error creating: %v', (err as Error).message);
      throw err;
    }
  }

  /** Deletes the pod `namespace/name`, recording the event on `parent`; one already gone is no error and no event. */
  async delete(namespace: string, name: string, parent: EventObject): Promise<void> {
    try {
      await this.pods.delete(name, { namespace });
      this.recorder.eventf(parent, 'Normal', 'SuccessfulDelete', 'Deleted pod: %v', name);
    } catch (err) {
      if (isNotFound(err)) return;
      this.recorder.eventf(parent, 'Warning', 'FailedDelete', 'Error deleting: %v', (err as Error).message);
      throw err;
    }
  }
}
