// Test-only: checks response bodies against the analytics spec's own component schemas
// (test/fixtures/analytics-api/analytics-api.openapi.yaml, a copy of the reconstructed spec).
// OpenAPI 3.0 schemas become JSON Schema: `nullable: true` -> a union with null, refs to
// #/components/schemas/X -> #/definitions/X; then ajv (with ajv-formats: date-time) validates.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import YAML from 'yaml';

const SPEC_PATH = path.join(path.dirname(fileURLToPath(import.meta.url)), '../../fixtures/analytics-api/analytics-api.openapi.yaml');

export const spec = YAML.parse(fs.readFileSync(SPEC_PATH, 'utf8')) as {
  paths: Record<string, Record<string, any>>;
  components: { schemas: Record<string, unknown> };
};

type Schema = Record<string, unknown>;

function toJsonSchema(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(toJsonSchema);
  if (node === null || typeof node !== 'object') return node;
  const out: Schema = {};
  for (const [key, value] of Object.entries(node as Schema)) {
    if (key === 'nullable' || key === 'example') continue;
    if (key === '$ref' && typeof value === 'string') out.$ref = value.replace('#/components/schemas/', '#/definitions/');
    else out[key] = toJsonSchema(value);
  }
  if ((node as Schema).nullable !== true) return out;
  if (typeof out.type === 'string') {
    out.type = [out.type, 'null'];
    if (Array.isArray(out.enum)) out.enum = [...out.enum, null];
    return out;
  }
  // A nullable oneOf / $ref: either the schema or null.
  const { description, ...rest } = out;
  return { description, anyOf: [rest, { type: 'null' }] };
}

// ajv-formats is CommonJS: its default export arrives wrapped under ESM.
const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as (ajv: Ajv) => Ajv;
const ajv = new Ajv({ strict: false, allErrors: true });
addFormats(ajv);
ajv.addFormat('float', true);
ajv.addSchema({ $id: 'analytics-spec', definitions: toJsonSchema(spec.components.schemas) as Schema });

const validators = new Map<string, ValidateFunction>();

/** Throws (with ajv's errors and the body) unless `body` matches components.schemas[name]. */
export function expectSpecSchema(name: string, body: unknown): void {
  let validate = validators.get(name);
  if (!validate) {
    validate = ajv.getSchema(`analytics-spec#/definitions/${name}`);
    if (!validate) throw new Error(`no schema ${name} in the spec`);
    validators.set(name, validate);
  }
  if (!validate(body)) {
    throw new Error(`body does not match the spec's ${name}: ${ajv.errorsText(validate.errors)}\n${JSON.stringify(body).slice(0, 2000)}`);
  }
}

/** The spec's `requestBody` examples of POST /api/v1/traces/search, verbatim. */
export function specSearchExamples(): Record<string, unknown> {
  const examples = spec.paths['/api/v1/traces/search']!.post.requestBody.content['application/json'].examples as Record<string, { value: unknown }>;
  return Object.fromEntries(Object.entries(examples).map(([name, example]) => [name, example.value]));
}
