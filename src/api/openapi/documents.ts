/**
 * The OpenAPI documents the apiserver serves, built from the resource registry and the generated
 * definitions, cached and pre-serialized:
 * - `/openapi/v3`: the index of per-group-version documents (`{ paths: { 'apis/apps/v1': {
 *   serverRelativeURL: '/openapi/v3/apis/apps/v1?hash=<HASH>' } } }`), HASH being the uppercase
 *   hex SHA-512 of the document, as upstream's kube-openapi computes it;
 * - `/openapi/v3/<path>`: one OpenAPI 3.0 document per group-version (plus `api`, `apis`,
 *   `apis/<group>`, `version`), holding its paths and every schema they reach;
 * - `/openapi/v2`: the swagger 2.0 document with all paths and all definitions, as JSON or in
 *   gnostic's protobuf form.
 *
 * kubectl needs these: `apply` finds each kind's schema and its patch strategies through
 * `x-kubernetes-group-version-kind` in `components.schemas`, checks that a PATCH operation of
 * the kind accepts `application/strategic-merge-patch+json` and takes `fieldValidation`;
 * `explain` walks the kind's schema.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { RESOURCES, type ResourceInfo } from '../resources.js';
import { discoveryPath, resourceListPath, resourcePaths, type PathItem } from './operations.js';
import { BEARER_TOKEN, referencedDefinitions, renderPaths } from './render.js';
import { stableStringify } from './stable-json.js';
import type { Definitions } from './types.js';
import { v3Components } from './v3-schemas.js';
import { encodeOpenAPIV2 } from './v2-protobuf.js';

/** `info` of every document: upstream writes the server's git version. */
export const OPENAPI_INFO = { title: 'Kubernetes', version: 'v1.32.0' };

/** A built document: its bytes and their hash (uppercase hex SHA-512). */
export interface ServedDocument {
  body: Buffer;
  /** The `?hash=` of the document's serverRelativeURL. */
  hash: string;
  /** The ETag value, unquoted: the hash, as upstream sends it (quoted) in the `ETag` header. */
  etag: string;
}

let definitionsCache: Definitions | undefined;

/** The generated definitions (`definitions.json` beside this module), parsed once. */
export function loadDefinitions(): Definitions {
  definitionsCache ??= JSON.parse(readFileSync(new URL('./definitions.json', import.meta.url), 'utf8')) as Definitions;
  return definitionsCache;
}

const served = (value: unknown): ServedDocument => {
  const body = Buffer.from(stableStringify(value));
  const hash = createHash('sha512').update(body).digest('hex').toUpperCase();
  return { body, hash, etag: hash };
};

/**
 * Builds the documents for one resource list, each on first use, and keeps them. Make a new
 * instance when the served resources change (e.g. a CustomResourceDefinition is added).
 */
export class OpenAPIDocuments {
  readonly #resources: readonly ResourceInfo[];
  readonly #definitions: Definitions;
  readonly #v3 = new Map<string, ServedDocument>();
  #v3Index?: ServedDocument;
  #v2?: ServedDocument;
  #v2Value?: Record<string, unknown>;
  #v2Protobuf?: Buffer;

  constructor(resources: readonly ResourceInfo[] = RESOURCES, definitions: Definitions = loadDefinitions()) {
    this.#resources = resources;
    this.#definitions = definitions;
  }

  /** Group-versions served, in registry order: `[{ group: '', version: 'v1' }, …]`. */
  #groupVersions(): { group: string; version: string }[] {
    const seen = new Map<string, { group: string; version: string }>();
    for (const r of this.#resources) seen.set(`${r.group}/${r.version}`, { group: r.group, version: r.version });
    return [...seen.values()];
  }

  /** The paths of every v3 document, as the index names them (`api/v1`, `apis/apps`, `version` …), sorted. */
  v3Paths(): string[] {
    const out = new Set(['api', 'apis', 'version']);
    for (const { group, version } of this.#groupVersions()) {
      if (group === '') out.add(`api/${version}`);
      else out.add(`apis/${group}`).add(`apis/${group}/${version}`);
    }
    return [...out].sort();
  }

  /** The path items of one v3 document path, or undefined when nothing is served there. */
  #items(path: string): PathItem[] | undefined {
    if (path === 'api') return [discoveryPath('api')];
    if (path === 'apis') return [discoveryPath('apis')];
    if (path === 'version') return [discoveryPath('version')];
    const m = /^(?:api\/([^/]+)|apis\/([^/]+)(?:\/([^/]+))?)$/.exec(path);
    if (!m) return undefined;
    const [group, version] = m[1] !== undefined ? ['', m[1]] : [m[2], m[3]];
    if (version === undefined) {
      return this.#resources.some((r) => r.group === group) ? [discoveryPath('group', group)] : undefined;
    }
    const resources = this.#resources.filter((r) => r.group === group && r.version === version);
    if (resources.length === 0) return undefined;
    return [resourceListPath(group, version), ...resources.flatMap(resourcePaths)];
  }

  /** The v3 document at `path` (`apis/apps/v1`, `api/v1`, `apis/apps`, `api`, `apis`, `version`). */
  v3(path: string): ServedDocument | undefined {
    const cached = this.#v3.get(path);
    if (cached) return cached;
    const items = this.#items(path);
    if (!items) return undefined;
    const doc = served({
      components: {
        schemas: v3Components(this.#definitions, referencedDefinitions(items)),
        securitySchemes: BEARER_TOKEN,
      },
      info: OPENAPI_INFO,
      openapi: '3.0.0',
      paths: renderPaths(items, 3),
      security: [{ BearerToken: [] }],
    });
    this.#v3.set(path, doc);
    return doc;
  }

  /** The `/openapi/v3` index; builds every v3 document, since it names their hashes. */
  v3Index(): ServedDocument {
    this.#v3Index ??= served({
      paths: Object.fromEntries(
        this.v3Paths().map((p) => [p, { serverRelativeURL: `/openapi/v3/${p}?hash=${this.v3(p)!.hash}` }]),
      ),
    });
    return this.#v3Index;
  }

  /** The swagger 2.0 document served at `/openapi/v2`. */
  v2(): ServedDocument {
    if (this.#v2) return this.#v2;
    const items = this.v3Paths().flatMap((p) => this.#items(p) ?? []);
    items.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
    this.#v2Value = {
      definitions: this.#definitions,
      info: OPENAPI_INFO,
      paths: renderPaths(items, 2),
      security: [{ BearerToken: [] }],
      securityDefinitions: BEARER_TOKEN,
      swagger: '2.0',
    };
    this.#v2 = served(this.#v2Value);
    return this.#v2;
  }

  /** The same document in gnostic's protobuf form (src/api/openapi/v2-protobuf.ts); its ETag is the JSON's. */
  v2Protobuf(): Buffer {
    this.v2();
    this.#v2Protobuf ??= encodeOpenAPIV2(this.#v2Value!);
    return this.#v2Protobuf;
  }
}

let defaultDocuments: OpenAPIDocuments | undefined;

/** The documents of the built-in registry ({@link RESOURCES}), shared. */
export function defaultOpenAPIDocuments(): OpenAPIDocuments {
  defaultDocuments ??= new OpenAPIDocuments();
  return defaultDocuments;
}

/** `/openapi/v3` of the built-in registry. */
export const openapiV3Index = (): ServedDocument => defaultOpenAPIDocuments().v3Index();
/** `/openapi/v3/<path>` of the built-in registry, or undefined when not served. */
export const openapiV3Document = (path: string): ServedDocument | undefined => defaultOpenAPIDocuments().v3(path);
/** `/openapi/v2` of the built-in registry. */
export const openapiV2Document = (): ServedDocument => defaultOpenAPIDocuments().v2();
