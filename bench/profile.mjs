#!/usr/bin/env node
// CPU profile of the built language server on one generated workspace (after `npm run bench` has generated it, or
// it generates it): `node --cpu-prof` on dist/server.js, one session (open + E edits), then a summary of the top
// self-time and inclusive-time functions. The .cpuprofile stays in bench/results/ (open it in Chrome DevTools).
// By default it profiles an unminified build of the same entry point (esbuild, same options as scripts/build.mjs
// but minify: false, written to bench/results/server-unminified.js) so that function names are readable;
// --dist profiles dist/server.js itself.
//   node bench/profile.mjs [--jobs 1000] [--edits 1] [--top 15] [--timeout-ms 600000] [--dist] [--file PATH --workspace DIR]
import { mkdirSync, readdirSync, statSync, readFileSync, existsSync } from 'node:fs';
import { join, resolve, dirname, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { spawnSync } from 'node:child_process';
import { parseArgs } from './rng.mjs';
import { runSession } from './lsp-session.mjs';

const HERE = dirname(fileURLToPath(import.meta.url));
const REPO = resolve(HERE, '..');
const args = parseArgs(process.argv.slice(2), { booleans: ['dist'] });
const JOBS = Number(args.jobs ?? 1000);
const ws = resolve(REPO, String(args.workspace ?? join('.bench-tmp', `ws-${JOBS}`)));
const file = resolve(REPO, String(args.file ?? join(ws, '.gitlab-ci.yml')));
if (!existsSync(file)) {
  mkdirSync(ws, { recursive: true });
  spawnSync(process.execPath, [join(HERE, 'gen-gitlab-ci.mjs'), '--jobs', String(JOBS), '--seed', '1', '--errors', '4', '--out', file]);
  spawnSync(process.execPath, [join(HERE, 'gen-runner-config.mjs'), '--runners', String(args.runners ?? 200), '--seed', '1', '--out', join(ws, 'config.toml')]);
}
const dir = join(REPO, 'bench', 'results', `profile-${new Date().toISOString().replace(/[:.]/g, '-')}`);
mkdirSync(dir, { recursive: true });
let server = join(REPO, 'dist', 'server.js');
if (!args.dist) {
  const esbuild = await import('esbuild');
  server = join(REPO, 'bench', 'results', 'server-unminified.js');
  await esbuild.build({ entryPoints: [join(REPO, 'server', 'src', 'server.ts')], outfile: server, bundle: true, platform: 'node', target: 'node20', format: 'cjs', minify: false, sourcemap: false, logLevel: 'warning', legalComments: 'none' });
}
const res = await runSession({
  serverArgv: [process.execPath, '--cpu-prof', '--cpu-prof-dir', dir, server, '--stdio'],
  workspace: ws, file, languageId: file.endsWith('.toml') ? 'toml' : 'yaml', edits: Number(args.edits ?? 1),
  requestTimeoutMs: Number(args['timeout-ms'] ?? 600000), settings: { dindDoctor: { enable: true } },
});
console.log(`session: ${res.ok ? 'ok' : `FAILED (${res.error})`}; init ${res.spawnToInitializeMs} ms, open→diag ${res.openToFirstDiagMs} ms, edits ${res.editMs.join(', ')} ms, peak RSS ${res.peakRssMb} MiB, ${res.firstDiagCount} diagnostics`);
const prof = readdirSync(dir).filter((f) => f.endsWith('.cpuprofile')).map((f) => join(dir, f)).sort((a, b) => statSync(b).mtimeMs - statSync(a).mtimeMs)[0];
if (!prof) { console.log('no .cpuprofile written (the server must exit normally on shutdown/exit)'); process.exit(1); }
console.log(`profile: ${relative(REPO, prof)}`);
summarize(prof, Number(args.top ?? 15));

export function summarize(path, top) {
  const p = JSON.parse(readFileSync(path, 'utf8'));
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const parent = new Map();
  for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const label = (cf) => `${cf.functionName || '(anonymous)'} ${cf.url ? `${cf.url.replace(/^file:\/\//, '').replace(REPO + '/', '')}:${cf.lineNumber + 1}:${cf.columnNumber + 1}` : ''}`.trim();
  const self = new Map(); const incl = new Map();
  let total = 0;
  for (let i = 0; i < p.samples.length; i++) {
    const dt = (p.timeDeltas[i] ?? 0) / 1000; total += dt;
    const k = label(byId.get(p.samples[i]).callFrame);
    self.set(k, (self.get(k) ?? 0) + dt);
    const seen = new Set();
    for (let id = p.samples[i]; id !== undefined; id = parent.get(id)) { const l = label(byId.get(id).callFrame); if (!seen.has(l)) { seen.add(l); incl.set(l, (incl.get(l) ?? 0) + dt); } }
  }
  const show = (m, title, filter = () => true) => {
    console.log(`\n${title} (of ${Math.round(total)} ms sampled)`);
    for (const [k, v] of [...m].filter(([k]) => filter(k)).sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(`${v.toFixed(0).padStart(8)} ms ${(100 * v / total).toFixed(1).padStart(5)} %  ${k}`);
  };
  show(self, 'top self time');
  show(incl, 'top inclusive time (frames of the server bundle)', (k) => /(dist\/server|server-unminified)\.js/.test(k));
}
