/**
 * kube-apiserver's `--encryption-provider-config`: parse, validate and compile an
 * `EncryptionConfiguration`, then pick the transformer a resource's values go through. Error
 * wording follows upstream's `LoadEncryptionConfig`.
 */
import { buildOverrides } from './build.js';
import { decodeEncryptionConfiguration } from './decode.js';
import { toAggregate, type FieldError } from './errors.js';
import { groupResourceKey } from './group-resource.js';
import { identityTransformer } from './identity.js';
import type { EncryptionConfiguration, Transformer } from './types.js';
import { validateEncryptionConfiguration } from './validation.js';

/** A configuration that failed to load; `fieldErrors` lists validation failures, if that was why. */
export class EncryptionConfigError extends Error {
  constructor(
    message: string,
    readonly fieldErrors: readonly FieldError[] = [],
  ) {
    super(message);
    this.name = 'EncryptionConfigError';
  }
}

/** A loaded configuration: the decoded document and the transformers compiled from it. */
export interface EncryptionConfig {
  readonly configuration: EncryptionConfiguration;
  /** Transformers by configured group-resource (see `groupResourceKey`), wildcards included. */
  readonly overrides: ReadonlyMap<string, Transformer>;
}

/**
 * Parses `text` (YAML or JSON) as an `apiserver.config.k8s.io/v1` `EncryptionConfiguration`,
 * validates it as upstream does, and builds every key's cipher. `source` names the file in
 * messages. Throws {@link EncryptionConfigError} on any problem.
 */
export function parseEncryptionConfig(text: string, source = '<inline>'): EncryptionConfig {
  const fail = (msg: string, fieldErrors?: readonly FieldError[]): never => {
    throw new EncryptionConfigError(msg, fieldErrors);
  };
  if (text.length === 0) {
    fail(
      `error while parsing file: error while loading file: encryption provider configuration file ${JSON.stringify(source)} is empty`,
    );
  }
  let configuration!: EncryptionConfiguration;
  try {
    configuration = decodeEncryptionConfiguration(text);
  } catch (err) {
    fail(
      `error while parsing file: error decoding encryption provider configuration file ${JSON.stringify(source)}: ${(err as Error).message}`,
    );
  }
  const fieldErrors = validateEncryptionConfiguration(configuration);
  const aggregate = toAggregate(fieldErrors);
  if (aggregate) fail(`error while parsing file: ${aggregate.message}`, fieldErrors);
  let overrides!: Map<string, Transformer>;
  try {
    overrides = buildOverrides(configuration);
  } catch (err) {
    fail(`error while building transformers: ${(err as Error).message}`);
  }
  return { configuration, overrides };
}

/**
 * The transformer for a resource's values, as upstream's `transformerFromOverrides`: the rule
 * naming `resource.group` exactly, else `*.group` (`*.` for core), else `*.*`, else identity
 * (plaintext, refusing to read encrypted values). Since a rule masked by an earlier wildcard is
 * refused at load, this is also the first matching rule in file order.
 */
export function transformerFor(config: EncryptionConfig, group: string, resource: string): Transformer {
  const candidates = [
    { group, resource },
    { group, resource: '*' },
    { group: '*', resource: '*' },
  ];
  for (const gr of candidates) {
    const transformer = config.overrides.get(groupResourceKey(gr));
    if (transformer) return transformer;
  }
  return identityTransformer;
}
