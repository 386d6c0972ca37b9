/**
 * Turns a refused `AdmissionResult` into the API status upstream's PodSecurity plugin returns:
 * `pods "web" is forbidden: violates PodSecurity ...` (403), `Namespace "x" is invalid: ...`
 * (422, with one cause per invalid label), or a 400 for undecodable objects.
 */
import { goQuote } from './format.js';
import { fieldErrorBody } from './labels.js';
import type { AdmissionResult } from './result.js';

export interface StatusTarget {
  /** API group of the resource (`''` for core). */
  group: string;
  /** Plural resource, e.g. `pods`. */
  resource: string;
  /** Object name; may be empty (generateName). */
  name: string;
}

export interface PodSecurityStatus {
  kind: 'Status';
  apiVersion: 'v1';
  metadata: Record<string, never>;
  status: 'Failure';
  message: string;
  reason: string;
  code: number;
  details: {
    name?: string;
    group?: string;
    kind: string;
    causes?: { reason: string; message: string; field: string }[];
  };
}

/** The status for a refused result, or `undefined` when the result allows the request. */
export function toStatus(result: AdmissionResult, target: StatusTarget): PodSecurityStatus | undefined {
  if (result.allowed) return undefined;
  const base = { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure' } as const;
  const withName = (o: PodSecurityStatus['details']): PodSecurityStatus['details'] => ({
    ...(target.name ? { name: target.name } : {}),
    ...(target.group ? { group: target.group } : {}),
    ...o,
  });
  if (result.reason === 'Invalid') {
    const head = `Namespace ${goQuote(target.name)} is invalid`;
    return {
      ...base,
      message: result.message ? `${head}: ${result.message}` : head,
      reason: 'Invalid',
      code: 422,
      details: withName({
        kind: 'Namespace',
        causes: (result.fieldErrors ?? []).map((e) => ({ reason: e.type, message: fieldErrorBody(e), field: e.field })),
      }),
    };
  }
  if (result.reason === 'BadRequest') {
    return {
      ...base,
      message: result.message ?? '',
      reason: 'BadRequest',
      code: 400,
      details: withName({ kind: target.resource }),
    };
  }
  const qualified = target.group ? `${target.resource}.${target.group}` : target.resource;
  const subject = target.name ? `${qualified} ${goQuote(target.name)}` : qualified;
  return {
    ...base,
    message: `${subject} is forbidden: ${result.message ?? 'Not allowed by PodSecurity'}`,
    reason: 'Forbidden',
    code: 403,
    details: withName({ kind: target.resource }),
  };
}
