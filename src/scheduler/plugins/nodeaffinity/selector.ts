/**
 * Parsed node selector terms for NodeAffinity, after upstream's component-helpers `nodeaffinity`
 * package: terms are checked as upstream parses them (label requirements as `labels.NewRequirement`
 * does, `matchFields` as one-value In/NotIn), empty terms select nothing, and matching itself is
 * the shared helper's.
 */
import type { Node, NodeSelector, NodeSelectorTerm, Pod, PreferredSchedulingTerm } from 'kubernetes-types/core/v1.js';
import { fieldErrors, printed, type FieldError } from '../../../machinery/field-errors.js';
import { requirementErrors } from '../../../machinery/label-requirement.js';
import { goStringSlice } from '../../../machinery/validation/messages.js';
import { nodeSelectorTermMatches } from '../../../api/scheduling/node-selector.js';

/** NodeSelectorOperator → the label selector operator upstream converts it to. */
const LABEL_OPERATORS: Readonly<Record<string, string>> = {
  In: 'in',
  NotIn: 'notin',
  Exists: 'exists',
  DoesNotExist: '!',
  Gt: 'gt',
  Lt: 'lt',
};
const FIELD_OPERATORS = ['In', 'NotIn'];

/** `path[i]`, as upstream's `field.Path.Index` prints it (a nil path prints as just `[i]`). */
export const pathIndex = (path: string, i: number) => `${path}[${i}]`;
const pathChild = (path: string, name: string) => (path ? `${path}.${name}` : name);

function isEmptyTerm(term: NodeSelectorTerm): boolean {
  return !term.matchExpressions?.length && !term.matchFields?.length;
}

/** The errors upstream's parser reports for one term at `path` (none means the term is usable). */
export function termErrors(term: NodeSelectorTerm, path: string): FieldError[] {
  const errs: FieldError[] = [];
  (term.matchExpressions ?? []).forEach((r, i) => {
    const p = pathIndex(pathChild(path, 'matchExpressions'), i);
    const op = LABEL_OPERATORS[r.operator];
    if (op === undefined) {
      errs.push(fieldErrors.notSupported(`${p}.operator`, r.operator, Object.keys(LABEL_OPERATORS)));
    } else {
      errs.push(...requirementErrors(r.key, op, r.values ?? [], p));
    }
  });
  (term.matchFields ?? []).forEach((r, i) => {
    const p = pathIndex(pathChild(path, 'matchFields'), i);
    if (!FIELD_OPERATORS.includes(r.operator)) {
      errs.push(fieldErrors.notSupported(`${p}.operator`, r.operator, FIELD_OPERATORS));
    } else if ((r.values ?? []).length !== 1) {
      errs.push(fieldErrors.invalid(`${p}.values`, printed(goStringSlice(r.values ?? [])), 'must have one element'));
    }
  });
  return errs;
}

/**
 * The usable terms of `ns`, dropping empty terms and, like upstream's `LazyErrorNodeSelector`,
 * terms that fail to parse (such a term matches no node). Used for pods' required affinity.
 */
export function lazyTerms(ns: NodeSelector): NodeSelectorTerm[] {
  return (ns.nodeSelectorTerms ?? []).filter((t) => !isEmptyTerm(t) && termErrors(t, '').length === 0);
}

/**
 * Upstream's strict `NewNodeSelector`: the non-empty terms, or every parse error (under
 * `path.nodeSelectorTerms[i]`). Used for the scheduler-enforced `addedAffinity`.
 */
export function strictTerms(ns: NodeSelector, path: string): { terms: NodeSelectorTerm[]; errors: FieldError[] } {
  const terms: NodeSelectorTerm[] = [];
  const errors: FieldError[] = [];
  (ns.nodeSelectorTerms ?? []).forEach((t, i) => {
    if (isEmptyTerm(t)) return;
    const errs = termErrors(t, pathIndex(pathChild(path, 'nodeSelectorTerms'), i));
    if (errs.length) errors.push(...errs);
    else terms.push(t);
  });
  return { terms, errors };
}

/** Whether any of `terms` matches `node` (no terms: no node). */
export function termsMatch(terms: readonly NodeSelectorTerm[], node: Node): boolean {
  return terms.some((t) => nodeSelectorTermMatches(t, node));
}

/**
 * A pod's `nodeSelector` and required node affinity, as upstream's `RequiredNodeAffinity`: both
 * must hold; the affinity's unparsable terms are ignored, as upstream's Filter ignores them.
 */
export class RequiredNodeAffinity {
  private readonly labels: Readonly<Record<string, string>> | undefined;
  private readonly terms: NodeSelectorTerm[] | undefined;

  constructor(pod: Pod) {
    const sel = pod.spec?.nodeSelector;
    this.labels = sel && Object.keys(sel).length > 0 ? sel : undefined;
    const required = pod.spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution;
    this.terms = required ? lazyTerms(required) : undefined;
  }

  matches(node: Node): boolean {
    if (this.labels) {
      const have = node.metadata?.labels ?? {};
      for (const k in this.labels) if (!Object.hasOwn(have, k) || have[k] !== this.labels[k]) return false;
    }
    return this.terms === undefined || termsMatch(this.terms, node);
  }
}

/** Weighted preferred terms, as upstream's `PreferredSchedulingTerms`. */
export class PreferredSchedulingTerms {
  private constructor(private readonly terms: { weight: number; term: NodeSelectorTerm }[]) {}

  /**
   * Parses `terms` (path `path[i]…`), skipping zero weights and empty terms; every parse error
   * comes back instead of a value, as upstream fails the whole list.
   */
  static parse(
    terms: readonly PreferredSchedulingTerm[],
    path = '',
  ): { value: PreferredSchedulingTerms; errors?: undefined } | { value?: undefined; errors: FieldError[] } {
    const parsed: { weight: number; term: NodeSelectorTerm }[] = [];
    const errors: FieldError[] = [];
    terms.forEach((t, i) => {
      if (!t.weight || isEmptyTerm(t.preference)) return;
      const errs = termErrors(t.preference, pathIndex(path, i));
      if (errs.length) errors.push(...errs);
      else parsed.push({ weight: t.weight, term: t.preference });
    });
    return errors.length ? { errors } : { value: new PreferredSchedulingTerms(parsed) };
  }

  /** The sum of the weights of the terms `node` matches. */
  score(node: Node): number {
    let sum = 0;
    for (const { weight, term } of this.terms) if (nodeSelectorTermMatches(term, node)) sum += weight;
    return sum;
  }
}
