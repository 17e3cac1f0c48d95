#!/usr/bin/env node
// In-process timing of the dind-doctor engine, without LSP, IPC or debounce: "analysis on top of parsing".
// Run through tsx, on the TypeScript sources (the bundles in dist/ do not export the engine):
//   node --import tsx bench/engine-timing.mjs --root DIR [--runs 10] [--warmup 2] [--budget-ms MS] FILE...
// (Plain .mjs rather than .ts so that `npm run typecheck`, which includes bench/, never depends on this file.)
// Per file, one JSON line on stdout:
//   coldMs        new Workspace(fs, {roots}) + first analyze(file): module JIT, runner-config parse, schema compile
//   analyzeMs     warm re-analysis: ws.changed(file) then ws.analyze(file), N times (what an edit costs the engine)
//   yamlParseMs   yaml parseDocument of the same text, the engine's options (the floor, same process, same heap)
//   engineParseMs the engine's parseYaml (yaml + conversion to the origin-keeping tree)
//   onTopMs       analyzeMs.median - yamlParseMs.median (target: <= yamlParseMs.median)
// Files are read from disk once and served from memory, so disk I/O is not timed.
import { readFileSync, readdirSync, statSync, existsSync } from 'node:fs';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { performance } from 'node:perf_hooks';
import { parseDocument, YAMLSeq } from 'yaml';
import { createRequire } from 'node:module';

const HERE = dirname(fileURLToPath(import.meta.url));
const ENGINE = join(HERE, '..', 'server', 'src', 'engine', 'workspace.ts');
const argv = process.argv.slice(2);
const opt = (k, d) => { const i = argv.indexOf(k); if (i < 0) return d; const v = argv[i + 1]; argv.splice(i, 2); return v; };
const ROOT = resolve(opt('--root', process.cwd()));
const RUNS = Number(opt('--runs', 10));
const WARMUP = Number(opt('--warmup', 2));
const BUDGET = Number(opt('--budget-ms', Infinity)); // after 3 timed rounds, stop once this much was spent
const files = argv.map((f) => resolve(f));

if (!existsSync(ENGINE)) { console.log(JSON.stringify({ available: false, reason: `${ENGINE} does not exist yet` })); process.exit(0); }
let Workspace, parseYaml, parseToml;
try {
  ({ Workspace } = await import(pathToFileURL(ENGINE).href));
  ({ parseYaml } = await import(pathToFileURL(join(HERE, '..', 'server', 'src', 'formats', 'yaml.ts')).href));
  try { ({ parseToml } = await import(pathToFileURL(join(HERE, '..', 'server', 'src', 'formats', 'toml.ts')).href)); } catch { /* optional */ }
  if (typeof Workspace !== 'function') throw new Error('workspace.ts exports no Workspace class');
} catch (e) { console.log(JSON.stringify({ available: false, reason: `engine import failed: ${String(e?.message ?? e).split('\n')[0]}` })); process.exit(0); }

const cache = new Map();
const fs = {
  readFile(p) {
    if (cache.has(p)) return cache.get(p);
    let t; try { t = readFileSync(p, 'utf8'); } catch { t = undefined; }
    cache.set(p, t); return t;
  },
  listFiles(dir) {
    const out = [];
    const walk = (d) => {
      let names; try { names = readdirSync(d); } catch { return; }
      for (const n of names) {
        const p = join(d, n);
        let st; try { st = statSync(p); } catch { continue; }
        if (st.isDirectory()) { if (n === 'node_modules' || (n.startsWith('.') && n !== '.gitlab')) continue; walk(p); } else out.push(p);
      }
    };
    walk(dir);
    return out;
  },
};
const stats = (xs) => {
  const s = xs.slice().sort((a, b) => a - b);
  const r = (x) => Math.round(x * 100) / 100;
  return { median: r(s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2), min: r(s[0]), max: r(s[s.length - 1]), n: s.length };
};
const referenceTag = { tag: '!reference', collection: 'seq', default: false, nodeClass: YAMLSeq, resolve: (s) => s };

for (const file of files) {
  const text = fs.readFile(file);
  const out = { available: true, file, bytes: Buffer.byteLength(text), runs: RUNS, warmup: WARMUP };
  try {
    const a = performance.now();
    const ws = new Workspace(fs, { roots: [ROOT] });
    const findings = ws.analyze(file);
    out.coldMs = Math.round((performance.now() - a) * 100) / 100;
    out.findings = findings.length;
    const byRule = {};
    for (const f of findings) byRule[f.ruleId] = (byRule[f.ruleId] ?? 0) + 1;
    out.findingsByRule = byRule;
    // interleaved (analyze, parse, engine parse, analyze, ...) so that load from other processes hits all alike
    // yamlParseMs is the floor: yaml parseDocument, or for .toml files toml-eslint-parser's parseTOML (the engine's TOML parser)
    const toml = file.endsWith('.toml');
    const parseTOML = toml ? createRequire(import.meta.url)('toml-eslint-parser').parseTOML : null;
    const fns = {
      analyzeMs: () => { ws.changed(file); ws.analyze(file); },
      yamlParseMs: toml ? () => parseTOML(text, { tomlVersion: '1.0.0' }) : () => parseDocument(text, { version: '1.1', customTags: [referenceTag], uniqueKeys: false, merge: true, prettyErrors: false }),
      ...(toml ? (typeof parseToml === 'function' ? { engineParseMs: () => parseToml(file, text) } : {}) : typeof parseYaml === 'function' ? { engineParseMs: () => parseYaml(file, text) } : {}),
    };
    out.floor = toml ? 'toml-eslint-parser parseTOML' : 'yaml parseDocument';
    const xs = Object.fromEntries(Object.keys(fns).map((k) => [k, []]));
    // a file whose cold analysis already exceeds the budget gets no warm-up and a single timed round
    const slow = out.coldMs > BUDGET;
    out.warmup = slow ? 0 : WARMUP;
    for (let i = 0; i < out.warmup; i++) for (const fn of Object.values(fns)) fn();
    const t0 = performance.now();
    for (let i = 0; i < RUNS; i++) {
      if (i >= (slow ? 1 : 3) && performance.now() - t0 > BUDGET) break;
      for (const [k, fn] of Object.entries(fns)) { const a = performance.now(); fn(); xs[k].push(performance.now() - a); }
    }
    for (const k of Object.keys(fns)) out[k] = stats(xs[k]);
    out.onTopMs = Math.round((out.analyzeMs.median - out.yamlParseMs.median) * 100) / 100;
  } catch (e) {
    out.error = String(e?.stack ?? e).split('\n').slice(0, 4).join(' | ');
  }
  console.log(JSON.stringify(out));
}
