// Precompiles the schema validators with ajv's standalone code generation, so the language server and the CLI do
// not spend ~1 s compiling GitLab's schema on their first analysis. Writes out/validators.cjs (build output,
// bundled into dist/ by esbuild); server/src/schema/index.ts uses it when present and compiles at run time
// otherwise (e.g. tests run from source).
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ajvOptions, ciSchema, runnerSchema } from '../server/src/schema/index';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import standaloneCode from 'ajv/dist/standalone';
import { _ } from 'ajv';

const parts: string[] = ['"use strict";'];
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
