/**
 * The admission chain (upstream's `admission.chainAdmissionHandler`): every enabled plugin's
 * mutating step in order, then — after the object is validated — every validating step in order.
 * A plugin refuses a request by throwing an ApiError (Forbidden, mostly); warnings it adds go back
 * to the client as `Warning` headers.
 */
import type { ResourceInfo } from '../../api/resources.js';
import type { KObject } from '../cacher/types.js';
import type { UserInfo } from '../auth/authn/user.js';

export type Operation = 'CREATE' | 'UPDATE' | 'DELETE' | 'CONNECT';

/** What admission knows of one write (upstream's `admission.Attributes`). */
export interface Attributes {
  operation: Operation;
  /** The resource as requested (group, version, resource, kind). */
  info: ResourceInfo;
  subresource: string;
  namespace: string;
  name: string;
  /** The object to store, in its storage version; mutating plugins change it in place. */
  object?: KObject;
  /** The stored object, on update and delete. */
  oldObject?: KObject;
  user: UserInfo;
  dryRun: boolean;
  /** CreateOptions, UpdateOptions or DeleteOptions, as webhooks see them. */
  options?: KObject;
  /** Warnings for the response. */
  warnings: string[];
  /** Annotations for the audit event. */
  auditAnnotations: Record<string, string>;
}

export interface AdmissionPlugin {
  readonly name: string;
  /** The mutating step: may change `attrs.object`. */
  admit?(attrs: Attributes): void | Promise<void>;
  /** The validating step: sees the object as it will be stored; may only refuse. */
  validate?(attrs: Attributes): void | Promise<void>;
}

export class Admission {
  private readonly mutating: AdmissionPlugin[];
  private readonly validating: AdmissionPlugin[];

  constructor(readonly plugins: readonly AdmissionPlugin[]) {
    this.mutating = plugins.filter((p) => p.admit);
    this.validating = plugins.filter((p) => p.validate);
  }

  async admit(attrs: Attributes): Promise<void> {
    for (const p of this.mutating) await p.admit!(attrs);
  }

  async validate(attrs: Attributes): Promise<void> {
    for (const p of this.validating) await p.validate!(attrs);
  }
}

/** `pods` in the core group, as most plugins ask. */
export const isPod = (a: Attributes): boolean => a.info.group === '' && a.info.resource === 'pods';
