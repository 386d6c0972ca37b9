/**
 * `Status`: what a scheduler plugin answers, after upstream's `framework.Status`. `undefined` means
 * Success, as Go's nil status does, so the common path allocates nothing.
 */

/** Upstream's status codes, in upstream's order. */
export enum Code {
  Success = 0,
  Error = 1,
  /** The pod does not fit this node now; preemption might help. */
  Unschedulable = 2,
  /** The pod does not fit this node, and preempting pods there will not change that. */
  UnschedulableAndUnresolvable = 3,
  /** A Permit plugin asks the pod to wait. */
  Wait = 4,
  /** The plugin has nothing to do for this pod (PreFilter, PreScore, Bind). */
  Skip = 5,
  /** The pod waits on something outside the scheduler (PreEnqueue, or a later cycle). */
  Pending = 6,
}

/** A plugin's non-success answer: a code, the reasons users read, the plugin that said it. */
export class Status {
  plugin = '';
  constructor(
    readonly code: Code,
    readonly reasons: readonly string[] = [],
  ) {}

  /** `Unschedulable` with reasons such as `Insufficient cpu`. */
  static unschedulable(...reasons: string[]): Status {
    return new Status(Code.Unschedulable, reasons);
  }

  /** `UnschedulableAndUnresolvable`: preemption cannot help on this node. */
  static unresolvable(...reasons: string[]): Status {
    return new Status(Code.UnschedulableAndUnresolvable, reasons);
  }

  static error(message: string): Status {
    return new Status(Code.Error, [message]);
  }

  static skip(): Status {
    return new Status(Code.Skip);
  }

  /** Names the plugin that answered; returns this. */
  withPlugin(name: string): this {
    this.plugin = name;
    return this;
  }

  /** The reasons joined as upstream's `Status.Message()`. */
  message(): string {
    return this.reasons.join(', ');
  }

  isUnschedulable(): boolean {
    return this.code === Code.Unschedulable || this.code === Code.UnschedulableAndUnresolvable;
  }
}

/** True for `undefined` (Success) and for a Status with code Success. */
export function isSuccess(s: Status | undefined): boolean {
  return s === undefined || s.code === Code.Success;
}

/** True for a Skip status. */
export function isSkip(s: Status | undefined): boolean {
  return s !== undefined && s.code === Code.Skip;
}
