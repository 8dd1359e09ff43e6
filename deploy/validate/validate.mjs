// Validates Kubernetes objects offline, the way the API server would reject them:
//   - built-in kinds (and the Prometheus Operator's) against the Kubernetes OpenAPI schemas
//     shipped in the npm packages kubernetes-models / @kubernetes-models/prometheus-operator:
//     missing required fields, wrong types and bad enum values (their ajv validators), and
//     unknown fields (TypeScript's excess-property check against the same packages' type
//     declarations: the ajv validators accept unknown fields);
//   - custom resources (Strimzi, CloudNativePG) against the CRD schemas in schemas/, made
//     strict: a field a schema does not declare is an error, as with kubectl's
//     --validate=strict. Their metadata is checked as ObjectMeta.
//
//   node validate.mjs FILE...                  every object must be valid
//   node validate.mjs --expect-invalid FILE... every object must be REJECTED, for the reason
//                                              its annotation validate.troco.dev/expect names
//                                              (unknown-field, wrong-type, missing-required)
import { readFileSync, readdirSync, mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Ajv from 'ajv';
import ts from 'typescript';
import { parseAllDocuments } from 'yaml';

const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);
const EXPECT_ANNOTATION = 'validate.troco.dev/expect';

// ---------------------------------------------------------------- CRD schemas (schemas/)

/** OpenAPI v3 structural schema (as in a CRD) to a strict JSON Schema for ajv. */
function toJsonSchema(node) {
  if (Array.isArray(node)) return node.map(toJsonSchema);
  if (!node || typeof node !== 'object') return node;
  const out = {};
  for (const [key, value] of Object.entries(node)) {
    if (key.startsWith('x-kubernetes-') || key === 'nullable') continue;
    if (key === 'properties') {
      out.properties = Object.fromEntries(Object.entries(value).map(([k, v]) => [k, toJsonSchema(v)]));
    } else if (['items', 'additionalProperties', 'not'].includes(key) && typeof value === 'object') {
      out[key] = toJsonSchema(value);
    } else if (['allOf', 'anyOf', 'oneOf'].includes(key)) {
      out[key] = value.map(toJsonSchema);
    } else {
      out[key] = value;
    }
  }
  if (node['x-kubernetes-int-or-string']) out.type = ['integer', 'string'];
  if (node.nullable && out.type) out.type = [].concat(out.type, 'null');
  const open = node['x-kubernetes-preserve-unknown-fields'] === true;
  if (out.properties && !open && out.additionalProperties === undefined) out.additionalProperties = false;
  return out;
}

const ajv = new Ajv({ allErrors: true, strict: false, validateFormats: false });
const crdSchemas = new Map(); // "group/version:Kind" -> { validate, source }
for (const file of readdirSync(join(here, 'schemas')).sort()) {
  if (!/\.(json|ya?ml)$/.test(file)) continue;
  const text = readFileSync(join(here, 'schemas', file), 'utf8');
  const doc = file.endsWith('.json') ? JSON.parse(text) : parseAllDocuments(text)[0].toJS({ maxAliasCount: -1 });
  const schema = toJsonSchema(doc.openAPIV3Schema);
  crdSchemas.set(`${doc.apiVersion}:${doc.kind}`, { validate: ajv.compile(schema), source: doc.source, file });
}

// ------------------------------------------------ built-in kinds (kubernetes-models packages)

/** The module of a kind in the kubernetes-models packages, or null. */
function modelModule(apiVersion, kind) {
  const candidates = [`kubernetes-models/${apiVersion}/${kind}`,
    `@kubernetes-models/prometheus-operator/${apiVersion}/${kind}`];
  for (const name of candidates) {
    try {
      require.resolve(name);
      return name;
    } catch {
      // not in this package
    }
  }
  return null;
}

function categoryOfAjv(keyword) {
  switch (keyword) {
    case 'additionalProperties': return 'unknown-field';
    case 'required': return 'missing-required';
    case 'type': return 'wrong-type';
    default: return 'invalid-value';
  }
}

function ajvErrors(errors) {
  return (errors || []).map((e) => {
    const where = e.instancePath || '/';
    const extra = e.keyword === 'additionalProperties' ? ` '${e.params.additionalProperty}'`
      : '';
    return { category: categoryOfAjv(e.keyword), message: `${where}: ${e.message}${extra}` };
  });
}

// ------------------------------------------------------------------------------ reading

const args = process.argv.slice(2);
const expectInvalid = args[0] === '--expect-invalid';
const files = expectInvalid ? args.slice(1) : args;
if (files.length === 0) {
  console.error('usage: node validate.mjs [--expect-invalid] FILE...');
  process.exit(2);
}

const objects = [];
for (const file of files) {
  const docs = parseAllDocuments(readFileSync(file, 'utf8'));
  docs.forEach((doc, i) => {
    if (doc.errors.length > 0) {
      objects.push({ file, label: `${file} document ${i + 1}`, obj: null,
        errors: doc.errors.map((e) => ({ category: 'yaml', message: e.message })) });
      return;
    }
    const obj = doc.toJS();
    if (obj === null || obj === undefined) return;
    const label = `${file}: ${obj.kind ?? '?'}/${obj.metadata?.name ?? '?'}`;
    objects.push({ file, label, obj, errors: [] });
  });
}

// ------------------------------------------------------------------------ validating

const tsChecks = []; // { entry, module, type, value }

for (const entry of objects) {
  const { obj } = entry;
  if (!obj) continue;
  if (typeof obj !== 'object' || Array.isArray(obj)) {
    entry.errors.push({ category: 'wrong-type', message: 'a document must be an object' });
    continue;
  }
  if (typeof obj.apiVersion !== 'string' || typeof obj.kind !== 'string') {
    entry.errors.push({ category: 'missing-required', message: 'apiVersion and kind are required' });
    continue;
  }
  if (!obj.metadata || (typeof obj.metadata.name !== 'string' && typeof obj.metadata.generateName !== 'string')) {
    entry.errors.push({ category: 'missing-required', message: '/metadata: must have required property \'name\'' });
  }
  const crd = crdSchemas.get(`${obj.apiVersion}:${obj.kind}`);
  const module = crd ? null : modelModule(obj.apiVersion, obj.kind);
  if (crd) {
    entry.schema = crd.file;
    if (!crd.validate(obj)) entry.errors.push(...ajvErrors(crd.validate.errors));
    if (obj.metadata && typeof obj.metadata === 'object') {
      tsChecks.push({ entry, module: '@kubernetes-models/apimachinery/apis/meta/v1/ObjectMeta',
        type: 'IObjectMeta', value: obj.metadata, prefix: '/metadata' });
    }
  } else if (module) {
    entry.schema = module;
    const Model = require(module)[obj.kind];
    try {
      new Model(obj).validate();
    } catch (e) {
      entry.errors.push(...(e.errors ? ajvErrors(e.errors) : [{ category: 'invalid-value', message: String(e.message) }]));
    }
    tsChecks.push({ entry, module, type: `I${obj.kind}`, value: obj, prefix: '' });
  } else {
    entry.errors.push({ category: 'unknown-kind', message: `no schema for ${obj.apiVersion} ${obj.kind}` });
  }
}

// Unknown fields of built-in kinds (and metadata): one TypeScript program, one typed constant
// per object; the compiler's excess-property check names every field the type lacks.
if (tsChecks.length > 0) {
  const work = mkdtempSync(join(here, '.tscheck-'));
  try {
    const lines = [];
    const spans = [];
    const imports = new Map();
    tsChecks.forEach((check) => {
      const key = `${check.module}#${check.type}`;
      if (!imports.has(key)) imports.set(key, `T${imports.size}`);
    });
    for (const [key, alias] of imports) {
      const [module, type] = key.split('#');
      lines.push(`import type { ${type} as ${alias} } from ${JSON.stringify(module)};`);
    }
    tsChecks.forEach((check, i) => {
      const alias = imports.get(`${check.module}#${check.type}`);
      const start = lines.length;
      lines.push(...`export const o${i}: ${alias} = ${JSON.stringify(check.value, null, 1)};`.split('\n'));
      spans.push({ start, end: lines.length - 1, check });
    });
    const file = join(work, 'objects.ts');
    writeFileSync(file, lines.join('\n') + '\n');
    const program = ts.createProgram([file], {
      noEmit: true, strict: true, skipLibCheck: true, types: [], lib: ['lib.es2020.d.ts'],
      module: ts.ModuleKind.CommonJS, moduleResolution: ts.ModuleResolutionKind.Node10,
      target: ts.ScriptTarget.ES2020, baseUrl: here, typeRoots: [],
    });
    const diagnostics = ts.getPreEmitDiagnostics(program);
    for (const d of diagnostics) {
      const message = ts.flattenDiagnosticMessageText(d.messageText, ' ');
      if (!d.file || d.file.fileName !== file) {
        console.error(`validator setup error: ${message}`);
        process.exit(2);
      }
      const { line } = d.file.getLineAndCharacterOfPosition(d.start);
      const span = spans.find((s) => line >= s.start && line <= s.end);
      if (!span) {
        console.error(`validator setup error (line ${line + 1}): ${message}`);
        process.exit(2);
      }
      const category = [2353, 2561].includes(d.code) ? 'unknown-field'
        : [2741, 2739, 2740].includes(d.code) ? 'missing-required' : 'wrong-type';
      // The property path is the text before the offending line, as the JSON keys above it.
      span.check.entry.errors.push({ category, message: `${span.check.prefix || ''} ${message}`.trim() });
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

// ---------------------------------------------------------------------------- reporting

let failures = 0;
for (const entry of objects) {
  const categories = new Set(entry.errors.map((e) => e.category));
  if (!expectInvalid) {
    if (entry.errors.length === 0) continue;
    failures++;
    console.log(`INVALID ${entry.label}`);
    for (const e of entry.errors) console.log(`    [${e.category}] ${e.message}`);
  } else {
    const expected = entry.obj?.metadata?.annotations?.[EXPECT_ANNOTATION];
    if (entry.errors.length === 0) {
      failures++;
      console.log(`ACCEPTED (must be rejected: ${expected ?? 'no reason given'}) ${entry.label}`);
    } else if (expected && !categories.has(expected)) {
      failures++;
      console.log(`REJECTED FOR ANOTHER REASON (expected ${expected}) ${entry.label}`);
      for (const e of entry.errors) console.log(`    [${e.category}] ${e.message}`);
    } else {
      const first = entry.errors.find((e) => e.category === expected) ?? entry.errors[0];
      console.log(`rejected as expected (${first.category}) ${entry.label}: ${first.message}`);
    }
  }
}
const valid = objects.length - failures;
console.log(expectInvalid
  ? `${objects.length - failures} of ${objects.length} broken objects rejected`
  : `${valid} of ${objects.length} objects valid`);
process.exit(failures === 0 && objects.length > 0 ? 0 : 1);
