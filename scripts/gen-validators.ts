// Precompiles the schema validators with ajv's standalone code generation, so the language server and the CLI do
// not spend ~1 s compiling GitLab's schema on their first analysis. Writes out/validators.cjs (build output,
// bundled into dist/ by esbuild, with the fingerprints of the schemas it was made from); server/src/schema/
// validators.ts uses it when present and made from the schemas as they are, and compiles at run time otherwise.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ajvOptions, ciSchema, runnerSchema } from '../server/src/schema/index';
import { schemaFingerprint } from '../server/src/schema/validators';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import standaloneCode from 'ajv/dist/standalone';
import { _ } from 'ajv';

// The fingerprints of the schemas these validators are made from: at run time, validators of another schema are
// not used (a schema or patch changed without a rebuild).
const fingerprints = { ci: schemaFingerprint(ciSchema()), runner: schemaFingerprint(runnerSchema()) };
const parts: string[] = ['"use strict";', `exports.fingerprints = ${JSON.stringify(fingerprints)};`];
for (const [name, schema] of [['ci', ciSchema()], ['runner', runnerSchema()]] as const) {
  for (const detailed of [false, true]) {
    const ajv = new Ajv({ ...ajvOptions(detailed), code: { source: true, formats: _`require("ajv-formats/dist/formats").fullFormats` } });
    addFormats(ajv);
    const code = standaloneCode(ajv, ajv.compile(schema));
    parts.push(`exports[${JSON.stringify(`${name}${detailed ? 'Detailed' : 'Fast'}`)}] = (function () { const module = { exports: {} }; const exports = module.exports; ${code}\nreturn module.exports; })();`);
  }
}
const out = join(__dirname, '..', 'out');
mkdirSync(out, { recursive: true });
writeFileSync(join(out, 'validators.cjs'), parts.join('\n'));
