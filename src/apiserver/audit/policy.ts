/**
 * `--audit-policy-file`: reading an audit.k8s.io/v1 Policy and validating it with upstream's
 * messages (`policy/reader.go`, `apis/audit/validation/validation.go`).
 */
import { aggregate, fieldErrors, printed, type FieldError } from '../../machinery/field-errors.js';
import { goStringSlice } from '../../machinery/validation/messages.js';
import { isDNS1123Subdomain } from '../../machinery/validation/names.js';
import { decodePolicy, PolicyLoadError } from './policy-decode.js';
import { LEVELS, STAGES, type GroupResources, type Policy, type PolicyRule } from './types.js';

export { PolicyLoadError };

/** Options of `parsePolicy`. */
export interface ParsePolicyOptions {
  /**
   * Told about what upstream only warns of: unknown fields (it falls back to lenient decoding).
   * The message is upstream's klog warning.
   */
  warn?: (message: string) => void;
}

/**
 * Reads a Policy from YAML or JSON text. Throws `PolicyLoadError` with upstream's message when the
 * document cannot be decoded, is not audit.k8s.io/v1 Policy, fails validation (all field errors,
 * aggregated as `[a, b]`), or has no rules (`loaded illegal policy with 0 rules`).
 */
export function parsePolicy(text: string, opts: ParsePolicyOptions = {}): Policy {
  const { body, strictError } = decodePolicy(text);
  if (strictError) opts.warn?.(`Audit policy contains errors, falling back to lenient decoding: ${strictError}`);
  const policy = toPolicy(body);
  const errs = validatePolicy(policy);
  if (errs.length > 0) throw new PolicyLoadError(aggregate(errs));
  if (policy.rules.length === 0) throw new PolicyLoadError('loaded illegal policy with 0 rules');
  return policy;
}

/** The decoded body as a Policy (level left as written: validation refuses the unknown ones). */
function toPolicy(body: Record<string, unknown>): Policy {
  const rules = ((body.rules as Record<string, unknown>[] | undefined) ?? []).map(
    (r) => ({ ...r, level: (r.level as string | undefined) ?? '' }) as unknown as PolicyRule,
  );
  const policy: Policy = { rules };
  if (body.omitStages) policy.omitStages = body.omitStages as Policy['omitStages'];
  if (body.omitManagedFields !== undefined) policy.omitManagedFields = body.omitManagedFields as boolean;
  return policy;
}

/** Upstream's `ValidatePolicy`: the policy's omitStages, then each rule's fields. */
export function validatePolicy(policy: Policy): FieldError[] {
  const errs: FieldError[] = [];
  errs.push(...validateOmitStages(policy.omitStages, 'omitStages'));
  policy.rules.forEach((rule, i) => errs.push(...validateRule(rule, `rules[${i}]`)));
  return errs;
}

function validateRule(rule: PolicyRule, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const level = rule.level as string;
  if (level === '' || level === undefined) errs.push(fieldErrors.required(`${path}.level`));
  else if (!(LEVELS as readonly string[]).includes(level))
    errs.push(fieldErrors.notSupported(`${path}.level`, level, LEVELS));
  errs.push(...validateNonResourceURLs(rule.nonResourceURLs ?? [], `${path}.nonResourceURLs`));
  errs.push(...validateResources(rule.resources ?? [], `${path}.resources`));
  errs.push(...validateOmitStages(rule.omitStages, `${path}.omitStages`));
  const urls = rule.nonResourceURLs ?? [];
  if (urls.length > 0 && ((rule.resources?.length ?? 0) > 0 || (rule.namespaces?.length ?? 0) > 0)) {
    errs.push(
      fieldErrors.invalid(
        `${path}.nonResourceURLs`,
        printed(goStringSlice(urls)),
        'rules cannot apply to both regular resources and non-resource URLs',
      ),
    );
  }
  return errs;
}

function validateNonResourceURLs(urls: readonly string[], path: string): FieldError[] {
  const errs: FieldError[] = [];
  urls.forEach((url, i) => {
    if (url === '*') return;
    if (!url.startsWith('/')) {
      errs.push(fieldErrors.invalid(`${path}[${i}]`, url, "non-resource URL rules must begin with a '/' character"));
    }
    if (url !== '' && url.slice(0, -1).includes('*')) {
      errs.push(
        fieldErrors.invalid(
          `${path}[${i}]`,
          url,
          "non-resource URL wildcards '*' must be the final character of the rule",
        ),
      );
    }
  });
  return errs;
}

/** Groups must be DNS subdomains (`rbac.authorization.k8s.io/v1` is refused); names need resources. */
function validateResources(groups: readonly GroupResources[], path: string): FieldError[] {
  const errs: FieldError[] = [];
  for (const gr of groups) {
    const group = gr.group ?? '';
    if (group !== '') {
      const msgs = isDNS1123Subdomain(group);
      if (msgs.length > 0) errs.push(fieldErrors.invalid(`${path}.group`, group, msgs.join(',')));
    }
    if ((gr.resourceNames?.length ?? 0) > 0 && (gr.resources?.length ?? 0) === 0) {
      errs.push(
        fieldErrors.invalid(
          `${path}.resourceNames`,
          printed(goStringSlice(gr.resourceNames ?? [])),
          'using resourceNames requires at least one resource',
        ),
      );
    }
  }
  return errs;
}

function validateOmitStages(stages: readonly string[] | undefined, path: string): FieldError[] {
  const errs: FieldError[] = [];
  (stages ?? []).forEach((stage, i) => {
    if (!(STAGES as readonly string[]).includes(stage)) {
      errs.push(fieldErrors.invalid(`${path}[${i}]`, stage, `allowed stages are ${STAGES.join(',')}`));
    }
  });
  return errs;
}
