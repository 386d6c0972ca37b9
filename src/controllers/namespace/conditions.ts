/**
 * The conditions a terminating namespace shows (upstream's deletion/status_condition_utils.go):
 * each of the five types is True with a reason and message while its trouble lasts, else False
 * with its "all is well" reason; only a change of status moves lastTransitionTime.
 */
import type { NamespaceCondition, NamespaceStatus } from 'kubernetes-types/core/v1.js';

/** The condition types the namespace deleter owns, in upstream's order. */
export const NAMESPACE_CONDITION_TYPES = [
  'NamespaceDeletionDiscoveryFailure',
  'NamespaceDeletionGroupVersionParsingFailure',
  'NamespaceDeletionContentFailure',
  'NamespaceContentRemaining',
  'NamespaceFinalizersRemaining',
] as const;

export type NamespaceConditionType = (typeof NAMESPACE_CONDITION_TYPES)[number];

const OK: Record<NamespaceConditionType, { reason: string; message: string }> = {
  NamespaceDeletionDiscoveryFailure: {
    reason: 'ResourcesDiscovered',
    message: 'All resources successfully discovered',
  },
  NamespaceDeletionGroupVersionParsingFailure: {
    reason: 'ParsedGroupVersions',
    message: 'All legacy kube types successfully parsed',
  },
  NamespaceDeletionContentFailure: {
    reason: 'ContentDeleted',
    message: 'All content successfully deleted, may be waiting on finalization',
  },
  NamespaceContentRemaining: { reason: 'ContentRemoved', message: 'All content successfully removed' },
  NamespaceFinalizersRemaining: {
    reason: 'ContentHasNoFinalizers',
    message: 'All content-preserving finalizers finished',
  },
};

/** What is left in a namespace: instances by resource (`pods.`, `crontabs.stable.example.com`) and by finalizer. */
export interface ContentTotals {
  /** `resource.group` → instances remaining. */
  remainingByResource: Map<string, number>;
  /** finalizer → instances remaining that carry it. */
  remainingByFinalizer: Map<string, number>;
}

/** Collects what went wrong during one pass, then writes the conditions (upstream's namespaceConditionUpdater). */
export class NamespaceConditionUpdater {
  private readonly newConditions: NamespaceCondition[] = [];
  private readonly deleteContentErrors: string[] = [];

  /** `now`: wall time in ms, for lastTransitionTime. */
  constructor(private readonly now: () => number) {}

  private time(): string {
    return new Date(this.now()).toISOString().replace(/\.\d+Z$/, 'Z');
  }

  private add(type: NamespaceConditionType, reason: string, message: string): void {
    this.newConditions.push({ type, status: 'True', lastTransitionTime: this.time(), reason, message });
  }

  /** Discovery failed, wholly or for some group versions (`groupsFailing` of them). */
  processDiscoverResourcesErr(message: string, groupsFailing?: number): void {
    this.add(
      'NamespaceDeletionDiscoveryFailure',
      'DiscoveryFailed',
      groupsFailing === undefined ? message : `Discovery failed for some groups, ${groupsFailing} failing: ${message}`,
    );
  }

  /** A group version of discovery could not be parsed. */
  processGroupVersionErr(message: string): void {
    this.add('NamespaceDeletionGroupVersionParsingFailure', 'GroupVersionParsingFailed', message);
  }

  /** Deleting the content of one resource failed. */
  processDeleteContentErr(message: string): void {
    this.deleteContentErrors.push(message);
  }

  /** What remains: the NamespaceContentRemaining and NamespaceFinalizersRemaining conditions. */
  processContentTotals(totals: ContentTotals): void {
    if (totals.remainingByResource.size) {
      const items = [...totals.remainingByResource]
        .filter(([, n]) => n > 0)
        .map(([gr, n]) => `${gr} has ${n} resource instances`)
        .sort();
      this.add('NamespaceContentRemaining', 'SomeResourcesRemain', `Some resources are remaining: ${items.join(', ')}`);
    }
    if (totals.remainingByFinalizer.size) {
      const items = [...totals.remainingByFinalizer]
        .filter(([, n]) => n > 0)
        .map(([f, n]) => `${f} in ${n} resource instances`)
        .sort();
      this.add(
        'NamespaceFinalizersRemaining',
        'SomeFinalizersRemain',
        `Some content in the namespace has finalizers remaining: ${items.join(', ')}`,
      );
    }
  }

  /** Writes the conditions into `status`; true when anything changed. */
  update(status: NamespaceStatus): boolean {
    if (
      !this.newConditions.some((c) => c.type === 'NamespaceDeletionContentFailure') &&
      this.deleteContentErrors.length
    ) {
      const msgs = [...this.deleteContentErrors].sort();
      this.add(
        'NamespaceDeletionContentFailure',
        'ContentDeletionFailed',
        `Failed to delete all resource types, ${msgs.length} remaining: ${msgs.join(', ')}`,
      );
    }
    let changed = false;
    const conditions = (status.conditions ??= []);
    for (const type of NAMESPACE_CONDITION_TYPES) {
      const next = this.newConditions.find((c) => c.type === type) ?? {
        type,
        status: 'False',
        lastTransitionTime: this.time(),
        ...OK[type],
      };
      const old = conditions.find((c) => c.type === type);
      if (!old) {
        conditions.push(next);
        changed = true;
      } else if (old.status !== next.status || old.reason !== next.reason || old.message !== next.message) {
        if (old.status !== next.status) old.lastTransitionTime = this.time();
        old.status = next.status;
        old.reason = next.reason;
        old.message = next.message;
        changed = true;
      }
    }
    return changed;
  }
}
