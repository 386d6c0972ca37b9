import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mergePluginSet } from './defaults.js';
import type { PluginSet } from './types.js';

// Ported from upstream's v1 default_plugins_test.go TestMergePlugins.
const P = (name: string, weight?: number) => (weight === undefined ? { name } : { name, weight });
const mergeCases: { name: string; defaults: PluginSet; custom?: PluginSet; want: PluginSet }[] = [
  {
    name: 'AppendCustomPlugin',
    defaults: { enabled: [P('DefaultPlugin1'), P('DefaultPlugin2')] },
    custom: { enabled: [P('CustomPlugin')] },
    want: { enabled: [P('DefaultPlugin1'), P('DefaultPlugin2'), P('CustomPlugin')] },
  },
  {
    name: 'InsertAfterDefaultPlugins2',
    defaults: { enabled: [P('DefaultPlugin1'), P('DefaultPlugin2')] },
    custom: { enabled: [P('CustomPlugin'), P('DefaultPlugin2')], disabled: [P('DefaultPlugin2')] },
    want: { enabled: [P('DefaultPlugin1'), P('CustomPlugin'), P('DefaultPlugin2')], disabled: [P('DefaultPlugin2')] },
  },
  {
    name: 'InsertBeforeAllPlugins',
    defaults: { enabled: [P('DefaultPlugin1'), P('DefaultPlugin2')] },
    custom: { enabled: [P('CustomPlugin'), P('DefaultPlugin1'), P('DefaultPlugin2')], disabled: [P('*')] },
    want: { enabled: [P('CustomPlugin'), P('DefaultPlugin1'), P('DefaultPlugin2')], disabled: [P('*')] },
  },
  {
    name: 'ReorderDefaultPlugins',
    defaults: { enabled: [P('DefaultPlugin1'), P('DefaultPlugin2')] },
    custom: { enabled: [P('DefaultPlugin2'), P('DefaultPlugin1')], disabled: [P('*')] },
    want: { enabled: [P('DefaultPlugin2'), P('DefaultPlugin1')], disabled: [P('*')] },
  },
  {
    name: 'ApplyNilCustomPlugin',
    defaults: { enabled: [P('DefaultPlugin1'), P('DefaultPlugin2')] },
    want: { enabled: [P('DefaultPlugin1'), P('DefaultPlugin2')] },
  },
  {
    name: 'CustomPluginOverrideDefaultPlugin',
    defaults: { enabled: [P('Plugin1'), P('Plugin2'), P('Plugin3')] },
    custom: { enabled: [P('Plugin1', 2), P('Plugin3', 3)] },
    want: { enabled: [P('Plugin1', 2), P('Plugin2'), P('Plugin3', 3)] },
  },
  {
    name: 'OrderPreserveAfterOverride',
    defaults: { enabled: [P('Plugin1'), P('Plugin2'), P('Plugin3')] },
    custom: { enabled: [P('Plugin2', 2), P('Plugin1', 1)] },
    want: { enabled: [P('Plugin1', 1), P('Plugin2', 2), P('Plugin3')] },
  },
  {
    name: 'RepeatedCustomPlugin',
    defaults: { enabled: [P('Plugin1'), P('Plugin2'), P('Plugin3')] },
    custom: { enabled: [P('Plugin1'), P('Plugin2', 2), P('Plugin3'), P('Plugin2', 4)] },
    want: { enabled: [P('Plugin1'), P('Plugin2', 4), P('Plugin3'), P('Plugin2', 2)] },
  },
  {
    name: 'Append disabled Multipoint plugins',
    defaults: { enabled: [P('DefaultPlugin1'), P('DefaultPlugin2')] },
    custom: { enabled: [P('CustomPlugin'), P('CustomPlugin2')], disabled: [P('DefaultPlugin2')] },
    want: { enabled: [P('DefaultPlugin1'), P('CustomPlugin'), P('CustomPlugin2')], disabled: [P('DefaultPlugin2')] },
  },
  {
    name: 'override default MultiPoint plugins with custom value',
    defaults: { enabled: [P('DefaultPlugin')] },
    custom: { enabled: [P('DefaultPlugin', 5)] },
    want: { enabled: [P('DefaultPlugin', 5)] },
  },
  {
    name: 'disabled MultiPoint plugin in default set',
    defaults: { enabled: [P('DefaultPlugin')], disabled: [P('DefaultPlugin2')] },
    custom: { enabled: [P('CustomPlugin')] },
    want: { enabled: [P('DefaultPlugin'), P('CustomPlugin')], disabled: [P('DefaultPlugin2')] },
  },
  {
    name: 'multipoint with only disabled gets merged',
    defaults: { enabled: [P('DefaultPlugin')] },
    custom: { disabled: [P('DefaultPlugin')] },
    want: { disabled: [P('DefaultPlugin')] },
  },
];

for (const c of mergeCases) {
  test(`mergePluginSet: ${c.name}`, () => {
    assert.deepEqual(mergePluginSet(c.defaults, c.custom), c.want);
  });
}
