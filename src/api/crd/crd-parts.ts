/**
 * The smaller parts of CRD validation, in upstream's words: names (DNS-1035 labels, kinds in mixed
 * case), printer columns, the scale subresource's JSON paths, conversion and its webhook, selectable
 * fields, deprecation warnings.
 */
import { type FieldError, fieldErrors } from '../../machinery/field-errors.js';
import { isDNS1035Label, isDNS1123Subdomain } from '../../machinery/validation/names.js';
import { isValidPortNum } from '../../machinery/validation/values.js';
import { validFieldPath } from '../../machinery/cel/index.js';
import { goBytes, goStrings } from './go-values.js';
import { child, index } from './paths.js';
import type {
  CustomResourceColumnDefinition,
  CustomResourceDefinitionNames,
  CustomResourceSubresources,
  JSONSchemaProps,
  SelectableField,
  WebhookClientConfig,
} from './types.js';

/** Upstream's `ValidateCustomResourceDefinitionNames` (spec.names and status.acceptedNames). */
export function validateNames(names: Partial<CustomResourceDefinitionNames> | undefined, path: string): FieldError[] {
  const n = names ?? {};
  const errs: FieldError[] = [];
  for (const f of ['plural', 'singular'] as const) {
    const v = n[f] ?? '';
    const msgs = isDNS1035Label(v);
    if (v && msgs.length) errs.push(fieldErrors.invalid(child(path, f), v, msgs.join(',')));
  }
  for (const f of ['kind', 'listKind'] as const) {
    const v = n[f] ?? '';
    const msgs = isDNS1035Label(v.toLowerCase());
    if (v && msgs.length) {
      errs.push(
        fieldErrors.invalid(child(path, f), v, `may have mixed case, but should otherwise match: ${msgs.join(',')}`),
      );
    }
  }
  (n.shortNames ?? []).forEach((s, i) => {
    const msgs = isDNS1035Label(s);
    if (msgs.length) errs.push(fieldErrors.invalid(index(child(path, 'shortNames'), i), s, msgs.join(',')));
  });
  if (n.kind && n.kind === n.listKind) {
    errs.push(fieldErrors.invalid(child(path, 'listKind'), n.listKind, 'kind and listKind may not be the same'));
  }
  (n.categories ?? []).forEach((c, i) => {
    const msgs = isDNS1035Label(c);
    if (msgs.length) errs.push(fieldErrors.invalid(index(child(path, 'categories'), i), c, msgs.join(',')));
  });
  return errs;
}

const COLUMN_TYPES = ['boolean', 'date', 'integer', 'number', 'string'];
const COLUMN_FORMATS = ['byte', 'date', 'date-time', 'double', 'float', 'int32', 'int64', 'password'];

function simpleJSONPathErrors(s: string, path: string): FieldError[] {
  if (s.length === 0) return [fieldErrors.invalid(path, s, 'must not be empty')];
  if (s[0] !== '.') return [fieldErrors.invalid(path, s, 'must be a simple json path starting with .')];
  return [];
}

/** Upstream's `ValidateCustomResourceColumnDefinition`; its JSONPath field is named `JSONPath` in paths. */
export function validateColumn(col: CustomResourceColumnDefinition, path: string): FieldError[] {
  const errs: FieldError[] = [];
  if (!col.name) errs.push(fieldErrors.required(child(path, 'name')));
  const typesMsg = `must be one of ${COLUMN_TYPES.join(',')}`;
  if (!col.type) errs.push(fieldErrors.required(child(path, 'type'), typesMsg));
  else if (!COLUMN_TYPES.includes(col.type)) errs.push(fieldErrors.invalid(child(path, 'type'), col.type, typesMsg));
  if (col.format && !COLUMN_FORMATS.includes(col.format)) {
    errs.push(fieldErrors.invalid(child(path, 'format'), col.format, `must be one of ${COLUMN_FORMATS.join(',')}`));
  }
  if (!col.jsonPath) errs.push(fieldErrors.required(child(path, 'JSONPath')));
  else errs.push(...simpleJSONPathErrors(col.jsonPath, child(path, 'JSONPath')));
  return errs;
}

/** Upstream's `ValidateCustomResourceDefinitionSubresources`: the scale paths. */
export function validateSubresources(sub: CustomResourceSubresources | undefined, path: string): FieldError[] {
  const scale = sub?.scale;
  if (!scale) return [];
  const errs: FieldError[] = [];
  const under = (p: string | undefined, name: string, prefixes: string[], msg: string) => {
    const at = `${path}.scale.${name}`;
    if (!p) {
      if (name !== 'labelSelectorPath') errs.push(fieldErrors.required(at));
      return;
    }
    const syntax = simpleJSONPathErrors(p, at);
    if (syntax.length) errs.push(...syntax);
    else if (!prefixes.some((x) => p.startsWith(x))) errs.push(fieldErrors.invalid(at, p, msg));
  };
  under(scale.specReplicasPath, 'specReplicasPath', ['.spec.'], 'should be a json path under .spec');
  under(scale.statusReplicasPath, 'statusReplicasPath', ['.status.'], 'should be a json path under .status');
  under(
    scale.labelSelectorPath,
    'labelSelectorPath',
    ['.spec.', '.status.'],
    'should be a json path under either .spec or .status',
  );
  return errs;
}

/** Upstream's `validateDeprecationWarning`. */
export function deprecationWarningErrors(deprecated: boolean, warning: string | undefined): string[] {
  if (!deprecated && warning !== undefined) return ['can only be set for deprecated versions'];
  if (warning === undefined) return [];
  const errs: string[] = [];
  if (Buffer.byteLength(warning) > 256) errs.push('must be <= 256 characters long');
  if (warning.length === 0) errs.push('must not be an empty string');
  let byteIndex = 0;
  for (const ch of warning) {
    if (/[\p{Cc}]/u.test(ch)) {
      errs.push(`must only contain printable UTF-8 characters; non-printable character found at index ${byteIndex}`);
      break;
    }
    byteIndex += Buffer.byteLength(ch);
  }
  return errs;
}

/** Upstream's `ValidateCustomResourceSelectableFields`. */
export function validateSelectableFields(
  fields: readonly SelectableField[],
  schema: JSONSchemaProps,
  path: string,
): FieldError[] {
  const errs: FieldError[] = [];
  const unique = new Set<string>();
  fields.forEach((f, i) => {
    const at = child(index(path, i), 'jsonPath');
    if (!f.jsonPath) {
      errs.push(fieldErrors.required(at));
      return;
    }
    const r = validFieldPath(f.jsonPath, schema, false);
    if ('error' in r) {
      errs.push(fieldErrors.invalid(at, f.jsonPath, `is an invalid path: ${r.error}`));
      return;
    }
    if (r.path.split(/[.[]/)[0] === 'metadata')
      errs.push(fieldErrors.invalid(at, f.jsonPath, 'must not point to fields in metadata'));
    if (!r.schema || !['string', 'boolean', 'integer'].includes(r.schema.type ?? '')) {
      errs.push(
        fieldErrors.invalid(
          at,
          f.jsonPath,
          'must point to a field of type string, boolean or integer. Enum string fields and strings with formats are allowed.',
        ),
      );
    }
    if (unique.has(r.path)) errs.push(fieldErrors.duplicate(at, f.jsonPath));
    else unique.add(r.path);
  });
  if (unique.size > 8) errs.push(fieldErrors.tooMany(path, unique.size, 8));
  return errs;
}

/** The parts of a URL as Go's `url.Parse` splits them, or its error. */
function parseGoURL(
  raw: string,
): { scheme: string; host: string; user: string; fragment: string; query: string } | string {
  let rest = raw;
  let fragment = '';
  const hash = rest.indexOf('#');
  if (hash >= 0) [rest, fragment] = [rest.slice(0, hash), rest.slice(hash + 1)];
  if (rest.startsWith(':')) return `parse ${JSON.stringify(raw)}: missing protocol scheme`;
  const m = /^([a-zA-Z][a-zA-Z0-9+.-]*):/.exec(rest);
  const scheme = m ? m[1].toLowerCase() : '';
  if (m) rest = rest.slice(m[0].length);
  let query = '';
  const q = rest.indexOf('?');
  if (q >= 0) [rest, query] = [rest.slice(0, q), rest.slice(q + 1)];
  let host = '';
  let user = '';
  if (rest.startsWith('//')) {
    const authority = rest.slice(2).split('/')[0];
    const at = authority.lastIndexOf('@');
    [user, host] = at >= 0 ? [authority.slice(0, at), authority.slice(at + 1)] : ['', authority];
  }
  return { scheme, host, user, fragment, query };
}

/** Upstream's `webhook.ValidateWebhookURL` (https only). */
function webhookURLErrors(raw: string, path: string): FieldError[] {
  const form = '; desired format: https://host[/path]';
  const u = parseGoURL(raw);
  if (typeof u === 'string') return [fieldErrors.required(path, `url must be a valid URL: ${u}${form}`)];
  const errs: FieldError[] = [];
  if (u.scheme !== 'https')
    errs.push(fieldErrors.invalid(path, u.scheme, `'https' is the only allowed URL scheme${form}`));
  if (!u.host) errs.push(fieldErrors.invalid(path, u.host, `host must be specified${form}`));
  if (u.user) errs.push(fieldErrors.invalid(path, u.user, 'user information is not permitted in the URL'));
  if (u.fragment) errs.push(fieldErrors.invalid(path, u.fragment, 'fragments are not permitted in the URL'));
  if (u.query) errs.push(fieldErrors.invalid(path, u.query, 'query parameters are not permitted in the URL'));
  return errs;
}

/** Upstream's `webhook.ValidateWebhookService`. */
function webhookServiceErrors(svc: NonNullable<WebhookClientConfig['service']>, path: string): FieldError[] {
  const errs: FieldError[] = [];
  if (!svc.name) errs.push(fieldErrors.required(child(path, 'name'), 'service name is required'));
  if (!svc.namespace) errs.push(fieldErrors.required(child(path, 'namespace'), 'service namespace is required'));
  const port = svc.port ?? 443;
  const portErrs = isValidPortNum(port);
  if (portErrs.length)
    errs.push(fieldErrors.invalid(child(path, 'port'), port, `port is not valid: ${portErrs.join(', ')}`));
  const p = svc.path;
  if (p === undefined || p === '/' || p === '') return errs;
  const at = child(path, 'path');
  if (p === '//') return [...errs, fieldErrors.invalid(at, p, 'segment[0] may not be empty')];
  if (!p.startsWith('/')) errs.push(fieldErrors.invalid(at, p, "must start with a '/'"));
  let rest = p.slice(1);
  if (rest.endsWith('/')) rest = rest.slice(0, -1);
  rest.split('/').forEach((step, i) => {
    if (!step) errs.push(fieldErrors.invalid(at, p, `segment[${i}] may not be empty`));
    else for (const m of isDNS1123Subdomain(step)) errs.push(fieldErrors.invalid(at, p, `segment[${i}]: ${m}`));
  });
  return errs;
}

/** Upstream's `webhook.ValidateCABundle`: PEM certificates. */
function caBundleErrors(caBundle: string, path: string): FieldError[] {
  const bytes = Buffer.from(caBundle, 'base64');
  return /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/.test(bytes.toString('latin1'))
    ? []
    : [fieldErrors.invalid(path, goBytes(bytes), 'data does not contain any valid RSA or ECDSA certificates')];
}

/** The internal (v1beta1-shaped) conversion: strategy, webhookClientConfig, conversionReviewVersions. */
export interface InternalConversion {
  strategy?: string;
  webhookClientConfig?: WebhookClientConfig;
  conversionReviewVersions?: string[];
}

const ACCEPTED_REVIEW_VERSIONS = ['v1', 'v1beta1'];

/** Upstream's `validateCustomResourceConversion` at path (`spec.conversion`). */
export function validateConversion(
  c: InternalConversion | undefined,
  requireRecognizedVersion: boolean,
  allowInvalidCABundle: boolean,
  path: string,
): FieldError[] {
  if (!c) return [];
  const errs: FieldError[] = [];
  const strategies = ['None', 'Webhook'];
  if (!c.strategy) errs.push(fieldErrors.required(child(path, 'strategy')));
  else if (!strategies.includes(c.strategy))
    errs.push(fieldErrors.notSupported(child(path, 'strategy'), c.strategy, strategies));
  const cc = c.webhookClientConfig;
  const ccPath = child(path, 'webhookClientConfig');
  const versionsPath = child(path, 'conversionReviewVersions');
  if (c.strategy === 'Webhook') {
    if (!cc) errs.push(fieldErrors.required(ccPath, 'required when strategy is set to Webhook'));
    else {
      if ((cc.url === undefined) === (cc.service === undefined)) {
        errs.push(fieldErrors.required(ccPath, 'exactly one of url or service is required'));
      } else if (cc.url !== undefined) errs.push(...webhookURLErrors(cc.url, child(ccPath, 'url')));
      else if (cc.service) errs.push(...webhookServiceErrors(cc.service, child(ccPath, 'service')));
      if (cc.caBundle && !allowInvalidCABundle) errs.push(...caBundleErrors(cc.caBundle, child(ccPath, 'caBundle')));
    }
    const versions = c.conversionReviewVersions ?? [];
    if (versions.length === 0) errs.push(fieldErrors.required(versionsPath));
    else {
      const seen = new Set<string>();
      versions.forEach((v, i) => {
        if (seen.has(v)) {
          errs.push(fieldErrors.invalid(index(versionsPath, i), v, 'duplicate version'));
          return;
        }
        seen.add(v);
        for (const m of isDNS1035Label(v)) errs.push(fieldErrors.invalid(index(versionsPath, i), v, m));
      });
      if (requireRecognizedVersion && !versions.some((v) => ACCEPTED_REVIEW_VERSIONS.includes(v))) {
        errs.push(
          fieldErrors.invalid(
            versionsPath,
            goStrings(versions),
            `must include at least one of ${ACCEPTED_REVIEW_VERSIONS.join(', ')}`,
          ),
        );
      }
    }
  } else {
    if (cc) errs.push(fieldErrors.forbidden(ccPath, 'should not be set when strategy is not set to Webhook'));
    if (c.conversionReviewVersions?.length) {
      errs.push(fieldErrors.forbidden(versionsPath, 'should not be set when strategy is not set to Webhook'));
    }
  }
  return errs;
}

/** Whether a stored CRD's review versions include a recognized one (or none are given). */
export const hasValidConversionReviewVersionOrEmpty = (versions: readonly string[] | undefined): boolean =>
  !versions?.length || versions.some((v) => ACCEPTED_REVIEW_VERSIONS.includes(v));

/** Whether a stored CRD's webhook CA bundle is itself invalid (then an invalid one may be kept). */
export const caBundleInvalid = (caBundle: string | undefined): boolean =>
  !!caBundle && caBundleErrors(caBundle, '').length > 0;
