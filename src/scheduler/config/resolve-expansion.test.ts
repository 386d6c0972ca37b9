import { test } from 'node:test';
import assert from 'node:assert/strict';
import { knownPlugins, resolvePlugins, summarize } from './testing.js';
import { EXTENSION_POINTS } from './types.js';

// Ported from upstream's framework_test.go TestNewFrameworkMultiPointExpansion: the profile's own
// defaults are dropped (`disabled: *` at multiPoint) so only the listed plugins take part.
const ALL_BUT_PRE_ENQUEUE = EXTENSION_POINTS.filter((p) => p !== 'preEnqueue');
const TEST_PLUGINS = knownPlugins({
  testPlugin: ALL_BUT_PRE_ENQUEUE,
  scorePlugin1: ['preScore', 'score'],
  scorePlugin2: ['score'],
  scoreWithNormalizePlugin1: ['score'],
  queueSortPlugin: ['queueSort'],
  bindPlugin: ['bind'],
});
const everywhere = (extra: Record<string, string[]> = {}) => ({
  ...Object.fromEntries(ALL_BUT_PRE_ENQUEUE.map((p) => [p, p === 'score' ? ['testPlugin:1'] : ['testPlugin']])),
  ...extra,
});

const expansionCases: { name: string; plugins: string; want: Record<string, string[]> }[] = [
  {
    name: 'plugin expansion',
    plugins: 'multiPoint:\n  enabled:\n  - name: testPlugin\n    weight: 5\n',
    want: everywhere({ score: ['testPlugin:5'] }),
  },
  {
    name: 'disable MultiPoint plugin at some extension points',
    plugins: `multiPoint:
  enabled:
  - name: testPlugin
preScore:
  disabled:
  - name: testPlugin
score:
  disabled:
  - name: testPlugin
`,
    want: Object.fromEntries(Object.entries(everywhere()).filter(([p]) => p !== 'preScore' && p !== 'score')),
  },
  {
    name: 'Multiple MultiPoint plugins',
    plugins: 'multiPoint:\n  enabled:\n  - name: testPlugin\n  - name: scorePlugin1\n',
    want: everywhere({ preScore: ['testPlugin', 'scorePlugin1'], score: ['testPlugin:1', 'scorePlugin1:1'] }),
  },
  {
    name: 'disable MultiPoint extension',
    plugins: `multiPoint:
  enabled:
  - name: testPlugin
  - name: scorePlugin1
preScore:
  disabled:
  - name: "*"
`,
    want: Object.fromEntries(
      Object.entries(everywhere({ score: ['testPlugin:1', 'scorePlugin1:1'] })).filter(([p]) => p !== 'preScore'),
    ),
  },
  {
    name: 'Reorder MultiPoint plugins (specified extension takes precedence)',
    plugins: `multiPoint:
  enabled:
  - name: scoreWithNormalizePlugin1
  - name: testPlugin
  - name: scorePlugin1
score:
  enabled:
  - name: scorePlugin1
  - name: testPlugin
`,
    want: everywhere({
      preScore: ['testPlugin', 'scorePlugin1'],
      score: ['scorePlugin1:1', 'testPlugin:1', 'scoreWithNormalizePlugin1:1'],
    }),
  },
  {
    name: 'Reorder MultiPoint plugins (specified extension only takes precedence when it exists in MultiPoint)',
    plugins: `multiPoint:
  enabled:
  - name: testPlugin
  - name: scorePlugin1
score:
  enabled:
  - name: scoreWithNormalizePlugin1
  - name: scorePlugin1
  - name: testPlugin
`,
    want: everywhere({
      preScore: ['testPlugin', 'scorePlugin1'],
      score: ['scorePlugin1:1', 'testPlugin:1', 'scoreWithNormalizePlugin1:1'],
    }),
  },
  {
    name: 'Override MultiPoint plugins weights',
    plugins: `multiPoint:
  enabled:
  - name: testPlugin
  - name: scorePlugin1
score:
  enabled:
  - name: scorePlugin1
    weight: 5
  - name: testPlugin
    weight: 3
`,
    want: everywhere({ preScore: ['testPlugin', 'scorePlugin1'], score: ['scorePlugin1:5', 'testPlugin:3'] }),
  },
  {
    name: "disable and enable MultiPoint plugins with '*'",
    plugins: `multiPoint:
  enabled:
  - name: queueSortPlugin
  - name: bindPlugin
  - name: scorePlugin1
`,
    want: {
      queueSort: ['queueSortPlugin'],
      preScore: ['scorePlugin1'],
      score: ['scorePlugin1:1'],
      bind: ['bindPlugin'],
    },
  },
  {
    name: 'Override MultiPoint plugins weights and avoid a plugin being loaded multiple times',
    plugins: `multiPoint:
  enabled:
  - name: testPlugin
  - name: scorePlugin1
score:
  enabled:
  - name: scorePlugin1
    weight: 5
  - name: scorePlugin2
    weight: 5
  - name: testPlugin
    weight: 3
`,
    want: everywhere({
      preScore: ['testPlugin', 'scorePlugin1'],
      score: ['scorePlugin1:5', 'testPlugin:3', 'scorePlugin2:5'],
    }),
  },
];

for (const c of expansionCases) {
  test(`resolveProfiles expansion: ${c.name}`, () => {
    const plugins = c.plugins.replace('multiPoint:\n', 'multiPoint:\n  disabled:\n  - name: "*"\n');
    assert.deepEqual(summarize(resolvePlugins(plugins, TEST_PLUGINS)[0]), c.want);
  });
}
