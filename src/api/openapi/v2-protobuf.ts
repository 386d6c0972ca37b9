/**
 * The swagger 2.0 document in its protobuf form, as upstream serves `/openapi/v2` to a client
 * that accepts `application/com.github.proto-openapi.spec.v2@v1.0+protobuf` (client-go's
 * `OpenAPISchema()`, which kubectl's client-side validation of `kind: List` files relies on).
 * The messages are gnostic's `openapi.v2` package (`openapiv2/OpenAPIv2.proto`): JSON objects
 * become ordered (name, value) lists, `x-` keys `vendor_extension` entries, and free-form values
 * (`default`, `enum`, `example`, extensions) an `Any` holding their YAML text; JSON text is YAML,
 * so that is what is written.
 *
 * Each message below is a table of its JSON keys in field-number order (field n is entry n-1);
 * `x` marks the field that holds the vendor extensions.
 */
import { ProtoWriter, WIRE_BYTES, WIRE_FIXED64, WIRE_VARINT } from '../../machinery/protobuf/wire.js';

type Json = Record<string, unknown>;
/** How one JSON value is written: a scalar kind, or a function writing it as field `n`. */
type Writer = (w: ProtoWriter, n: number, v: unknown) => void;
type Kind = 's' | 'b' | 'd' | 'i' | 'ss' | 'a' | 'as' | 'x' | Writer;
type Spec = readonly (readonly [key: string, kind: Kind])[];

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

function sub(w: ProtoWriter, n: number, body: Buffer): void {
  w.tag(n, WIRE_BYTES).bytes(body);
}

/** gnostic's `Any`: the value's YAML text in field 2. */
function anyValue(v: unknown): Buffer {
  return new ProtoWriter().tag(2, WIRE_BYTES).string(JSON.stringify(v)).finish();
}

/** A `Named<T>` list (field 1 of the map messages): name in 1, value in 2. */
function named(w: ProtoWriter, n: number, entries: [string, unknown][], value: Kind): void {
  for (const [name, v] of entries) {
    const e = new ProtoWriter().tag(1, WIRE_BYTES).string(name);
    writeField(e, 2, value, v);
    sub(w, n, e.finish());
  }
}

function writeField(w: ProtoWriter, n: number, kind: Kind, v: unknown): void {
  if (v === undefined || v === null) return;
  switch (kind) {
    case 's':
      if (typeof v === 'string' && v !== '') w.tag(n, WIRE_BYTES).string(v);
      return;
    case 'b':
      if (v === true) w.tag(n, WIRE_VARINT).varint(1);
      return;
    case 'd':
      if (typeof v === 'number' && v !== 0) w.tag(n, WIRE_FIXED64).double(v);
      return;
    case 'i':
      if (typeof v === 'number' && v !== 0) w.tag(n, WIRE_VARINT).varint(v);
      return;
    case 'ss':
      for (const s of Array.isArray(v) ? v : [v]) if (typeof s === 'string') w.tag(n, WIRE_BYTES).string(s);
      return;
    case 'a':
      sub(w, n, anyValue(v));
      return;
    case 'as':
      for (const e of Array.isArray(v) ? v : [v]) sub(w, n, anyValue(e));
      return;
    case 'x':
      return; // written from the object's `x-` keys by message()
    default:
      kind(w, n, v);
  }
}

/** Encodes `obj` by `spec`. */
function message(spec: Spec, obj: Json): Buffer {
  const w = new ProtoWriter();
  spec.forEach(([key, kind], i) => {
    if (kind === 'x') {
      const ext = Object.entries(obj).filter(([k]) => k.startsWith('x-'));
      named(w, i + 1, ext, 'a');
    } else writeField(w, i + 1, kind, obj[key]);
  });
  return w.finish();
}

/** A field holding the message `spec` (repeated when the JSON value is an array). */
const msg =
  (spec: () => Spec): Writer =>
  (w, n, v) => {
    for (const e of Array.isArray(v) ? v : [v]) if (isObject(e)) sub(w, n, message(spec(), e));
  };

/** A field holding a map message: field 1 lists the object's entries as `Named<value>`. */
const map =
  (value: Kind): Writer =>
  (w, n, v) => {
    if (!isObject(v)) return;
    const m = new ProtoWriter();
    named(m, 1, Object.entries(v), value);
    sub(w, n, m.finish());
  };

/** A oneof wrapper: `choose` picks the field number and the kind of the value inside. */
const oneof =
  (choose: (v: Json) => [number, Kind]): Writer =>
  (w, n, v) => {
    if (!isObject(v)) return;
    const [field, kind] = choose(v);
    const o = new ProtoWriter();
    writeField(o, field, kind, v);
    sub(w, n, o.finish());
  };

const EXTERNAL_DOCS: Spec = [
  ['description', 's'],
  ['url', 's'],
  ['', 'x'],
];
const externalDocs = msg(() => EXTERNAL_DOCS);

/** The validation keywords shared by the parameter, header and item messages, in their order. */
const VALIDATIONS: Spec = [
  ['default', 'a'],
  ['maximum', 'd'],
  ['exclusiveMaximum', 'b'],
  ['minimum', 'd'],
  ['exclusiveMinimum', 'b'],
  ['maxLength', 'i'],
  ['minLength', 'i'],
  ['pattern', 's'],
  ['maxItems', 'i'],
  ['minItems', 'i'],
  ['uniqueItems', 'b'],
  ['enum', 'as'],
  ['multipleOf', 'd'],
];
const PRIMITIVES_ITEMS: Spec = [
  ['type', 's'],
  ['format', 's'],
  ['items', msg(() => PRIMITIVES_ITEMS)],
  ['collectionFormat', 's'],
  ...VALIDATIONS,
  ['', 'x'],
];
const HEADER: Spec = [...PRIMITIVES_ITEMS.slice(0, -1), ['description', 's'], ['', 'x']];

/** A non-body parameter; query and formData ones also carry `allowEmptyValue`. */
function parameterSubSchema(allowEmpty: boolean): Spec {
  return [
    ['required', 'b'],
    ['in', 's'],
    ['description', 's'],
    ['name', 's'],
    ...(allowEmpty ? ([['allowEmptyValue', 'b']] as const) : []),
    ...PRIMITIVES_ITEMS.slice(0, -1),
    ['', 'x'],
  ];
}
const NON_BODY_IN: Record<string, [number, Spec]> = {
  header: [1, parameterSubSchema(false)],
  formData: [2, parameterSubSchema(true)],
  query: [3, parameterSubSchema(true)],
  path: [4, parameterSubSchema(false)],
};

const SCHEMA: Spec = [
  ['$ref', 's'],
  ['format', 's'],
  ['title', 's'],
  ['description', 's'],
  ['default', 'a'],
  ['multipleOf', 'd'],
  ['maximum', 'd'],
  ['exclusiveMaximum', 'b'],
  ['minimum', 'd'],
  ['exclusiveMinimum', 'b'],
  ['maxLength', 'i'],
  ['minLength', 'i'],
  ['pattern', 's'],
  ['maxItems', 'i'],
  ['minItems', 'i'],
  ['uniqueItems', 'b'],
  ['maxProperties', 'i'],
  ['minProperties', 'i'],
  ['required', 'ss'],
  ['enum', 'as'],
  ['additionalProperties', additionalProperties],
  ['type', typeItem],
  ['items', itemsItem],
  ['allOf', msg(() => SCHEMA)],
  ['properties', map(msg(() => SCHEMA))],
  ['discriminator', 's'],
  ['readOnly', 'b'],
  [
    'xml',
    msg(() => [
      ['name', 's'],
      ['namespace', 's'],
      ['prefix', 's'],
      ['attribute', 'b'],
      ['wrapped', 'b'],
      ['', 'x'],
    ]),
  ],
  ['externalDocs', externalDocs],
  ['example', 'a'],
  ['', 'x'],
];
const schema = msg(() => SCHEMA);

/** `AdditionalPropertiesItem`: a schema (1) or a boolean (2), written even when false. */
function additionalProperties(w: ProtoWriter, n: number, v: unknown): void {
  const o = new ProtoWriter();
  if (typeof v === 'boolean') o.tag(2, WIRE_VARINT).varint(v ? 1 : 0);
  else if (isObject(v)) sub(o, 1, message(SCHEMA, v));
  else return;
  sub(w, n, o.finish());
}

/** `TypeItem` (and `StringArray`, the same shape): the string(s) in field 1. */
function typeItem(w: ProtoWriter, n: number, v: unknown): void {
  const o = new ProtoWriter();
  writeField(o, 1, 'ss', v);
  sub(w, n, o.finish());
}

/** `ItemsItem`: one schema, or a tuple of them, in field 1. */
function itemsItem(w: ProtoWriter, n: number, v: unknown): void {
  const o = new ProtoWriter();
  schema(o, 1, v);
  sub(w, n, o.finish());
}

const FILE_SCHEMA: Spec = [
  ['format', 's'],
  ['title', 's'],
  ['description', 's'],
  ['default', 'a'],
  ['required', 'ss'],
  ['type', 's'],
  ['readOnly', 'b'],
  ['externalDocs', externalDocs],
  ['example', 'a'],
  ['', 'x'],
];
const JSON_REFERENCE: Spec = [
  ['$ref', 's'],
  ['description', 's'],
];
const BODY_PARAMETER: Spec = [
  ['description', 's'],
  ['name', 's'],
  ['in', 's'],
  ['required', 'b'],
  ['schema', schema],
  ['', 'x'],
];

/** `Parameter`: a body parameter (1), or a `NonBodyParameter` (2) holding the one for its `in`. */
const parameter = oneof((p) => {
  if (p.in === 'body') return [1, msg(() => BODY_PARAMETER)];
  const [field, spec] = NON_BODY_IN[String(p.in)] ?? NON_BODY_IN.query;
  return [2, oneof(() => [field, msg(() => spec)])];
});
/** `ParametersItem`: a parameter (1) or a `$ref` (2). */
const parametersItem = oneof((p) => (typeof p.$ref === 'string' ? [2, msg(() => JSON_REFERENCE)] : [1, parameter]));

const RESPONSE: Spec = [
  ['description', 's'],
  ['schema', oneof((s) => (s.type === 'file' ? [2, msg(() => FILE_SCHEMA)] : [1, schema]))],
  ['headers', map(msg(() => HEADER))],
  ['examples', map('a')],
  ['', 'x'],
];
/** `ResponseValue`: a response (1) or a `$ref` (2). */
const responseValue = oneof((r) =>
  typeof r.$ref === 'string' ? [2, msg(() => JSON_REFERENCE)] : [1, msg(() => RESPONSE)],
);

/** `Responses`: the status codes' entries (1), then the vendor extensions (2). */
function responses(w: ProtoWriter, n: number, v: unknown): void {
  if (!isObject(v)) return;
  const o = new ProtoWriter();
  const entries = Object.entries(v);
  named(
    o,
    1,
    entries.filter(([k]) => !k.startsWith('x-')),
    responseValue,
  );
  named(
    o,
    2,
    entries.filter(([k]) => k.startsWith('x-')),
    'a',
  );
  sub(w, n, o.finish());
}

/** Repeats `kind` for each element of a JSON array. */
const each =
  (kind: Kind): Writer =>
  (w, n, v) => {
    for (const e of Array.isArray(v) ? v : []) writeField(w, n, kind, e);
  };
/** A list of `SecurityRequirement`s: each scheme's scope names as a `StringArray`. */
const security = each(map(typeItem));
const parameters = each(parametersItem);

const OPERATION: Spec = [
  ['tags', 'ss'],
  ['summary', 's'],
  ['description', 's'],
  ['externalDocs', externalDocs],
  ['operationId', 's'],
  ['produces', 'ss'],
  ['consumes', 'ss'],
  ['parameters', parameters],
  ['responses', responses],
  ['schemes', 'ss'],
  ['deprecated', 'b'],
  ['security', security],
  ['', 'x'],
];
const operation = msg(() => OPERATION);
const PATH_ITEM: Spec = [
  ['$ref', 's'],
  ['get', operation],
  ['put', operation],
  ['post', operation],
  ['delete', operation],
  ['options', operation],
  ['head', operation],
  ['patch', operation],
  ['parameters', parameters],
  ['', 'x'],
];

/** `Paths`: vendor extensions (1), then each path (2). */
function paths(w: ProtoWriter, n: number, v: unknown): void {
  if (!isObject(v)) return;
  const o = new ProtoWriter();
  const entries = Object.entries(v);
  named(
    o,
    1,
    entries.filter(([k]) => k.startsWith('x-')),
    'a',
  );
  named(
    o,
    2,
    entries.filter(([k]) => !k.startsWith('x-')),
    msg(() => PATH_ITEM),
  );
  sub(w, n, o.finish());
}

/** `SecurityDefinitionsItem`: which of its six messages follows from `type` and `flow`. */
const securityScheme = oneof((s) => {
  const scheme = (field: number, ...keys: Spec): [number, Kind] => [
    field,
    msg(() => [['type', 's'], ...keys, ['', 'x']]),
  ];
  const flow: Spec = [
    ['flow', 's'],
    ['scopes', map('s')],
  ];
  if (s.type === 'basic') return scheme(1, ['description', 's']);
  if (s.type === 'apiKey') return scheme(2, ['name', 's'], ['in', 's'], ['description', 's']);
  if (s.flow === 'implicit') return scheme(3, ...flow, ['authorizationUrl', 's'], ['description', 's']);
  if (s.flow === 'password') return scheme(4, ...flow, ['tokenUrl', 's'], ['description', 's']);
  if (s.flow === 'application') return scheme(5, ...flow, ['tokenUrl', 's'], ['description', 's']);
  return scheme(6, ...flow, ['authorizationUrl', 's'], ['tokenUrl', 's'], ['description', 's']);
});

const NAME_URL: Spec = [
  ['name', 's'],
  ['url', 's'],
];
const DOCUMENT: Spec = [
  ['swagger', 's'],
  [
    'info',
    msg(() => [
      ['title', 's'],
      ['version', 's'],
      ['description', 's'],
      ['termsOfService', 's'],
      ['contact', msg(() => [...NAME_URL, ['email', 's'], ['', 'x']])],
      ['license', msg(() => [...NAME_URL, ['', 'x']])],
      ['', 'x'],
    ]),
  ],
  ['host', 's'],
  ['basePath', 's'],
  ['schemes', 'ss'],
  ['consumes', 'ss'],
  ['produces', 'ss'],
  ['paths', paths],
  ['definitions', map(schema)],
  ['parameters', map(parameter)],
  ['responses', map(msg(() => RESPONSE))],
  ['security', security],
  ['securityDefinitions', map(securityScheme)],
  [
    'tags',
    msg(() => [
      ['name', 's'],
      ['description', 's'],
      ['externalDocs', externalDocs],
      ['', 'x'],
    ]),
  ],
  ['externalDocs', externalDocs],
  ['', 'x'],
];

/** gnostic's `openapi.v2.Document` for a swagger 2.0 document given as parsed JSON. */
export function encodeOpenAPIV2(doc: Json): Buffer {
  return message(DOCUMENT, doc);
}
