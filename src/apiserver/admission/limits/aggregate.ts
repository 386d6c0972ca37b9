/**
 * How the LimitRanger and ResourceQuota plugins turn their findings into the error the client sees:
 * upstream's `admission.NewForbidden` over a Go `utilerrors.NewAggregate` of the messages.
 */
import { type ApiError, errors } from '../../../machinery/errors.js';

import type { GroupResource } from '../../../api/quota/names.js';

export type { GroupResource };

/**
 * Go's `utilerrors.NewAggregate(errs).Error()`: one message as is; several deduplicated, `, `-joined
 * and bracketed (`[a, b]`); a list that deduplicates to one message prints without brackets.
 */
export function aggregateMessages(messages: readonly string[]): string {
  const seen = [...new Set(messages)];
  if (seen.length <= 1) return seen[0] ?? '';
  return `[${seen.join(', ')}]`;
}

/**
 * The name upstream's `admission.NewForbidden` reports for an object under admission: its name, or
 * when it has none its generateName (empty when neither is set).
 */
export function admissionName(obj: unknown): string {
  const meta = (obj as { metadata?: { name?: unknown; generateName?: unknown } } | undefined)?.metadata;
  if (typeof meta?.name === 'string' && meta.name) return meta.name;
  return typeof meta?.generateName === 'string' ? meta.generateName : '';
}

/** A 403 Forbidden for `resource "name"` with `why` as upstream's `admission.NewForbidden` words it. */
export function admissionForbidden(gr: GroupResource, name: string, why: string): ApiError {
  return errors.forbidden({ group: gr.group, name: gr.resource }, name, why);
}

/**
 * The LimitRanger's rejection: `pods "nginx" is forbidden: maximum cpu usage per Container is 500m,
 * but limit is 1`, with several messages aggregated as `[a, b]`.
 */
export function limitRangerError(gr: GroupResource, name: string, messages: readonly string[]): ApiError {
  return admissionForbidden(gr, name, aggregateMessages(messages));
}
