// Bundles the client, the language server and the CLI with esbuild (CommonJS, Node 20, minified, with
// source maps kept out of the .vsix). `--watch` rebuilds on change.
import * as esbuild from 'esbuild';
import { execFileSync } from 'node:child_process';
const watch = process.argv.includes('--watch');
// Schema validators precompiled to code first (out/validators.cjs), so that the bundles include them.
await esbuild.build({ entryPoints: ['scripts/gen-validators.ts'], bundle: true, platform: 'node', target: 'node20', format: 'cjs', outfile: 'out/gen-validators.cjs', logLevel: 'warning', external: ['ajv', 'ajv-formats', 'ajv/*'] });
execFileSync(process.execPath, ['out/gen-validators.cjs'], { stdio: 'inherit' });
const common = { bundle: true, platform: 'node', target: 'node20', format: 'cjs', minify: !watch, sourcemap: watch ? 'inline' : false, logLevel: 'warning', legalComments: 'none' };
const builds = [
  { ...common, entryPoints: ['client/src/extension.ts'], outfile: 'dist/client.js', external: ['vscode'] },
  { ...common, entryPoints: ['server/src/server.ts'], outfile: 'dist/server.js' },
  { ...common, entryPoints: ['server/src/cli.ts'], outfile: 'dist/cli.js', banner: { js: '#!/usr/bin/env node' } },
];
if (watch) { for (const b of builds) await (await esbuild.context(b)).watch(); }
else await Promise.all(builds.map((b) => esbuild.build(b)));
