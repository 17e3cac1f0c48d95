#!/usr/bin/env node
// dind-doctor benchmark (GitHub issue 7). `npm run bench` builds, then runs this:
//
//   node bench/bench.mjs [--quick] [--runs 5] [--sizes 10,100,1000,3000] [--runners 200] [--edits N]
//                        [--change full|incremental] [--timeout-ms 60000] [--floor-runs N]
//                        [--skip server,cli,floor,analysis,activation,runner] [--server "CMD ARGS"] [--cli FILE]
//                        [--tmp DIR] [--out FILE] [--budget-ms 30000] [--verbose]
//                        [--peer BIN] [--peer-sizes 100,1000,3000] [--others 20] [--corpus DIR]
//   node bench/bench.mjs --summarize bench/results/bench-<timestamp>.json     (re-print the table of a run)
//
// 1. Generates (bench/gen-gitlab-ci.mjs, bench/gen-runner-config.mjs, copied from ../shared/tools/lsp-bench/) one
//    workspace folder per size under --tmp (default <repo>/.bench-tmp/, git-ignored): ws-<jobs>/.gitlab-ci.yml
//    (seed 1, 4 injected schema errors: the very files of the peer baseline in ../shared/tools/lsp-bench/README.md)
//    and ws-<jobs>/config.toml with --runners [[runners]] (cross-file analysis: the runner config is in the
//    workspace of every CI file).
// 2. (a) server: `node dist/server.js --stdio`, one fresh process per run, runs interleaved over the sizes
//    (run 1 of every size, then run 2, ...). Per run: spawn -> initialize result; initialized, answer the
//    server's workspace/configuration pull (waiting up to 1 s for it, then 100 ms idle: not measured);
//    didOpen -> first publishDiagnostics for the URI; E edits (append a comment line, sent as full text by
//    default) each -> the next publishDiagnostics whose version >= the edit's version; peak RSS = VmHWM of
//    the server PID (also polled every 20 ms). Nothing is subtracted: the server's debounce is inside open/edit.
//    (b) CLI: `node dist/cli.js <file> --format json` in the workspace folder, wall time (exit 1 = findings: ok).
//    (c) floor: `yaml` parseDocument of the same text in this process, the engine's options, warm heap.
//    (d) analysis: if server/src/engine/workspace.ts exists, bench/engine-timing.mjs (through tsx) times
//        Workspace.analyze(file) in-process: analysis on top of parse = analyze - parseDocument.
//    (e) activation: bench/activation.cjs (fresh node process per run) times require('dist/client.js') with a
//        stub `vscode`, then activate() with a stub context; child_process spawns are intercepted, never run.
//    (f) .vsix size if dind-doctor-*.vsix exists at the repo root.
//    (g) peer: yaml-language-server 1.25.0 with GitLab's ci.json (schemas/gitlab-ci.json) on the same files, in the
//        same run (installed on demand under .bench-tmp/peer/ with npm; --peer BIN to use another; --skip peer).
//    (h) others: the 100-job file opened in a workspace that also holds --others (20) other 100-job CI files.
//    (i) corpus: `node dist/cli.js <corpus>` on ../shared/corpus as one workspace, and the sum of its parses.
// 3. Prints a Markdown table with the targets of issues 7 and 16 marked ✓/✗ and writes bench/results/bench-<timestamp>.json.
//
// Figures are "median (min–max)" over the runs (edits: over all edits of all runs). Every awaited step has a
// timeout (--timeout-ms); a size whose run failed is not run again; child processes are always killed by PID.

import { spawnSync, spawn } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync, existsSync, statSync, readdirSync } from 'node:fs';
import { join, resolve, dirname, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { createRequire } from 'node:module';
import os from 'node:os';
import { parseDocument, YAMLSeq } from 'yaml';
import { parseArgs } from './rng.mjs';
import { runSession, liveChildren, killPid } from './lsp-session.mjs';
import { ciProbes } from './probes.mjs';

const require = createRequire(import.meta.url);
const HERE = dirname(fileURLToPath(import.meta.url));
const REPO = resolve(HERE, '..');

// ------------------------------------------------------------------ options
const args = parseArgs(process.argv.slice(2), { booleans: ['quick', 'verbose', 'help', 'keep-going'] });
if (args.help) {
  console.log(readFileSync(fileURLToPath(import.meta.url), 'utf8').split('\n').slice(1, 39).map((l) => l.replace(/^\/\/ ?/, '')).join('\n'));
  process.exit(0);
}
const QUICK = !!args.quick;
const SIZES = String(args.sizes ?? (QUICK ? '10,100,1000' : '10,100,1000,3000')).split(',').map(Number).filter((n) => n > 0);
const RUNS = Number(args.runs ?? (QUICK ? 3 : 5));
const RUNNERS = Number(args.runners ?? 200);
const EDITS_FOR = (jobs) => (args.edits !== undefined ? Number(args.edits) : jobs >= 3000 ? 3 : jobs >= 1000 ? 5 : 10);
const CHANGE = String(args.change ?? 'full');
const TIMEOUT = Number(args['timeout-ms'] ?? 60000);
const FLOOR_RUNS = Number(args['floor-runs'] ?? Math.max(RUNS, QUICK ? 5 : 10));
const ANALYSIS_TIMEOUT = Number(args['analysis-timeout-ms'] ?? 600000); // one engine-timing process (cold + warm-up + >= 3 runs)
const BUDGET = Number(args['budget-ms'] ?? 30000); // per file and measurement (CLI, floor, analysis): after 3 runs, stop once spent
const SKIP = new Set(String(args.skip ?? '').split(',').filter(Boolean));
const SERVER_ARGV = args.server ? String(args.server).split(/\s+/).filter(Boolean) : [process.execPath, join(REPO, 'dist', 'server.js'), '--stdio'];
const CLI = resolve(REPO, String(args.cli ?? 'dist/cli.js'));
const TMP = resolve(REPO, String(args.tmp ?? '.bench-tmp'));
const OUT = resolve(REPO, String(args.out ?? join('bench', 'results', `bench-${new Date().toISOString().replace(/[:.]/g, '-')}.json`)));
const VERBOSE = !!args.verbose;
const PEER_DIR = join(TMP, 'peer');
const PEER_BIN = resolve(REPO, String(args.peer ?? join(PEER_DIR, 'node_modules', 'yaml-language-server', 'bin', 'yaml-language-server')));
const PEER_VERSION = '1.25.0'; // the newest yaml-language-server that runs on Node 20 (2.x needs Node >= 22.13)
const PEER_SIZES = String(args['peer-sizes'] ?? SIZES.join(',')).split(',').map(Number).filter((n) => SIZES.includes(n));
const PEER_RUNS_FOR = (jobs) => (jobs >= 1000 ? 1 : Math.min(RUNS, 3));
const PEER_EDITS_FOR = (jobs) => (jobs >= 3000 ? 1 : jobs >= 1000 ? 2 : 5);
const OTHERS = Number(args.others ?? 20);
const CORPUS = resolve(REPO, String(args.corpus ?? join('..', 'shared', 'corpus')));
const log = (...a) => console.error(...a);
if (SERVER_ARGV[0] === 'node') SERVER_ARGV[0] = process.execPath;

const SETTINGS = { dindDoctor: { enable: true, rules: {}, runner: { executor: '' }, runnerConfigFiles: [], ciFiles: [], schemaValidation: true, trace: { server: 'off' } } };

// Targets of issues 7 and 16 (2-core machine).
const TARGETS = {
  open: { 100: 250, 1000: 1000, 3000: 3000 },
  edit: { 100: 100, 1000: 300, 3000: 600 },
  rss: { 3000: 250 },
  activationMs: 50,
  /** completion and hover, 95th percentile (issue 15) */
  requestP95: { 1000: 50 },
  /** hover, completion and code actions while an edit is being analysed, 95th percentile (issue 16) */
  duringP95: { 3000: 50 },
  /** first diagnostics of the 100-job file with 20 other CI files in the workspace / alone (issue 16) */
  othersRatio: 1.2,
  vsixBytes: 1.5 * 1024 * 1024,
};
// Peer: yaml-language-server 1.25.0 on the same files, ../shared/tools/lsp-bench/README.md (same machine class).
const PEER = {
  10: { open: 438, edit: 253, rss: 103, floor: 5.2 },
  100: { open: 1214, edit: 739, rss: 133, floor: 39 },
  1000: { open: 27692, edit: 34766, rss: 237, floor: 376 },
  3000: { open: 254747, edit: 284617, rss: 315, floor: 1342 },
};

// ------------------------------------------------------------------ helpers
const r1 = (x) => (x == null || Number.isNaN(x) ? null : Math.round(x * 10) / 10);
const median = (xs) => { if (!xs.length) return null; const s = xs.slice().sort((a, b) => a - b); return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2; };
const p95 = (xs) => { const v = xs.filter((x) => typeof x === 'number').sort((a, b) => a - b); return v.length ? r1(v[Math.min(v.length - 1, Math.ceil(v.length * 0.95) - 1)]) : null; };
const summary = (xs) => { const v = xs.filter((x) => typeof x === 'number'); return v.length ? { median: r1(median(v)), min: r1(Math.min(...v)), max: r1(Math.max(...v)), n: v.length } : null; };
const fmtN = (x) => (x == null ? '–' : x >= 100 ? Math.round(x).toLocaleString('en-US').replace(/,/g, ' ') : String(r1(x)));
const fmt = (s) => (s ? `${fmtN(s.median)} (${fmtN(s.min)}–${fmtN(s.max)})` : '–');
const mark = (value, limit) => (value == null || limit == null ? '' : value <= limit ? ' ✓' : ' ✗');
const rel = (p) => relative(REPO, p) || '.';

function gitRev() {
  const r = spawnSync('git', ['-C', REPO, 'rev-parse', '--short', 'HEAD'], { encoding: 'utf8' });
  const d = spawnSync('git', ['-C', REPO, 'status', '--porcelain', '--untracked-files=no'], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() + (d.stdout.trim() ? '+dirty' : '') : null;
}
function machine() {
  const cpus = os.cpus();
  return { node: process.version, platform: `${os.type()} ${os.release()} ${os.arch()}`, cpus: cpus.length, cpuModel: cpus[0]?.model?.trim() ?? null, memGiB: r1(os.totalmem() / 2 ** 30), loadavgStart: os.loadavg().map(r1) };
}

// ------------------------------------------------------------------ 1. files
function generate() {
  mkdirSync(TMP, { recursive: true });
  const cases = [];
  for (const jobs of SIZES) {
    const ws = join(TMP, `ws-${jobs}`);
    mkdirSync(ws, { recursive: true });
    const file = join(ws, '.gitlab-ci.yml');
    const g = spawnSync(process.execPath, [join(HERE, 'gen-gitlab-ci.mjs'), '--jobs', String(jobs), '--seed', '1', '--errors', '4', '--out', file], { encoding: 'utf8' });
    if (g.status !== 0) throw new Error(`gen-gitlab-ci failed: ${g.stderr}`);
    const info = JSON.parse(g.stderr.trim().split('\n').pop());
    const r = spawnSync(process.execPath, [join(HERE, 'gen-runner-config.mjs'), '--runners', String(RUNNERS), '--seed', '1', '--out', join(ws, 'config.toml')], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`gen-runner-config failed: ${r.stderr}`);
    cases.push({ id: `ci-${jobs}`, kind: 'gitlab-ci', jobs, ws, file, languageId: 'yaml', lines: info.lines, bytes: info.bytes, aliases: info.aliases, injectedErrors: info.injected.length, probes: ciProbes(readFileSync(file, 'utf8')) });
  }
  if (!SKIP.has('others') && OTHERS > 0 && SIZES.includes(100)) {
    // the 100-job file (seed 1) in a workspace with OTHERS other 100-job CI files (seeds 2..) in sub-folders
    const ws = join(TMP, `ws-100-others-${OTHERS}`);
    mkdirSync(ws, { recursive: true });
    const file = join(ws, '.gitlab-ci.yml');
    const gen = (seed, out) => { const g = spawnSync(process.execPath, [join(HERE, 'gen-gitlab-ci.mjs'), '--jobs', '100', '--seed', String(seed), '--errors', '4', '--out', out], { encoding: 'utf8' }); if (g.status !== 0) throw new Error(`gen-gitlab-ci failed: ${g.stderr}`); return JSON.parse(g.stderr.trim().split('\n').pop()); };
    const info = gen(1, file);
    for (let i = 1; i <= OTHERS; i++) { mkdirSync(join(ws, `svc-${i}`), { recursive: true }); gen(1 + i, join(ws, `svc-${i}`, '.gitlab-ci.yml')); }
    const r = spawnSync(process.execPath, [join(HERE, 'gen-runner-config.mjs'), '--runners', String(RUNNERS), '--seed', '1', '--out', join(ws, 'config.toml')], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`gen-runner-config failed: ${r.stderr}`);
    cases.push({ id: `ci-100-others-${OTHERS}`, kind: 'gitlab-ci', jobs: 100, others: OTHERS, serverOnly: true, ws, file, languageId: 'yaml', lines: info.lines, bytes: info.bytes, aliases: info.aliases, injectedErrors: info.injected.length, probes: ciProbes(readFileSync(file, 'utf8')) });
  }
  if (!SKIP.has('runner')) {
    const ws = join(TMP, 'ws-runners');
    mkdirSync(ws, { recursive: true });
    const g = spawnSync(process.execPath, [join(HERE, 'gen-gitlab-ci.mjs'), '--jobs', '100', '--seed', '1', '--errors', '4', '--out', join(ws, '.gitlab-ci.yml')], { encoding: 'utf8' });
    if (g.status !== 0) throw new Error(`gen-gitlab-ci failed: ${g.stderr}`);
    const file = join(ws, 'config.toml');
    const r = spawnSync(process.execPath, [join(HERE, 'gen-runner-config.mjs'), '--runners', String(RUNNERS), '--seed', '1', '--out', file], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`gen-runner-config failed: ${r.stderr}`);
    const info = JSON.parse(r.stderr.trim().split('\n').pop());
    cases.push({ id: `runners-${RUNNERS}`, kind: 'runner-config', runners: RUNNERS, ws, file, languageId: 'toml', lines: info.lines, bytes: info.bytes, probes: runnerProbes(readFileSync(file, 'utf8')) });
  }
  return cases;
}

function runnerProbes(text) {
  const lines = text.split('\n');
  const from = Math.floor(lines.length / 2);
  const find = (re) => { for (let l = from; l < lines.length; l++) { const m = re.exec(lines[l]); if (m) return { line: l, m }; } return null; };
  const out = [];
  const key = find(/^(\s*)(privileged|image|executor) = /);
  if (key) {
    out.push({ method: 'textDocument/completion', position: { line: key.line, character: key.m[1].length }, what: 'runner key' });
    out.push({ method: 'textDocument/completion', position: { line: key.line, character: key.m[0].length }, what: 'runner value' });
    out.push({ method: 'textDocument/hover', position: { line: key.line, character: key.m[1].length + 1 }, what: 'runner key' });
  }
  const header = find(/^\s*\[runners\.docker\]/);
  if (header) out.push({ method: 'textDocument/completion', position: { line: header.line, character: header.m[0].indexOf('[') + 3 }, what: 'table header' });
  return out;
}

// ------------------------------------------------------------------ 2a. server
async function benchServer(cases) {
  const out = new Map(cases.map((c) => [c.id, []]));
  const failed = new Set();
  for (let run = 1; run <= RUNS; run++) {
    for (const c of cases) {
      if (failed.has(c.id)) continue;
      const edits = c.kind === 'gitlab-ci' ? EDITS_FOR(c.jobs) : EDITS_FOR(100);
      const t = performance.now();
      const res = await runSession({
        serverArgv: SERVER_ARGV, workspace: c.ws, cwd: REPO, file: c.file, languageId: c.languageId, edits, change: CHANGE,
        settings: SETTINGS, requestTimeoutMs: TIMEOUT, log: VERBOSE ? (s) => process.stderr.write(s) : undefined,
        probes: c.probes, probeDuring: c.kind === 'gitlab-ci' ? 3 : 0,
      });
      res.run = run;
      res.loadavg1 = r1(os.loadavg()[0]);
      out.get(c.id).push(res);
      log(`  server ${c.id} run ${run}/${RUNS}: ${res.ok ? `init ${res.spawnToInitializeMs} ms, open ${res.openToFirstDiagMs} ms (${res.firstDiagCount} diags), edits ${r1(median(res.editMs))} ms median, RSS ${res.peakRssMb} MiB` : `FAILED in ${res.phase}: ${res.error}`} [${Math.round(performance.now() - t)} ms]`);
      if (!res.ok) failed.add(c.id);
    }
  }
  return aggregateServer(Object.fromEntries(out), failed);
}

// Figures come from every run that got that far: a run that failed later (e.g. a timeout on its 4th edit) still
// contributes its init, open and completed edits; `failed` says what went wrong, `okRuns` how many runs finished.
function aggregateServer(byId, failed = new Set()) {
  const agg = {};
  for (const [id, runs] of Object.entries(byId)) {
    const okRuns = runs.filter((r) => r.ok);
    const failedRun = runs.find((r) => !r.ok);
    agg[id] = {
      runs, okRuns: okRuns.length, failed: failedRun ? `run ${failedRun.run}: ${failedRun.error}` : null,
      init: summary(runs.map((r) => r.spawnToInitializeMs)),
      open: summary(runs.map((r) => r.openToFirstDiagMs)),
      openSettled: summary(runs.map((r) => r.openToSettledDiagMs).filter((x) => x != null)),
      openCpu: summary(runs.map((r) => r.openCpuMs)),
      edit: summary(runs.flatMap((r) => r.editMs)),
      editCpu: summary(runs.flatMap((r) => r.editCpuMs ?? [])),
      editRunMedians: summary(runs.map((r) => median(r.editMs))),
      completion: { ...summary(runs.flatMap((r) => r.probeMs?.completion ?? [])), p95: p95(runs.flatMap((r) => r.probeMs?.completion ?? [])) },
      hover: { ...summary(runs.flatMap((r) => r.probeMs?.hover ?? [])), p95: p95(runs.flatMap((r) => r.probeMs?.hover ?? [])) },
      during: { ...summary(runs.flatMap((r) => r.probeMs?.during ?? [])), p95: p95(runs.flatMap((r) => r.probeMs?.during ?? [])),
        byMethod: Object.fromEntries(['textDocument/hover', 'textDocument/completion', 'textDocument/codeAction'].map((m) => [m.split('/')[1], p95(runs.flatMap((r) => r.probeMs?.duringByMethod?.[m] ?? []))])) },
      probeEmpty: [...new Set(runs.flatMap((r) => r.probeEmpty ?? []))],
      rss: summary(runs.map((r) => Math.max(r.peakRssMb ?? 0, r.rssPolledMaxMb ?? 0) || null)),
      cpu: summary(okRuns.map((r) => r.serverCpuMs)),
      loadavg1: summary(runs.map((r) => r.loadavg1)),
      diags: [...new Set(runs.map((r) => r.firstDiagCount).filter((x) => x != null))],
      diagRules: runs.find((r) => r.firstDiagRules)?.firstDiagRules ?? null,
      openPublishes: [...new Set(okRuns.map((r) => r.openPublishes))],
      sync: runs[0]?.sync ?? null, configModel: runs[0]?.configModel ?? null, serverInfo: runs[0]?.serverInfo ?? null,
    };
  }
  return agg;
}

// ------------------------------------------------------------------ 2b. CLI
function benchCli(cases) {
  const agg = {};
  if (!existsSync(CLI)) return { unavailable: `${rel(CLI)} does not exist (run npm run build)` };
  for (const c of cases.filter((x) => !x.serverOnly)) {
    const times = []; const statuses = new Set(); let findings = null; let error = null;
    for (let run = 1; run <= RUNS; run++) {
      if (run > 3 && times.reduce((a, b) => a + b, 0) > BUDGET) break; // slow files: at least 3 runs, then stop at the budget
      const t = performance.now();
      const p = spawnSync(process.execPath, [CLI, c.file, '--format', 'json'], { cwd: c.ws, encoding: 'utf8', timeout: TIMEOUT, killSignal: 'SIGKILL', maxBuffer: 256 * 1024 * 1024 });
      const ms = performance.now() - t;
      statuses.add(p.status);
      if (p.error || (p.status !== 0 && p.status !== 1)) { error = p.error ? String(p.error.message) : `exit ${p.status} ${p.signal ?? ''}: ${String(p.stderr).slice(-500)}`; break; }
      times.push(ms);
      if (findings === null) findings = countFindings(p.stdout);
    }
    agg[c.id] = { wall: summary(times), exitCodes: [...statuses], findings, error };
    log(`  cli ${c.id}: ${error ? `FAILED: ${error}` : `${fmt(agg[c.id].wall)} ms, ${findings} findings`}`);
  }
  return agg;
}
function countFindings(stdout) {
  try {
    const j = JSON.parse(stdout);
    if (Array.isArray(j)) return j.length;
    if (Array.isArray(j?.findings)) return j.findings.length;
    if (Array.isArray(j?.files)) return j.files.reduce((n, f) => n + (f.findings?.length ?? 0), 0);
    if (j && typeof j === 'object') return Object.values(j).reduce((n, v) => n + (Array.isArray(v) ? v.length : 0), 0);
  } catch { /* not JSON */ }
  return null;
}

// ------------------------------------------------------------------ 2c. floor (in-process)
const referenceTag = { tag: '!reference', collection: 'seq', default: false, nodeClass: YAMLSeq, resolve: (s) => s };
function benchFloor(cases) {
  const agg = {};
  let parseTOML = null;
  try { ({ parseTOML } = require('toml-eslint-parser')); } catch { /* optional */ }
  for (const c of cases.filter((x) => !x.serverOnly)) {
    const text = readFileSync(c.file, 'utf8');
    let fn;
    if (c.kind === 'gitlab-ci') fn = () => parseDocument(text, { version: '1.1', customTags: [referenceTag], uniqueKeys: false, merge: true, prettyErrors: false });
    else if (parseTOML) fn = () => parseTOML(text, { tomlVersion: '1.0.0' });
    else continue;
    const warmup = (c.jobs ?? 100) <= 100 ? 10 : (c.jobs ?? 100) <= 1000 ? 3 : 2; // JIT: small files need more
    for (let i = 0; i < warmup; i++) fn();
    const xs = [];
    for (let i = 0; i < FLOOR_RUNS; i++) {
      if (i >= 3 && xs.reduce((a, b) => a + b, 0) > BUDGET) break;
      const t = performance.now(); fn(); xs.push(performance.now() - t);
    }
    agg[c.id] = { what: c.kind === 'gitlab-ci' ? 'yaml parseDocument (version 1.1, !reference, merge)' : 'toml-eslint-parser parseTOML', ms: summary(xs) };
    log(`  floor ${c.id}: ${fmt(agg[c.id].ms)} ms`);
  }
  return agg;
}

// ------------------------------------------------------------------ 2d. analysis (engine in-process via tsx)
function benchAnalysis(cases) {
  const engine = join(REPO, 'server', 'src', 'engine', 'workspace.ts');
  if (!existsSync(engine)) return { unavailable: `${rel(engine)} does not exist` };
  const agg = {};
  for (const c of cases.filter((x) => !x.serverOnly)) {
    const p = spawnSync(process.execPath, ['--import', 'tsx', join(HERE, 'engine-timing.mjs'), '--root', c.ws, '--runs', String(FLOOR_RUNS), '--budget-ms', String(BUDGET), '--warmup', String((c.jobs ?? 100) <= 100 ? 10 : (c.jobs ?? 100) <= 1000 ? 3 : 2), c.file],
      { cwd: REPO, encoding: 'utf8', timeout: ANALYSIS_TIMEOUT, killSignal: 'SIGKILL', maxBuffer: 64 * 1024 * 1024 });
    let j = null;
    try { j = JSON.parse(p.stdout.trim().split('\n').pop()); } catch { j = { error: p.signal ? `engine-timing killed after ${ANALYSIS_TIMEOUT} ms` : `engine-timing failed (exit ${p.status}): ${String(p.stderr).slice(-400)}` }; }
    if (j.available === false) return { unavailable: j.reason };
    agg[c.id] = j;
    log(`  analysis ${c.id}: ${j.error ? `FAILED: ${j.error}` : `analyze ${fmt(j.analyzeMs)} ms, parseDocument ${fmt(j.yamlParseMs)} ms, on top ${j.onTopMs} ms, cold ${j.coldMs} ms, ${j.findings} findings`}`);
  }
  return agg;
}

// ------------------------------------------------------------------ 2g. peer: yaml-language-server
/** The peer's binary: --peer, or installed on demand under .bench-tmp/peer/ (outside the project's dependencies). */
function ensurePeer() {
  if (existsSync(PEER_BIN)) return null;
  if (args.peer) return `${rel(PEER_BIN)} does not exist`;
  mkdirSync(PEER_DIR, { recursive: true });
  if (!existsSync(join(PEER_DIR, 'package.json'))) writeFileSync(join(PEER_DIR, 'package.json'), '{ "name": "bench-peer", "private": true }\n');
  log(`  installing yaml-language-server@${PEER_VERSION} into ${rel(PEER_DIR)}/ (npm)`);
  const npm = spawnSync('npm', ['install', '--no-audit', '--no-fund', '--no-save', `yaml-language-server@${PEER_VERSION}`], { cwd: PEER_DIR, encoding: 'utf8', timeout: 300000 });
  return existsSync(PEER_BIN) ? null : `npm install yaml-language-server@${PEER_VERSION} failed: ${String(npm.stderr || npm.error || '').slice(-300)}`;
}
/**
 * The settings of the peer baseline (../shared/tools/lsp-bench/examples/yls-gitlab-ci.settings.json), with GitLab's
 * ci.json from schemas/, associated with the file by its absolute path: the peer's globs (a leading double star,
 * `*.gitlab-ci.yml`) do not match a file under a dot folder such as .bench-tmp/ (it then reports nothing).
 */
function peerSettings(file) {
  return {
    yaml: { validate: true, hover: true, completion: true, schemas: { [join(REPO, 'schemas', 'gitlab-ci.json')]: [file] }, customTags: ['!reference sequence'], schemaStore: { enable: false }, kubernetesCRDStore: { enable: false }, format: { enable: false } },
    http: { proxy: '', proxyStrictSSL: false }, editor: { tabSize: 2, detectIndentation: false },
  };
}
async function benchPeer(cases) {
  const why = ensurePeer();
  if (why) return { unavailable: why };
  const version = JSON.parse(readFileSync(join(dirname(PEER_BIN), '..', 'package.json'), 'utf8')).version;
  const ci = cases.filter((c) => c.kind === 'gitlab-ci' && !c.serverOnly && PEER_SIZES.includes(c.jobs));
  const out = new Map(ci.map((c) => [c.id, []]));
  const failed = new Set();
  for (let run = 1; run <= Math.max(0, ...ci.map((c) => PEER_RUNS_FOR(c.jobs))); run++) {
    for (const c of ci) {
      if (failed.has(c.id) || run > PEER_RUNS_FOR(c.jobs)) continue;
      const t = performance.now();
      const res = await runSession({
        serverArgv: [process.execPath, PEER_BIN, '--stdio'], workspace: c.ws, cwd: c.ws, file: c.file, languageId: 'yaml', edits: PEER_EDITS_FOR(c.jobs), change: 'incremental',
        settings: peerSettings(c.file), requestTimeoutMs: Math.max(TIMEOUT, c.jobs >= 1000 ? 900000 : TIMEOUT), log: VERBOSE ? (x) => process.stderr.write(x) : undefined,
      });
      res.run = run;
      res.loadavg1 = r1(os.loadavg()[0]);
      out.get(c.id).push(res);
      log(`  peer ${c.id} run ${run}: ${res.ok ? `open ${res.openToFirstDiagMs} ms (${res.firstDiagCount} diags), edits ${r1(median(res.editMs))} ms median, RSS ${res.peakRssMb} MiB` : `FAILED in ${res.phase}: ${res.error}`} [${Math.round(performance.now() - t)} ms]`);
      if (!res.ok) failed.add(c.id);
    }
  }
  return { name: `yaml-language-server ${version}`, byId: aggregateServer(Object.fromEntries(out), failed) };
}

// ------------------------------------------------------------------ 2i. CLI on the corpus as one workspace
function benchCorpus() {
  if (!existsSync(CORPUS)) return { unavailable: `${CORPUS} does not exist` };
  if (!existsSync(CLI)) return { unavailable: `${rel(CLI)} does not exist (run npm run build)` };
  const files = [];
  const walk = (d) => { for (const n of readdirSync(d)) { const p = join(d, n); if (statSync(p).isDirectory()) walk(p); else if (/\.(ya?ml|toml)$/.test(n)) files.push(p); } };
  walk(CORPUS);
  const times = []; let findings = null; let error = null;
  for (let run = 1; run <= Math.max(3, RUNS); run++) {
    const t = performance.now();
    const p = spawnSync(process.execPath, [CLI, '.', '--format', 'json'], { cwd: CORPUS, encoding: 'utf8', timeout: TIMEOUT, killSignal: 'SIGKILL', maxBuffer: 256 * 1024 * 1024 });
    const ms = performance.now() - t;
    if (p.error || (p.status !== 0 && p.status !== 1)) { error = p.error ? String(p.error.message) : `exit ${p.status}: ${String(p.stderr).slice(-300)}`; break; }
    times.push(ms);
    findings ??= countFindings(p.stdout);
  }
  // the sum of the parses: every YAML file through yaml's parseDocument, every TOML file through parseTOML (warm)
  let parseTOML = null;
  try { ({ parseTOML } = require('toml-eslint-parser')); } catch { /* optional */ }
  const texts = files.map((f) => ({ f, text: readFileSync(f, 'utf8') }));
  const pass = () => { for (const { f, text } of texts) { if (f.endsWith('.toml')) { try { parseTOML?.(text, { tomlVersion: '1.0.0' }); } catch { /* a bad file */ } } else parseDocument(text, { version: '1.1', customTags: [referenceTag], uniqueKeys: false, merge: true, prettyErrors: false }); } };
  for (let i = 0; i < 3; i++) pass();
  const parse = [];
  for (let i = 0; i < 10; i++) { const t = performance.now(); pass(); parse.push(performance.now() - t); }
  // node start-up alone (the CLI's wall time includes it)
  const boot = [];
  for (let i = 0; i < 3; i++) { const t = performance.now(); spawnSync(process.execPath, ['-e', '0']); boot.push(performance.now() - t); }
  const res = { files: files.length, bytes: texts.reduce((n, x) => n + Buffer.byteLength(x.text), 0), wall: summary(times), findings, error, parseSumMs: summary(parse), nodeStartMs: summary(boot) };
  log(`  corpus: ${files.length} files, CLI ${fmt(res.wall)} ms, ${findings} findings; parses ${fmt(res.parseSumMs)} ms; node start ${fmt(res.nodeStartMs)} ms${error ? `; FAILED: ${error}` : ''}`);
  return res;
}

// ------------------------------------------------------------------ 2e. activation, 2f. vsix
function benchActivation() {
  const client = join(REPO, 'dist', 'client.js');
  if (!existsSync(client)) return { unavailable: 'dist/client.js does not exist' };
  const runs = [];
  for (let i = 0; i < Math.max(RUNS, 5); i++) {
    const p = spawnSync(process.execPath, [join(HERE, 'activation.cjs'), client, REPO], { encoding: 'utf8', timeout: 20000, killSignal: 'SIGKILL' });
    try { runs.push(JSON.parse(p.stdout.trim().split('\n').pop())); } catch { runs.push({ error: `activation.cjs failed (exit ${p.status}): ${String(p.stderr).slice(-400)}` }); }
  }
  const ok = runs.filter((r) => !r.error);
  const res = {
    bytes: statSync(client).size,
    requireMs: summary(ok.map((r) => r.requireMs)),
    requireCpuMs: summary(ok.map((r) => r.requireCpuMs)),
    activateCpuMs: summary(ok.filter((r) => r.activateOk).map((r) => r.activateCpuMs)),
    activateMs: summary(ok.filter((r) => r.activateOk).map((r) => r.activateMs)),
    requirePlusActivateMs: summary(ok.filter((r) => r.activateOk).map((r) => r.requireMs + r.activateMs)),
    activateErrors: [...new Set(ok.filter((r) => !r.activateOk).map((r) => r.activateError))],
    spawnsDuringActivate: [...new Set(ok.map((r) => r.spawns.join(' | ')))],
    modulesRequired: ok[0]?.modulesRequired ?? null,
    errors: [...new Set(runs.filter((r) => r.error).map((r) => r.error))],
  };
  log(`  activation: client.js ${res.bytes} bytes, require ${fmt(res.requireMs)} ms, activate ${fmt(res.activateMs)} ms${res.activateErrors.length ? ` (activate failed: ${res.activateErrors.join('; ')})` : ''}`);
  return res;
}
function vsix() {
  const f = readdirSync(REPO).filter((n) => /^dind-doctor-.*\.vsix$/.test(n)).sort();
  if (!f.length) return { unavailable: 'no dind-doctor-*.vsix at the repo root (npm run package)' };
  const name = f[f.length - 1];
  return { file: name, bytes: statSync(join(REPO, name)).size, mtime: statSync(join(REPO, name)).mtime.toISOString() };
}

// ------------------------------------------------------------------ 3. report
function table(cases, R) {
  const L = [];
  const hasAnalysis = R.analysis && !R.analysis.unavailable;
  L.push('| file | lines | bytes | init, ms | open→diag, ms | edit→diag, ms | server CPU open / edit, ms | peak RSS, MiB | diags | CLI, ms | parse floor, ms | analysis on top of parse (analyze), ms | completion / hover p95, ms | during analysis p95: hover / completion / code action, ms | load 1-min |');
  L.push('|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
  for (const c of cases) {
    const s = R.server?.[c.id];
    const cli = R.cli?.[c.id];
    const fl = R.floor?.[c.id];
    const an = hasAnalysis ? R.analysis[c.id] : null;
    const j = c.others ? undefined : c.jobs;
    const name = c.kind === 'gitlab-ci' ? `${c.jobs} jobs${c.others ? ` + ${c.others} other CI files` : ''}` : `config.toml, ${c.runners} runners`;
    const dm = s?.during?.byMethod ?? {};
    const during = s?.during?.n ? `${fmtN(dm.hover)} / ${fmtN(dm.completion)} / ${fmtN(dm.codeAction)} (all: ${fmtN(s.during.p95)}${mark(s.during.p95, TARGETS.duringP95[j])}, max ${fmtN(s.during.max)}, n ${s.during.n})` : '–';
    const failed = s?.failed ? ` ⚠ ${s.okRuns}/${s.runs.length} runs completed` : '';
    const onTop = an?.error ? `✗ ${an.error.slice(0, 60)}` : an ? `${fmtN(an.onTopMs)} (${fmtN(an.analyzeMs.median)})${c.kind === 'gitlab-ci' ? mark(an.onTopMs, an.yamlParseMs.median) : ''}` : '–';
    L.push(`| ${name} | ${fmtN(c.lines)} | ${fmtN(c.bytes)} | ${fmt(s?.init)} | ${s?.failed && !s.open ? `✗ ${s.failed.replace(/^run \d+: /, '').slice(0, 70)}` : fmt(s?.open)}${mark(s?.open?.median, TARGETS.open[j])}${s?.openSettled?.median > s?.open?.median ? ` (all: ${fmtN(s.openSettled.median)})` : ''}${failed} | ${fmt(s?.edit)}${mark(s?.edit?.median, TARGETS.edit[j])} | ${fmtN(s?.openCpu?.median)} / ${fmtN(s?.editCpu?.median)} | ${fmt(s?.rss)}${mark(s?.rss?.median, TARGETS.rss[j])} | ${s?.diags?.join('/') ?? '–'} | ${cli?.error ? '✗ error' : fmt(cli?.wall)} | ${fmt(fl?.ms)} | ${onTop} | ${fmtN(s?.completion?.p95)}${mark(s?.completion?.p95, TARGETS.requestP95[j])} / ${fmtN(s?.hover?.p95)}${mark(s?.hover?.p95, TARGETS.requestP95[j])}${s?.probeEmpty?.length ? ` (nothing at: ${s.probeEmpty.join(', ')})` : ''} | ${during} | ${fmtN(s?.loadavg1?.median)} |`);
  }
  return L.join('\n');
}

function targetsReport(cases, R) {
  const out = [];
  const s = (id) => R.server?.[`ci-${id}`];
  const add = (what, value, limit, unit = 'ms', failed = null) => out.push({ target: what, limit: `${limit} ${unit}`, value: value == null ? (failed ? `not reached (${failed.slice(0, 90)})` : null) : `${fmtN(value)} ${unit}`, met: value == null ? (failed ? false : null) : value <= limit });
  const sizes = cases.map((c) => c.jobs).filter(Boolean);
  for (const j of [100, 1000, 3000]) {
    if (!sizes.includes(j)) continue;
    if (TARGETS.open[j]) add(`${j} jobs open→diagnostics (median)`, s(j)?.open?.median, TARGETS.open[j], 'ms', s(j)?.failed);
    if (TARGETS.edit[j]) add(`${j} jobs edit→diagnostics (median)`, s(j)?.edit?.median, TARGETS.edit[j], 'ms', s(j)?.failed);
    if (TARGETS.rss[j]) add(`${j} jobs server peak RSS (median)`, s(j)?.rss?.median, TARGETS.rss[j], 'MiB');
    if (TARGETS.requestP95[j]) add(`${j} jobs completion (p95)`, s(j)?.completion?.p95, TARGETS.requestP95[j], 'ms', s(j)?.failed);
    if (TARGETS.requestP95[j]) add(`${j} jobs hover (p95)`, s(j)?.hover?.p95, TARGETS.requestP95[j], 'ms', s(j)?.failed);
    if (TARGETS.duringP95[j]) add(`${j} jobs hover, completion, code actions while an edit is analysed (p95)`, s(j)?.during?.p95, TARGETS.duringP95[j], 'ms', s(j)?.failed);
  }
  const others = cases.find((c) => c.others);
  if (others && s(100)?.open?.median && R.server?.[others.id]?.open?.median) {
    add(`100 jobs open with ${others.others} other CI files / alone (first diagnostics, medians ${fmtN(R.server[others.id].open.median)} / ${fmtN(s(100).open.median)} ms)`, r1(R.server[others.id].open.median / s(100).open.median), TARGETS.othersRatio, '×');
  }
  if (R.analysis && !R.analysis.unavailable) {
    for (const c of cases.filter((x) => x.kind === 'gitlab-ci')) {
      const a = R.analysis[c.id];
      if (a && !a.error) add(`${c.jobs} jobs analysis on top of parse ≤ parse (${fmtN(a.yamlParseMs.median)} ms)`, a.onTopMs, a.yamlParseMs.median);
    }
  }
  if (R.activation && !R.activation.unavailable) {
    const a = R.activation.requirePlusActivateMs ?? R.activation.requireMs;
    add(`extension activation (${R.activation.requirePlusActivateMs ? 'require + activate()' : 'require only'}, stub vscode)`, a?.median, TARGETS.activationMs);
  }
  if (R.vsix && !R.vsix.unavailable) add(`.vsix size (${R.vsix.file})`, r1(R.vsix.bytes / 1024), TARGETS.vsixBytes / 1024, 'KiB');
  return out;
}

// ------------------------------------------------------------------ main

function render(R) {
  const cases = R.files;
  R.table = table(cases, R);
  R.targetsMet = targetsReport(cases, R);

  const lines = [];
  lines.push(`\n## dind-doctor benchmark — ${R.startedAt} — ${R.git ?? 'no git'} — ${R.machine.cpus}× ${R.machine.cpuModel}, ${R.machine.memGiB} GiB, Node ${R.machine.node}`);
  lines.push(`runs: ${R.options.runs} (fresh server per run, interleaved); edits/run: ${Object.entries(R.options.edits).map(([j, e]) => `${j}→${e}`).join(', ')} (${R.options.change} text); floor/analysis: up to ${R.options.floorRuns} runs, warm; load avg ${R.machine.loadavgStart.join('/')} → ${R.machine.loadavgEnd.join('/')}`);
  lines.push('cells: median (min–max); edit→diag pooled over all edits of all runs; ✓/✗ = target of issue 7\n');
  lines.push(R.table);
  for (const k of ['server', 'cli', 'analysis']) if (R[k]?.unavailable) lines.push(`\n${k}: not measured — ${R[k].unavailable}`);
  if (R.activation) lines.push(R.activation.unavailable ? `\nactivation: not measured — ${R.activation.unavailable}` :
    `\nactivation: dist/client.js ${fmtN(R.activation.bytes)} bytes; require() with a stub vscode ${fmt(R.activation.requireMs)} ms (CPU ${fmt(R.activation.requireCpuMs)} ms); activate() ${R.activation.activateMs ? `${fmt(R.activation.activateMs)} ms (CPU ${fmt(R.activation.activateCpuMs)} ms)` : '–'}${R.activation.activateErrors.length ? ` (activate failed: ${R.activation.activateErrors.join('; ')})` : ''}; processes spawned during activate: ${R.activation.spawnsDuringActivate.join(' / ') || 'none'}`);
  lines.push(R.vsix.unavailable ? `vsix: ${R.vsix.unavailable}` : `vsix: ${R.vsix.file} ${fmtN(R.vsix.bytes)} bytes`);
  if (R.peer && !R.peer.unavailable) lines.push(`\n${peerTable(R)}`);
  else if (R.peer) lines.push(`\npeer: not measured — ${R.peer.unavailable}`);
  if (R.corpus) lines.push(R.corpus.unavailable ? `\ncorpus: not measured — ${R.corpus.unavailable}` : `\nCLI on ${rel(CORPUS)} as one workspace (${R.corpus.files} YAML/TOML files, ${fmtN(R.corpus.bytes)} bytes): ${fmt(R.corpus.wall)} ms wall, ${R.corpus.findings} findings${R.corpus.error ? ` ✗ ${R.corpus.error}` : ''}; sum of the parses (yaml parseDocument / parseTOML, warm, in-process) ${fmt(R.corpus.parseSumMs)} ms; node start-up alone ${fmt(R.corpus.nodeStartMs)} ms`);
  if (R.server && !R.server.unavailable && !(R.peer && !R.peer.unavailable)) {
    const peer = R.options.sizes.filter((j) => PEER[j] && R.server[`ci-${j}`]?.open).map((j) => `${j} jobs: open ${fmtN(PEER[j].open)} → ${fmtN(R.server[`ci-${j}`].open.median)} ms, edit ${fmtN(PEER[j].edit)} → ${fmtN(R.server[`ci-${j}`].edit?.median)} ms`);
    if (peer.length) lines.push(`\npeer (yaml-language-server 1.25.0, same files, medians from ../shared/tools/lsp-bench/README.md) → dind-doctor: ${peer.join('; ')}`);
  }
  lines.push('\ntargets:');
  for (const t of R.targetsMet) lines.push(`- ${t.met === null ? '?' : t.met ? '✓' : '✗'} ${t.target}: ${t.value ?? 'not measured'} (target ≤ ${t.limit})`);
  return lines.join('\n');
}
/** dind-doctor and the peer side by side (same files, same run): absolute figures and ratios peer / dind-doctor. */
function peerTable(R) {
  const L = [`| file | open→diag, ms: dind-doctor / ${R.peer.name} | ratio | edit→diag median, ms | ratio | peak RSS, MiB | ratio | diags | peer runs × edits |`, '|---|---:|---:|---:|---:|---:|---:|---:|---:|'];
  const ratio = (a, b) => (a != null && b ? `${r1(a / b)}×` : '–');
  for (const c of R.files.filter((x) => x.kind === 'gitlab-ci' && !x.others)) {
    const d = R.server?.[c.id], p = R.peer.byId[c.id];
    if (!p) continue;
    const failed = p.failed ? ` ⚠ ${p.failed.slice(0, 80)}` : '';
    L.push(`| ${c.jobs} jobs | ${fmtN(d?.open?.median)} / ${fmtN(p.open?.median)}${failed} | ${ratio(p.open?.median, d?.open?.median)} | ${fmtN(d?.edit?.median)} / ${fmtN(p.edit?.median)} | ${ratio(p.edit?.median, d?.edit?.median)} | ${fmtN(d?.rss?.median)} / ${fmtN(p.rss?.median)} | ${ratio(p.rss?.median, d?.rss?.median)} | ${d?.diags?.join('/') ?? '–'} / ${p.diags?.join('/') ?? '–'} | ${p.runs.length} × ${p.runs[0]?.editMs?.length ?? 0} |`);
  }
  return `${L.join('\n')}\n(ratio: peer / dind-doctor, above 1 = dind-doctor faster or smaller; peer edits are ranged inserts, its figures include its own debounce)`;
}

async function main() {
  const t0 = performance.now();
  const R = { tool: 'dind-doctor-bench', version: 1, startedAt: new Date().toISOString(), git: gitRev(), machine: machine(),
    options: { sizes: SIZES, runs: RUNS, runners: RUNNERS, edits: Object.fromEntries(SIZES.map((j) => [j, EDITS_FOR(j)])), change: CHANGE, timeoutMs: TIMEOUT, floorRuns: FLOOR_RUNS, skip: [...SKIP], server: SERVER_ARGV.map((a) => (a.startsWith(REPO) ? rel(a) : a)).join(' '), cli: rel(CLI), quick: QUICK },
    targets: TARGETS, peerBaseline: { name: 'yaml-language-server 1.25.0 (../shared/tools/lsp-bench/README.md)', figures: PEER } };
  log(`dind-doctor bench: sizes ${SIZES.join('/')} jobs + ${RUNNERS} runners, ${RUNS} runs, workspace ${rel(TMP)}/`);
  const cases = generate();
  R.files = cases.map(({ ws, file, ...c }) => ({ ...c, file: rel(file) }));
  const serverEntry = SERVER_ARGV.find((a) => a.endsWith('.js') || a.endsWith('.mjs'));
  if (!SKIP.has('server')) {
    if (serverEntry && !existsSync(resolve(REPO, serverEntry))) R.server = { unavailable: `${rel(serverEntry)} does not exist (run npm run build)` };
    else { log('(a) language server'); R.server = await benchServer(cases); }
  }
  if (!SKIP.has('peer')) { log('(g) peer'); R.peer = await benchPeer(cases); }
  if (!SKIP.has('cli')) { log('(b) CLI'); R.cli = benchCli(cases); }
  if (!SKIP.has('corpus')) { log('(i) CLI on the corpus'); R.corpus = benchCorpus(); }
  if (!SKIP.has('floor')) { log('(c) parse floor'); R.floor = benchFloor(cases); }
  if (!SKIP.has('analysis')) { log('(d) engine analysis (tsx)'); R.analysis = benchAnalysis(cases); }
  if (!SKIP.has('activation')) { log('(e) activation'); R.activation = benchActivation(); }
  R.vsix = vsix();
  R.machine.loadavgEnd = os.loadavg().map(r1);
  R.durationS = r1((performance.now() - t0) / 1000);
  console.log(render(R));
  mkdirSync(dirname(OUT), { recursive: true });
  writeFileSync(OUT, JSON.stringify(R, null, 1) + '\n');
  log(`\nwrote ${rel(OUT)} (${R.durationS} s)`);
  const anyFail = R.server && !R.server.unavailable && Object.values(R.server).some((s) => s.failed);
  return anyFail ? 2 : 0;
}

if (args.summarize) {
  // re-print the table of a results JSON (figures re-aggregated from its raw runs)
  const R = JSON.parse(readFileSync(resolve(String(args.summarize)), 'utf8'));
  if (R.server && !R.server.unavailable) R.server = aggregateServer(Object.fromEntries(Object.entries(R.server).map(([id, a]) => [id, a.runs])));
  if (R.peer?.byId) R.peer.byId = aggregateServer(Object.fromEntries(Object.entries(R.peer.byId).map(([id, a]) => [id, a.runs])));
  console.log(render(R));
  process.exit(0);
}
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(sig, () => { for (const pid of liveChildren) killPid(pid); process.exit(130); });
main().then((code) => process.exit(code), (e) => { console.error(e?.stack ?? e); process.exit(1); });
