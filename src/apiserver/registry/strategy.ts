/**
 * What makes one resource different from another, as upstream's `rest.RESTCreateStrategy` and
 * friends say it: defaulting, preparing for create and update, validation, the fields a field
 * selector can use, graceful deletion and TTLs. The generic store applies them in upstream's order.
 */
import type { FieldError } from '../../machinery/field-errors.js';
import type { KObject } from '../cacher/types.js';

export interface StrategyContext {
  namespace: string;
  /** The subresource being written ('' for the resource itself). */
  subresource: string;
}

export interface Strategy {
  /**
   * The fields a status write changes, when more than `status` (upstream's deployment status
   * strategy resets only spec and labels, so the controller's revision annotations ride along).
   */
  statusFields?: string[];
  /** Whether `metadata.generation` is kept (1 on create, +1 when the spec changes). */
  generation?: boolean;
  /** Whether an update must name the resourceVersion it changes (upstream's AllowUnconditionalUpdate false). */
  conditionalUpdatesOnly?: boolean;
  /** Whether a PUT of a missing object creates it. */
  allowCreateOnUpdate?: boolean;
  /**
   * Fills upstream's defaults (runs on every decoded body, like upstream's defaulting on decode).
   * `version` is the API version the request was made in (custom resources default by its schema).
   */
  defaults?(obj: KObject, version?: string): void;
  /** Clears what a create may not set (status, for most kinds with a status subresource). */
  prepareForCreate?(obj: KObject): void;
  /** Keeps what an update may not change. */
  prepareForUpdate?(obj: KObject, old: KObject): void;
  /** Fills in what a status write may leave out (upstream's status strategies' PrepareForUpdate). */
  prepareForStatusUpdate?(obj: KObject, old: KObject): void;
  /** Validation of a create; `version` as for {@link defaults}. */
  validate?(obj: KObject, version?: string): FieldError[];
  /** Validation of an update; `subresource` is 'status' for status writes. */
  validateUpdate?(obj: KObject, old: KObject, subresource: string, version?: string): FieldError[];
  /** Warnings to send back (Warning headers). */
  warnings?(obj: KObject, old?: KObject): string[];
  /** Selectable fields beyond metadata.name and metadata.namespace. */
  fields?(obj: KObject): Record<string, string>;
  /** The grace period to wait before deleting, or 0/undefined to delete at once. */
  gracePeriod?(obj: KObject, requested: number | undefined): number | undefined;
  /** A TTL in seconds for stored objects (events). */
  ttlSeconds?(obj: KObject): number | undefined;
  /** Finalizers that hold a deleted object (default metadata.finalizers; namespaces add spec.finalizers). */
  finalizers?(obj: KObject): string[];
  /** Marks an object whose deletion is pending (namespaces turn Terminating). */
  markDeleting?(obj: KObject): void;
  /** Part of the object whose change bumps generation (default: everything but metadata and status). */
  spec?(obj: KObject): unknown;
}
