/** Group-resource strings as upstream's `schema.ParseGroupResource` and friends read and print them. */
import type { GroupResource } from './types.js';

/** `schema.ParseGroupResource`: everything after the first `.` is the group (`*.` is core `*`). */
export function parseGroupResource(s: string): GroupResource {
  const dot = s.indexOf('.');
  return dot < 0 ? { group: '', resource: s } : { group: s.slice(dot + 1), resource: s.slice(0, dot) };
}

/** `GroupResource.String()`: `resource` for core, `resource.group` otherwise. */
export function groupResourceString(gr: GroupResource): string {
  return gr.group === '' ? gr.resource : `${gr.resource}.${gr.group}`;
}

/** Upstream's `grYAMLString`: as the config file spells it (core wildcard is `*.`). */
export function groupResourceYAML(gr: GroupResource): string {
  return gr.group === '' && gr.resource === '*' ? '*.' : groupResourceString(gr);
}

/** A map key that tells every group-resource apart. */
export function groupResourceKey(gr: GroupResource): string {
  return `${gr.resource}\u0000${gr.group}`;
}
