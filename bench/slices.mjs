#!/usr/bin/env node
// In-process instrumentation of the sliced analysis (server/src/lsp/sliced.ts over Workspace.analyzeSteps) and of the
// editor requests answered between slices, run through tsx on the TypeScript sources:
//   node --import tsx bench/slices.mjs [--jobs 3000] [--edits 5] [--slice-ms 5] [--tmp .bench-tmp]
// It generates (or reuses) the benchmark's workspace (bench/README.md: .gitlab-ci.yml of N jobs + a 200-runner
// config.toml), opens the CI file, then makes edits as the benchmark does (a comment line appended, full text).
// After each edit it first asks the requests once before any analysis (as when typing), then runs the analysis in
// slices as the server does and asks them between slices (completion, hover and code actions at the benchmark's places).
// Reported, for the edits (not the open): the longest single step and the slices, and the requests, each in wall time
// and in CPU time of this process (process.cpuUsage: much less sensitive to other load on the machine than wall time).
// A request that arrives during a slice waits at most for the rest of that slice, then runs: slice + request bounds it.
import { readFileSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { performance } from 'node:perf_hooks';
import { execFileSync } from 'node:child_process';
import os from 'node:os';
import { ciProbes } from './probes.mjs';

const HERE = dirname(fileURLToPath(import.meta.url));
const SRC = join(HERE, '..', 'server', 'src');
const argv = process.argv.slice(2);
const opt = (k, d) => { const i = argv.indexOf(k); return i < 0 ? d : argv[i + 1]; };
if (argv.includes('--help')) { console.log(readFileSync(fileURLToPath(import.meta.url), 'utf8').split('\n').slice(1, 12).map((l) => l.replace(/^\/\/ ?/, '')).join('\n')); process.exit(0); }
const JOBS = Number(opt('--jobs', 3000));
const EDITS = Number(opt('--edits', 5));
const SLICE_MS = Number(opt('--slice-ms', 5));
const TMP = resolve(opt('--tmp', join(HERE, '..', '.bench-tmp')));

const ws0 = join(TMP, `ws-${JOBS}`);
const ci = join(ws0, '.gitlab-ci.yml');
const toml = join(ws0, 'config.toml');
if (!existsSync(ci) || !existsSync(toml)) {
  mkdirSync(ws0, { recursive: true });
  writeFileSync(ci, execFileSync(process.execPath, [join(HERE, 'gen-gitlab-ci.mjs'), '--jobs', String(JOBS), '--seed', '1', '--errors', '4'], { maxBuffer: 1 << 30 }));
  writeFileSync(toml, execFileSync(process.execPath, [join(HERE, 'gen-runner-config.mjs'), '--runners', '200', '--seed', '1'], { maxBuffer: 1 << 30 }));
}

const { Workspace } = await import(pathToFileURL(join(SRC, 'engine', 'workspace.ts')).href);
const intel = await import(pathToFileURL(join(SRC, 'lsp', 'editor-intel.ts')).href);
const { buildStrategyActions } = await import(pathToFileURL(join(SRC, 'lsp', 'strategy-actions.ts')).href);
const snippets = await import(pathToFileURL(join(SRC, 'lsp', 'snippets.ts')).href);

const texts = new Map([[ci, readFileSync(ci, 'utf8')], [toml, readFileSync(toml, 'utf8')]]);
const fs = { readFile: (p) => texts.get(p), listFiles: () => [...texts.keys()] };
const ws = new Workspace(fs, { roots: [ws0] });

// the benchmark's places (probes.mjs), as method names of the engine's front end; code actions where hovers are
function probes(text) {
  const out = ciProbes(text).map((p) => ({ ...p, method: p.method.replace('textDocument/', '') }));
  return out.flatMap((p) => [p, ...(p.method === 'hover' ? [{ ...p, method: 'codeAction' }] : [])]);
}
const places = probes(texts.get(ci));

const cpuMs = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; };
function ask(p) {
  const at = { ws, path: ci, text: texts.get(ci), root: ws0, readFile: (f) => texts.get(f) };
  if (p.method === 'completion') return [intel.completionIn(at, p.position), snippets.snippetCompletions(snippets.snippetTarget(intel.kindOf(at), ci, at.text), at.text, p.position)]; // as server.ts
  if (p.method === 'hover') return intel.keyHoverIn(at, p.position);
  return buildStrategyActions(ws, ci, 'file:///ci', { start: p.position, end: p.position }, texts.get(ci), (f) => texts.get(f));
}
function timed(f) { const w = performance.now(), c = cpuMs(); const r = f(); return { wall: performance.now() - w, cpu: cpuMs() - c, r }; }

const rec = { steps: [], slices: [], typing: [], during: [] };
function analyse(record) {
  const g = ws.analyzeSteps(ci);
  let k = 0;
  for (;;) {
    // one slice: steps until SLICE_MS have passed (as lsp/sliced.ts)
    const w0 = performance.now(), c0 = cpuMs();
    let done = false;
    for (;;) {
      const s = timed(() => g.next());
      if (record) rec.steps.push(s.wall);
      if (s.r.done) { done = true; break; }
      if (performance.now() - w0 >= SLICE_MS) break;
    }
    if (record) rec.slices.push({ wall: performance.now() - w0, cpu: cpuMs() - c0 });
    if (done) return;
    // a request between two slices
    const p = places[k++ % places.length];
    const q = timed(() => ask(p));
    if (record) rec.during.push({ ...q, method: p.method, what: p.what });
  }
}

const tOpen = performance.now();
analyse(false);
const openMs = performance.now() - tOpen;
for (let i = 1; i <= EDITS; i++) {
  texts.set(ci, `${texts.get(ci)}# dind-doctor bench edit ${i}\n`);
  ws.changed(ci);
  for (const p of places) { const q = timed(() => ask(p)); rec.typing.push({ ...q, method: p.method, what: p.what }); }
  analyse(true);
}

const q = (xs, f) => { const s = [...xs].sort((a, b) => a - b); return s.length ? s[Math.min(s.length - 1, Math.ceil(f * s.length) - 1)] : NaN; };
const fmt = (xs) => `p50 ${q(xs, 0.5).toFixed(1)}, p95 ${q(xs, 0.95).toFixed(1)}, max ${Math.max(...xs).toFixed(1)} (n ${xs.length})`;
console.log(`# sliced analysis, ${JOBS} jobs (${places.length} request places), slices of ${SLICE_MS} ms, ${EDITS} edits; Node ${process.version}, ${os.cpus().length} cores, load ${os.loadavg().map((x) => x.toFixed(1)).join('/')}`);
console.log(`open (not counted): ${Math.round(openMs)} ms`);
console.log(`step, wall ms: ${fmt(rec.steps)}`);
console.log(`slice, wall ms: ${fmt(rec.slices.map((s) => s.wall))}`);
console.log(`slice, CPU ms: ${fmt(rec.slices.map((s) => s.cpu))}`);
for (const [name, xs] of [['request right after an edit, before its analysis', rec.typing], ['request between two slices', rec.during]]) {
  console.log(`${name}, wall ms: ${fmt(xs.map((x) => x.wall))}; CPU ms: ${fmt(xs.map((x) => x.cpu))}`);
  const worst = new Map();
  for (const x of xs) { const k = `${x.method} (${x.what})`; worst.set(k, Math.max(worst.get(k) ?? 0, x.cpu)); }
  console.log(`  max CPU ms by request: ${[...worst].map(([k, v]) => `${k} ${v.toFixed(1)}`).join('; ')}`);
}
