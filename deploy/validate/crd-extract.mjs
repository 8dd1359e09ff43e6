// Turns CustomResourceDefinition YAML files into the schema files validate.mjs reads:
// one JSON file per served version, with the CRD's openAPIV3Schema minus descriptions and
// examples (they only make the files big).
//
//   node crd-extract.mjs --source "io.strimzi:api:1.2.0" OUT_DIR crd.yaml...
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';

const args = process.argv.slice(2);
let source = 'unknown';
if (args[0] === '--source') {
  source = args[1];
  args.splice(0, 2);
}
const [outDir, ...files] = args;

function strip(node) {
  if (Array.isArray(node)) return node.map(strip);
  if (node && typeof node === 'object') {
    const out = {};
    for (const [k, v] of Object.entries(node)) {
      if (k === 'description' || k === 'example') continue;
      out[k] = strip(v);
    }
    return out;
  }
  return node;
}

for (const file of files) {
  for (const doc of parseAllDocuments(readFileSync(file, 'utf8'))) {
    const crd = doc.toJS();
    if (!crd || crd.kind !== 'CustomResourceDefinition') continue;
    const { group, names } = crd.spec;
    for (const version of crd.spec.versions) {
      if (!version.served) continue;
      const name = `${group}_${version.name}_${names.kind}.json`;
      const body = {
        source,
        apiVersion: `${group}/${version.name}`,
        kind: names.kind,
        openAPIV3Schema: strip(version.schema.openAPIV3Schema),
      };
      writeFileSync(join(outDir, name), JSON.stringify(body) + '\n');
      console.log(`${name}: ${JSON.stringify(body).length} bytes`);
    }
  }
}
