import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { packageOf, readKubernetesTypes, readModule } from './dts-reader.js';

const sample = `import { ObjectMeta } from "../meta/v1";
/** Widget is a thing; mail admin@example.com. */
export interface Widget {
    /** APIVersion defines the versioned schema. */
    apiVersion?: "demo/v1";
    /**
     * First paragraph.
     *
     * 	indented */ block *\\/ end
     */
    body?: string;
    count: number;
    labels?: {
        [name: string]: string;
    };
    metadata?: ObjectMeta;
    port?: number | string;
    "x-kubernetes-thing"?: boolean;
    parts?: Array<Part>;
}
export interface Part {
}
/** Size is a quantity. */
export type Size = string;
`;

describe('readModule', () => {
  const [widget, part, size] = readModule(sample.replace('*/ block', 'block'), 'demo/v1.d.ts');

  it('names declarations as upstream definitions and resolves imports', () => {
    assert.equal(widget.name, 'io.k8s.api.demo.v1.Widget');
    assert.equal(part.name, 'io.k8s.api.demo.v1.Part');
    const metadata = widget.fields?.find((f) => f.name === 'metadata');
    assert.deepEqual(metadata?.type, { kind: 'ref', name: 'io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta' });
    const parts = widget.fields?.find((f) => f.name === 'parts');
    assert.deepEqual(parts?.type, { kind: 'array', items: { kind: 'ref', name: 'io.k8s.api.demo.v1.Part' } });
  });

  it('keeps JSDoc text verbatim, an @ included, multi-line blocks joined with newlines', () => {
    assert.equal(widget.description, 'Widget is a thing; mail admin@example.com.');
    const body = widget.fields?.find((f) => f.name === 'body');
    assert.equal(body?.description, 'First paragraph.\n\n\tindented block */ end');
    assert.equal(size.description, 'Size is a quantity.');
  });

  it('reads types, optionality and literals', () => {
    const byName = Object.fromEntries((widget.fields ?? []).map((f) => [f.name, f]));
    assert.equal(byName.apiVersion.literal, 'demo/v1');
    assert.equal(byName.count.optional, false);
    assert.deepEqual(byName.labels.type, { kind: 'map', values: { kind: 'string' } });
    assert.deepEqual(byName.port.type, { kind: 'intOrString' });
    assert.deepEqual(byName['x-kubernetes-thing'].type, { kind: 'boolean' });
    assert.deepEqual(size.alias, { kind: 'string' });
    assert.deepEqual(part.fields, []);
  });
});

describe('packageOf', () => {
  it('maps module paths to upstream packages', () => {
    assert.equal(packageOf('core/v1.d.ts'), 'io.k8s.api.core.v1');
    assert.equal(packageOf('meta/v1.d.ts'), 'io.k8s.apimachinery.pkg.apis.meta.v1');
    assert.equal(packageOf('apiextensions/v1.d.ts'), 'io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1');
    assert.equal(packageOf('api/resource.d.ts'), 'io.k8s.apimachinery.pkg.api.resource');
    assert.equal(packageOf('index.d.ts'), undefined);
  });
});

describe('readKubernetesTypes', () => {
  it('reads the installed package', () => {
    const decls = readKubernetesTypes();
    assert.ok(decls.get('io.k8s.api.core.v1.PodSpec')?.fields?.some((f) => f.name === 'containers'));
    assert.deepEqual(decls.get('io.k8s.apimachinery.pkg.api.resource.Quantity')?.alias, { kind: 'string' });
  });
});
