/**
 * Writes `src/api/openapi/definitions.json`: the OpenAPI definitions of every group-version the
 * resource registry serves, built from kubernetes-types' declarations and our tables.
 *
 *     npx tsx src/api/openapi/generate.ts          # regenerate
 *     npx tsx src/api/openapi/generate.ts --check  # exit 1 when the committed file is stale
 *
 * Generation-time only (it loads `typescript`); the server reads the JSON file.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { RESOURCES } from '../resources.js';
import { buildDefinitions, type GroupVersion } from './build-definitions.js';
import { readKubernetesTypes } from './dts-reader.js';
import { stableStringify } from './stable-json.js';

/** Where the generated definitions live, next to this module. */
export const DEFINITIONS_PATH = fileURLToPath(new URL('./definitions.json', import.meta.url));

/** The group-versions the registry serves, in registry order, without duplicates. */
export function servedGroupVersions(): GroupVersion[] {
  const seen = new Map<string, GroupVersion>();
  for (const r of RESOURCES) seen.set(`${r.group}/${r.version}`, { group: r.group, version: r.version });
  return [...seen.values()];
}

/** The text `definitions.json` should hold: sorted keys, one-space indent, final newline. */
export function generateDefinitionsJson(): string {
  return stableStringify(buildDefinitions(readKubernetesTypes(), servedGroupVersions()), 1) + '\n';
}

function main(argv: string[]): number {
  const text = generateDefinitionsJson();
  if (argv.includes('--check')) {
    let current = '';
    try {
      current = readFileSync(DEFINITIONS_PATH, 'utf8');
    } catch {
      // A missing file is simply stale.
    }
    if (current === text) return 0;
    process.stderr.write(`${DEFINITIONS_PATH} is out of date; run: npx tsx src/api/openapi/generate.ts\n`);
    return 1;
  }
  writeFileSync(DEFINITIONS_PATH, text);
  const count = Object.keys(JSON.parse(text) as object).length;
  process.stdout.write(`wrote ${DEFINITIONS_PATH}: ${count} definitions, ${text.length} bytes\n`);
  return 0;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  process.exitCode = main(process.argv.slice(2));
}
