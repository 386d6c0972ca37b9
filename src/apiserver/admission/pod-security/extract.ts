/**
 * Upstream `DefaultPodSpecExtractor`: the resources that embed a pod template, and where the
 * template sits in each.
 */
import type { Json } from './types.js';

/** Resource → API group, for every resource Pod Security evaluates besides namespaces. */
export const POD_SPEC_RESOURCES: Readonly<Record<string, string>> = {
  pods: '',
  replicationcontrollers: '',
  podtemplates: '',
  replicasets: 'apps',
  deployments: 'apps',
  statefulsets: 'apps',
  daemonsets: 'apps',
  jobs: 'batch',
  cronjobs: 'batch',
};

/** Whether `group`/`resource` is a pod or a pod controller (group checked only when given). */
export function hasPodSpec(resource: string, group?: string): boolean {
  const g = POD_SPEC_RESOURCES[resource];
  return g !== undefined && (group === undefined || group === g);
}

export interface PodTemplateParts {
  metadata: Json;
  spec: Json;
}

const asObj = (v: unknown): Json | undefined => (v !== null && typeof v === 'object' ? (v as Json) : undefined);

/**
 * The pod metadata and spec to evaluate for an object of `resource`, or `null` when the object
 * carries no template (a ReplicationController may omit it). Templates that Go holds by value
 * read as empty when absent, as upstream evaluates them.
 */
export function extractPodTemplate(resource: string, object: Json): PodTemplateParts | null {
  let template: Json | undefined;
  switch (resource) {
    case 'pods':
      return { metadata: asObj(object.metadata) ?? {}, spec: asObj(object.spec) ?? {} };
    case 'podtemplates':
      template = asObj(object.template) ?? {};
      break;
    case 'replicationcontrollers':
      template = asObj(asObj(object.spec)?.template);
      if (!template) return null;
      break;
    case 'cronjobs':
      template = asObj(asObj(asObj(asObj(object.spec)?.jobTemplate)?.spec)?.template) ?? {};
      break;
    default:
      template = asObj(asObj(object.spec)?.template) ?? {};
  }
  return { metadata: asObj(template.metadata) ?? {}, spec: asObj(template.spec) ?? {} };
}
