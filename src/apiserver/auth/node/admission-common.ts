/**
 * What the NodeRestriction checks share: the plugin's input (upstream's `admission.Attributes`
 * plus its listers and feature gates) and its errors.
 */
import { errors } from '../../../machinery/errors.js';
import type { UserInfo } from '../rbac/types.js';
import type { Obj } from './refs.js';

export type AdmissionOperation = 'CREATE' | 'UPDATE' | 'DELETE' | 'CONNECT';

/** Feature gates the plugin reads, with their 1.32 defaults. */
export interface NodeRestrictionFeatures {
  /** RecoverVolumeExpansionFailure (beta, on in 1.32): PVC status may also change allocatedResources(Statuses). */
  recoverVolumeExpansionFailure?: boolean;
  /** AllowInsecureKubeletCertificateSigningRequests (off in 1.32): skips the node CSR CommonName check. */
  allowInsecureKubeletCertificateSigningRequests?: boolean;
}

/** One write to admit (upstream's `admission.Attributes` plus the plugin's listers). */
export interface NodeRestrictionInput {
  user: UserInfo;
  operation: AdmissionOperation;
  group: string;
  resource: string;
  subresource: string;
  namespace: string;
  /** The object's name; on CREATE it may be `''` and is then read from the object, as upstream's create handler does. */
  name: string;
  /** The new object (CREATE, UPDATE; the Eviction or TokenRequest of those subresources). */
  object?: Obj;
  /** The stored object (UPDATE, DELETE). */
  oldObject?: Obj;
  /** The pod lister: a pod by namespace and name, or undefined. */
  getPod(namespace: string, name: string): Obj | undefined;
  /** The node lister; without it the mirror pod owner's UID is not verified. */
  getNode?(name: string): Obj | undefined;
  features?: NodeRestrictionFeatures;
}

/** The input as the checks see it: name resolved, node known. */
export interface Admit extends NodeRestrictionInput {
  node: string;
}

/** Upstream's `admission.NewForbidden`: the resource (no subresource) and the name, or `Unknown`. */
export function forbidden(a: NodeRestrictionInput, message: string): Error {
  const name = a.name || a.object?.metadata?.name || 'Unknown';
  return errors.forbidden({ group: a.group, name: a.resource }, name, message);
}

/** A lister's NotFound: upstream's listers name the resource in the singular (`pod "x" not found`). */
export const listerNotFound = (kind: 'pod' | 'node', name: string) => errors.notFound({ group: '', name: kind }, name);

/** Go's `%T` of a missing object. */
export const NIL_TYPE = 'unexpected type <nil>';
