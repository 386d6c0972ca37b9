import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { crontabCRD } from './crontab-fixture.js';
import { validateCustomResourceDefinition } from './crd-validation.js';
import type { CrdValidationOptions, CustomResourceDefinition, JSONSchemaProps } from './types.js';

type Mutate = (root: JSONSchemaProps, spec: Record<string, JSONSchemaProps>, crd: CustomResourceDefinition) => void;

/** The messages of the CronTab CRD after mutate changes its schema (root, spec's properties). */
function check(mutate: Mutate, opts: CrdValidationOptions = {}): string[] {
  const crd = crontabCRD();
  const root = crd.spec.versions[0].schema!.openAPIV3Schema!;
  mutate(root, root.properties!.spec.properties!, crd);
  return validateCustomResourceDefinition(crd, opts).map(String);
}
const S = 'spec.validation.openAPIV3Schema';
const P = `${S}.properties[spec].properties`;

describe('CRD schemas: where errors are reported', () => {
  it('reports a schema shared by all versions under spec.validation', () => {
    assert.deepEqual(
      check((_, p) => (p.bad = {})),
      [`${P}[bad].type: Required value: must not be empty for specified object fields`],
    );
  });

  it('reports a non-object root', () => {
    assert.deepEqual(
      check((root) => {
        root.type = 'array';
        root.items = { type: 'string' };
        delete root.properties;
      }),
      [`${S}.type: Invalid value: "array": must be object at the root`],
    );
  });

  it('reports per-version schemas under spec.versions[i].schema when they differ', () => {
    const m = check((_, __, crd) => {
      const other: JSONSchemaProps = {
        type: 'object',
        properties: { spec: { type: 'object', properties: { x: {} } } },
      };
      crd.spec.versions.push({ name: 'v2', served: true, storage: false, schema: { openAPIV3Schema: other } });
    });
    assert.deepEqual(m, [
      'spec.versions[1].schema.openAPIV3Schema.properties[spec].properties[x].type: Required value: must not be empty for specified object fields',
    ]);
  });
});

describe('CRD schemas: node rules', () => {
  it('forbids what CRDs do not support', () => {
    const m = check((_, p) => {
      p.a = { type: 'array', items: { type: 'string' }, uniqueItems: true };
      p.b = { type: 'string', $ref: '#/definitions/x' };
      p.c = { type: 'null' };
      p.d = { type: 'strng' };
      p.e = { type: 'object', 'x-kubernetes-preserve-unknown-fields': false };
      p.f = { type: 'string', id: 'x' };
    });
    assert.deepEqual(m, [
      `${P}[a].uniqueItems: Forbidden: uniqueItems cannot be set to true since the runtime complexity becomes quadratic`,
      `${P}[b].$ref: Forbidden: $ref is not supported`,
      `${P}[c].type: Unsupported value: "null": supported values: "array", "boolean", "integer", "number", "object", "string"`,
      `${P}[c].type: Forbidden: type cannot be set to null, use nullable as an alternative`,
      `${P}[d].type: Unsupported value: "strng": supported values: "array", "boolean", "integer", "number", "object", "string"`,
      `${P}[e].x-kubernetes-preserve-unknown-fields: Invalid value: false: must be true or undefined`,
      `${P}[f].id: Forbidden: id is not supported`,
    ]);
  });

  it('forbids the rest of JSON Schema that CRDs leave out', () => {
    const m = check((root, p) => {
      p.a = {
        type: 'object',
        additionalItems: true,
        patternProperties: { x: { type: 'string' } },
        definitions: { d: { type: 'string' } },
        dependencies: { x: ['y'] },
      };
      p.b = { type: 'array', items: [{ type: 'string' }] };
      root.properties!.metadata = { type: 'object', 'x-kubernetes-embedded-resource': true };
    });
    assert.deepEqual(m, [
      `${P}[a].additionalItems: Forbidden: additionalItems is not supported`,
      `${P}[a].patternProperties: Forbidden: patternProperties is not supported`,
      `${P}[a].definitions: Forbidden: definitions is not supported`,
      `${P}[a].dependencies: Forbidden: dependencies is not supported`,
      `${P}[b].items: Forbidden: items must be a schema object and not an array`,
      `${S}.properties[metadata].x-kubernetes-embedded-resource: Forbidden: must not be used inside of resource meta`,
    ]);
  });

  it('keeps properties and additionalProperties apart', () => {
    assert.deepEqual(
      check(
        (_, p) =>
          (p.both = {
            type: 'object',
            properties: { a: { type: 'string' } },
            additionalProperties: { type: 'string' },
          }),
      ),
      [`${P}[both].additionalProperties: Forbidden: additionalProperties and properties are mutual exclusive`],
    );
  });

  it('checks patterns as Go regular expressions', () => {
    assert.deepEqual(
      check((_, p) => {
        p.cronSpec.pattern = '(abc';
        p.image.pattern = '(?=x)';
      }),
      [
        `${P}[cronSpec].pattern: Invalid value: "(abc": must be a valid regular expression, but isn't: error parsing regexp: missing closing ): \`(abc\``,
        `${P}[image].pattern: Invalid value: "(?=x)": must be a valid regular expression, but isn't: error parsing regexp: invalid or unsupported Perl syntax: \`(?=\``,
      ],
    );
  });

  it('restricts the root when the status subresource is on', () => {
    assert.deepEqual(
      check((root, _, crd) => {
        crd.spec.versions[0].subresources = { status: {} };
        root.nullable = true;
      }),
      [
        `${S}: Invalid value: apiextensions.JSONSchemaProps{…}: only [Description Type Format Title Maximum ExclusiveMaximum Minimum ExclusiveMinimum MaxLength MinLength Pattern MaxItems MinItems UniqueItems MultipleOf Required Items Properties ExternalDocs Example XPreserveUnknownFields XValidations] fields are allowed at the root of the schema if the status subresource is enabled`,
        `${S}.nullable: Forbidden: nullable cannot be true at the root`,
      ],
    );
    const arrayRoot = check((root, _, crd) => {
      crd.spec.versions[0].subresources = { status: {} };
      root.type = 'array';
    });
    assert.ok(
      arrayRoot.includes(
        `${S}.type: Invalid value: "array": only "object" is allowed as the type at the root of the schema if the status subresource is enabled`,
      ),
    );
  });
});

describe('CRD schemas: list and map extensions', () => {
  it('checks list types, map keys and map types', () => {
    const m = check((_, p) => {
      p.set = { type: 'array', 'x-kubernetes-list-type': 'set', items: { type: 'object' } };
      p.keys = {
        type: 'array',
        'x-kubernetes-list-map-keys': ['a'],
        items: { type: 'object', properties: { a: { type: 'string' } }, required: ['a'] },
      };
      p.map = {
        type: 'array',
        'x-kubernetes-list-type': 'map',
        items: { type: 'object', properties: { a: { type: 'object' } } },
      };
      p.map2 = {
        type: 'array',
        'x-kubernetes-list-type': 'map',
        'x-kubernetes-list-map-keys': ['b', 'b'],
        items: { type: 'object', properties: { a: { type: 'string' } } },
      };
      p.obj = { type: 'object', 'x-kubernetes-list-type': 'set' };
      p.str = { type: 'string', 'x-kubernetes-map-type': 'atomic' };
      p.bad = { type: 'array', items: { type: 'string' }, 'x-kubernetes-list-type': 'bag' };
      p.badm = { type: 'object', 'x-kubernetes-map-type': 'fine' };
      p.nullitems = { type: 'array', 'x-kubernetes-list-type': 'set', items: { type: 'string', nullable: true } };
    });
    assert.deepEqual(m, [
      `${P}[set].items.x-kubernetes-map-type: Invalid value: "null": must be atomic as item of a list with x-kubernetes-list-type=set`,
      `${P}[keys].x-kubernetes-list-type: Required value: must be map if x-kubernetes-list-map-keys is non-empty`,
      `${P}[map].x-kubernetes-list-map-keys: Required value: must not be empty if x-kubernetes-list-type is map`,
      `${P}[map2].x-kubernetes-list-map-keys: Invalid value: []string{"b", "b"}: entries must all be names of item properties`,
      `${P}[map2].x-kubernetes-list-map-keys: Invalid value: []string{"b", "b"}: entries must all be names of item properties`,
      `${P}[map2].x-kubernetes-list-map-keys: Invalid value: []string{"b", "b"}: must not contain duplicate entries`,
      `${P}[obj].type: Invalid value: "object": must be array if x-kubernetes-list-type is specified`,
      `${P}[str].type: Invalid value: "string": must be object if x-kubernetes-map-type is specified`,
      `${P}[bad].x-kubernetes-list-type: Unsupported value: "bag": supported values: "atomic", "set", "map"`,
      `${P}[badm].x-kubernetes-map-type: Unsupported value: "fine": supported values: "atomic", "granular"`,
      `${P}[nullitems].items.nullable: Forbidden: cannot be nullable when x-kubernetes-list-type is set`,
    ]);
  });

  it('wants map lists of objects and typed extensions', () => {
    const m = check((_, p) => {
      p.m1 = { type: 'array', 'x-kubernetes-list-type': 'map', 'x-kubernetes-list-map-keys': ['a'] };
      p.m2 = {
        type: 'array',
        'x-kubernetes-list-type': 'map',
        'x-kubernetes-list-map-keys': ['a'],
        items: [{ type: 'object' }],
      };
      p.m3 = {
        type: 'array',
        'x-kubernetes-list-type': 'map',
        'x-kubernetes-list-map-keys': ['a'],
        items: { type: 'string' },
      };
      p.m4 = { 'x-kubernetes-list-type': 'set', 'x-kubernetes-preserve-unknown-fields': true };
      p.m5 = { 'x-kubernetes-map-type': 'atomic', 'x-kubernetes-preserve-unknown-fields': true };
    });
    assert.deepEqual(m, [
      `${P}[m1].items: Required value: must have a schema if x-kubernetes-list-type is map`,
      `${P}[m2].items: Forbidden: items must be a schema object and not an array`,
      `${P}[m2].items: Invalid value: apiextensions.JSONSchemaPropsOrArray{Schema:(*apiextensions.JSONSchemaProps)(nil), JSONSchemas:[]apiextensions.JSONSchemaProps{…}}: must only have a single schema if x-kubernetes-list-type is map`,
      `${P}[m3].items.type: Invalid value: "string": must be object if parent array's x-kubernetes-list-type is map`,
      `${P}[m4].type: Required value: must be array if x-kubernetes-list-type is specified`,
      `${P}[m5].type: Required value: must be object if x-kubernetes-map-type is specified`,
    ]);
  });

  it('wants map keys scalar, not nullable, and required or defaulted', () => {
    const m = check((_, p) => {
      p.ports = {
        type: 'array',
        'x-kubernetes-list-type': 'map',
        'x-kubernetes-list-map-keys': ['port', 'meta'],
        items: {
          type: 'object',
          required: ['meta'],
          properties: { port: { type: 'integer', nullable: true }, meta: { type: 'object' } },
        },
      };
    });
    assert.deepEqual(m, [
      `${P}[ports].items.properties[meta].type: Invalid value: "object": must be a scalar type if parent array's x-kubernetes-list-type is map`,
      `${P}[ports].items.properties[port].default: Required value: this property is in x-kubernetes-list-map-keys, so it must have a default or be a required property`,
      `${P}[ports].items.properties[port].nullable: Forbidden: this property is in x-kubernetes-list-map-keys, so it cannot be nullable`,
    ]);
  });

  it('wants nested lists of a set atomic', () => {
    assert.deepEqual(
      check((_, p) => {
        p.grid = {
          type: 'array',
          'x-kubernetes-list-type': 'set',
          items: { type: 'array', 'x-kubernetes-list-type': 'set', items: { type: 'string' } },
        };
      }),
      [
        `${P}[grid].items.x-kubernetes-list-type: Invalid value: "set": must be atomic as item of a list with x-kubernetes-list-type=set`,
      ],
    );
  });
});

describe('CRD schemas: defaults', () => {
  it('validates defaults against their schema and pruning', () => {
    const m = check((root, p) => {
      root.properties!.metadata = { type: 'object', default: {} };
      p.replicas.default = 'two';
      p.obj = { type: 'object', properties: { a: { type: 'string' } }, default: { a: 'x', b: 'y' } };
    });
    assert.deepEqual(m, [
      `${P}[replicas].default: Invalid value: "string":  in body must be of type integer: "string"`,
      `${P}[obj].default: Invalid value: map[string]interface {}{"a":"x", "b":"y"}: must not have unknown fields`,
      `${S}.properties[metadata].default: Forbidden: must not be set in top-level metadata`,
    ]);
  });

  it('names nested default fields after the default', () => {
    assert.deepEqual(
      check(
        (_, p) => (p.obj = { type: 'object', properties: { n: { type: 'integer', maximum: 3 } }, default: { n: 5 } }),
      ),
      [`${P}[obj].default.n: Invalid value: 5: n in body should be less than or equal to 3`],
    );
  });

  it('checks defaults inside embedded metadata as metadata', () => {
    const m = check((_, p) => {
      p.tpl = {
        type: 'object',
        'x-kubernetes-embedded-resource': true,
        properties: {
          metadata: {
            type: 'object',
            properties: {
              name: { type: 'string', default: 'Bad/Name' },
              labels: { type: 'object', additionalProperties: { type: 'string', default: 'x' } },
            },
          },
        },
      };
    });
    const M = `${P}[tpl].properties[metadata].properties`;
    assert.deepEqual(m, [
      `${M}[name].default: Invalid value: "Bad/Name": must result in valid metadata: metadata.name: Invalid value: "Bad/Name": may not contain '/'`,
      `${M}[labels].additionalProperties.default: Forbidden: must not be set inside additionalProperties applying to object metadata`,
    ]);
  });

  it('checks embedded resources in defaults', () => {
    assert.deepEqual(
      check((_, p) => {
        p.tpl = {
          type: 'object',
          'x-kubernetes-embedded-resource': true,
          'x-kubernetes-preserve-unknown-fields': true,
          default: { kind: 'Pod' },
        };
      }),
      [`${P}[tpl].default.apiVersion: Required value`],
    );
  });
});
