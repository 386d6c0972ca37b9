import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { DEFINITIONS_PATH, generateDefinitionsJson, servedGroupVersions } from './generate.js';

describe('generateDefinitionsJson', () => {
  it('matches the committed definitions.json (run `npx tsx src/api/openapi/generate.ts` if not)', () => {
    assert.ok(generateDefinitionsJson() === readFileSync(DEFINITIONS_PATH, 'utf8'), 'definitions.json is stale');
  });

  it('is deterministic', () => {
    assert.ok(generateDefinitionsJson() === generateDefinitionsJson());
  });
});

describe('servedGroupVersions', () => {
  it('lists each served group-version once, core first', () => {
    const gvs = servedGroupVersions();
    assert.deepEqual(gvs[0], { group: '', version: 'v1' });
    assert.ok(gvs.some((gv) => gv.group === 'autoscaling' && gv.version === 'v2'));
    assert.equal(new Set(gvs.map((gv) => `${gv.group}/${gv.version}`)).size, gvs.length);
  });
});
