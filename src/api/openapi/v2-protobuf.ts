/**
 * The swagger 2.0 document in its protobuf form, as upstream serves `/openapi/v2` to a client
 * that accepts `application/com.github.proto-openapi.spec.v2@v1.0+protobuf` (client-go's
 * `OpenAPISchema()`, which kubectl's client-side validation of `kind: List` files relies on).
 * The messages are gnostic's `openapi.v2` package (`openapiv2/OpenAPIv2.proto`): JSON objects
 * become ordered (name, value) lists, `x-` keys `vendor_extension` entries, and free-form values
 * (`default`, `enum`, `example`, extensions) an `Any` holding their YAML text; JSON text is YAML,
 * so that is what is written.
 *
 * Each message is a table of its JSON keys in field-number order (see {@link spec}).
 */
import { ProtoWriter, WIRE_BYTES, WIRE_FIXED64, WIRE_VARINT } from '../../machinery/protobuf/wire.js';

type Json = Record<string, unknown>;
type Writer = (w: ProtoWriter, n: number, v: unknown) => void;
/** How one JSON value is written: a scalar kind, or a function writing it as field `n`. */
type Kind = 's' | 'b' | 'd' | 'i' | 'ss' | 'a' | 'as' | 'x' | Writer;
type Spec = readonly (readonly [key: string, kind: Kind])[];

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * A message table from `keys`, field n being the n-th word: `key:k` for a scalar kind (`s`
 * string, `b` bool, `d` double, `i` int64, `ss` repeated string, `a` Any, `as` repeated Any),
 * a bare `key` for the writer of that name in `writers`, and `x` for the vendor extensions.
 */
function spec(keys: string, writers: Record<string, Kind> = {}): Spec {
  return keys.split(/\s+/).map((word) => {
    const [key, kind] = word.split(':');
    if (word === 'x') return ['', 'x'];
    const chosen = (kind as Kind | undefined) ?? writers[key];
    if (!chosen) throw new Error(`no writer for ${key}`);
    return [key, chosen];
  });
}

function sub(w: ProtoWriter, n: number, body: Buffer): void {
  w.tag(n, WIRE_BYTES).bytes(body);
}

/** gnostic's `Any`: the value's YAML text in field 2. */
function anyValue(v: unknown): Buffer {
  return new ProtoWriter().tag(2, WIRE_BYTES).string(JSON.stringify(v)).finish();
}

/** A `Named<T>` list: each entry's name in 1, its value (written as `value`) in 2. */
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

/** Encodes `obj` by `table`. */
function message(table: Spec, obj: Json): Buffer {
  const w = new ProtoWriter();
  table.forEach(([key, kind], i) => {
    if (kind !== 'x') writeField(w, i + 1, kind, obj[key]);
    else named(w, i + 1, extensions(obj, true), 'a');
  });
  return w.finish();
}

/** The object's `x-` entries (or, with `wanted` false, all the others). */
const extensions = (obj: Json, wanted: boolean): [string, unknown][] =>
  Object.entries(obj).filter(([k]) => k.startsWith('x-') === wanted);

/**
 * A field holding the message `table` (repeated when the JSON value is an array); the table is
 * built on first use, so that tables can name each other before they exist.
 */
const msg = (table: () => Spec): Writer => {
  let built: Spec | undefined;
  return (w, n, v) => {
    built ??= table();
    for (const e of Array.isArray(v) ? v : [v]) if (isObject(e)) sub(w, n, message(built, e));
  };
};

/** A field holding a message whose field 1 is `value` (a one-field wrapper such as `TypeItem`). */
const wrap =
  (value: Kind): Writer =>
  (w, n, v) => {
    const o = new ProtoWriter();
    writeField(o, 1, value, v);
    sub(w, n, o.finish());
  };

/** A map message: field 1 lists the object's entries as `Named<value>`. */
const map = (value: Kind): Writer =>
  wrap((w, n, v) => {
    if (isObject(v)) named(w, n, Object.entries(v), value);
  });

/**
 * A message whose entries (1) and vendor extensions (2) share one JSON object, as `Paths` and
 * `Responses` do; `extensionsFirst` swaps the two fields.
 */
const entriesAndExtensions =
  (value: Kind, extensionsFirst = false): Writer =>
  (w, n, v) => {
    if (!isObject(v)) return;
    const o = new ProtoWriter();
    named(o, extensionsFirst ? 2 : 1, extensions(v, false), value);
    named(o, extensionsFirst ? 1 : 2, extensions(v, true), 'a');
    sub(w, n, o.finish());
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

/** Repeats `kind` for each element of a JSON array. */
const each =
  (kind: Kind): Writer =>
  (w, n, v) => {
    for (const e of Array.isArray(v) ? v : []) writeField(w, n, kind, e);
  };

const externalDocs = msg(() => spec('description:s url:s x'));

/** The validation keywords shared by the parameter, header and item messages, in their order. */
const VALIDATIONS =
  'default:a maximum:d exclusiveMaximum:b minimum:d exclusiveMinimum:b maxLength:i minLength:i ' +
  'pattern:s maxItems:i minItems:i uniqueItems:b enum:as multipleOf:d';
const PRIMITIVES = `type:s format:s items collectionFormat:s ${VALIDATIONS}`;
const primitivesItems: Writer = msg(() => spec(`${PRIMITIVES} x`, { items: primitivesItems }));
const header = msg(() => spec(`${PRIMITIVES} description:s x`, { items: primitivesItems }));

/** A non-body parameter by its `in`: field in `NonBodyParameter`, and its table. */
const nonBody = (field: number, allowEmpty: boolean): [number, Kind] => [
  field,
  msg(() =>
    spec(`required:b in:s description:s name:s ${allowEmpty ? 'allowEmptyValue:b ' : ''}${PRIMITIVES} x`, {
      items: primitivesItems,
    }),
  ),
];
const NON_BODY_IN: Record<string, [number, Kind]> = {
  header: nonBody(1, false),
  formData: nonBody(2, true),
  query: nonBody(3, true),
  path: nonBody(4, false),
};

const schema: Writer = msg(() =>
  spec(
    '$ref:s format:s title:s description:s default:a multipleOf:d maximum:d exclusiveMaximum:b ' +
      'minimum:d exclusiveMinimum:b maxLength:i minLength:i pattern:s maxItems:i minItems:i uniqueItems:b ' +
      'maxProperties:i minProperties:i required:ss enum:as additionalProperties type items allOf properties ' +
      'discriminator:s readOnly:b xml externalDocs example:a x',
    {
      additionalProperties,
      type: wrap('ss'),
      items: schemaItem,
      allOf: schema,
      properties: map(schema),
      xml: msg(() => spec('name:s namespace:s prefix:s attribute:b wrapped:b x')),
      externalDocs,
    },
  ),
);

/** `ItemsItem`, and the schema case of `AdditionalPropertiesItem`: schema(s) in field 1. */
const schemaItem = wrap(schema);

/** `AdditionalPropertiesItem`: a schema (1) or a boolean (2), written even when false. */
function additionalProperties(w: ProtoWriter, n: number, v: unknown): void {
  if (typeof v === 'boolean')
    sub(
      w,
      n,
      new ProtoWriter()
        .tag(2, WIRE_VARINT)
        .varint(v ? 1 : 0)
        .finish(),
    );
  else schemaItem(w, n, v);
}

const jsonReference = msg(() => spec('$ref:s description:s'));

/** `Parameter`: a body parameter (1), or a `NonBodyParameter` (2) holding the one for its `in`. */
const parameter = oneof((p) => {
  if (p.in === 'body') return [1, msg(() => spec('description:s name:s in:s required:b schema x', { schema }))];
  const inner = NON_BODY_IN[String(p.in)] ?? NON_BODY_IN.query;
  return [2, oneof(() => inner)];
});
/** Parameters: each a `ParametersItem`, a parameter (1) or a `$ref` (2). */
const parameters = each(oneof((p) => (typeof p.$ref === 'string' ? [2, jsonReference] : [1, parameter])));

const fileSchema = msg(() =>
  spec('format:s title:s description:s default:a required:ss type:s readOnly:b externalDocs example:a x', {
    externalDocs,
  }),
);
const response = msg(() =>
  spec('description:s schema headers examples x', {
    schema: oneof((s) => (s.type === 'file' ? [2, fileSchema] : [1, schema])),
    headers: map(header),
    examples: map('a'),
  }),
);
/** `ResponseValue`: a response (1) or a `$ref` (2). */
const responseValue = oneof((r) => (typeof r.$ref === 'string' ? [2, jsonReference] : [1, response]));

/** A list of `SecurityRequirement`s: each scheme's scope names as a `StringArray`. */
const security = each(map(wrap('ss')));

const operation = msg(() =>
  spec(
    'tags:ss summary:s description:s externalDocs operationId:s produces:ss consumes:ss parameters ' +
      'responses schemes:ss deprecated:b security x',
    { externalDocs, parameters, responses: entriesAndExtensions(responseValue), security },
  ),
);
const pathItem = msg(() =>
  spec('$ref:s get put post delete options head patch parameters x', {
    get: operation,
    put: operation,
    post: operation,
    delete: operation,
    options: operation,
    head: operation,
    patch: operation,
    parameters,
  }),
);

/** `SecurityDefinitionsItem`: which of its six messages follows from `type` and `flow`. */
const securityScheme = oneof((s) => {
  const scheme = (field: number, keys: string): [number, Kind] => [
    field,
    msg(() => spec(`type:s ${keys} x`, { scopes: map('s') })),
  ];
  if (s.type === 'basic') return scheme(1, 'description:s');
  if (s.type === 'apiKey') return scheme(2, 'name:s in:s description:s');
  if (s.flow === 'implicit') return scheme(3, 'flow:s scopes authorizationUrl:s description:s');
  if (s.flow === 'password') return scheme(4, 'flow:s scopes tokenUrl:s description:s');
  if (s.flow === 'application') return scheme(5, 'flow:s scopes tokenUrl:s description:s');
  return scheme(6, 'flow:s scopes authorizationUrl:s tokenUrl:s description:s');
});

const DOCUMENT = spec(
  'swagger:s info host:s basePath:s schemes:ss consumes:ss produces:ss paths definitions parameters ' +
    'responses security securityDefinitions tags externalDocs x',
  {
    info: msg(() =>
      spec('title:s version:s description:s termsOfService:s contact license x', {
        contact: msg(() => spec('name:s url:s email:s x')),
        license: msg(() => spec('name:s url:s x')),
      }),
    ),
    paths: entriesAndExtensions(pathItem, true),
    definitions: map(schema),
    parameters: map(parameter),
    responses: map(response),
    security,
    securityDefinitions: map(securityScheme),
    tags: msg(() => spec('name:s description:s externalDocs x', { externalDocs })),
    externalDocs,
  },
);

/** gnostic's `openapi.v2.Document` for a swagger 2.0 document given as parsed JSON. */
export function encodeOpenAPIV2(doc: Json): Buffer {
  return message(DOCUMENT, doc);
}
