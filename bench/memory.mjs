#!/usr/bin/env node
// Peak memory and time of the CLI on one huge CI file and one huge runner config (issue 12: a 5 MB CI file and a
// config.toml of thousands of runners must stay proportional). Usage, after `npm run build`:
//   node bench/memory.mjs [--jobs 9000] [--runners 4600] [--format json] [--tmp DIR]
// The files come from the benchmark's deterministic generators (seed 1). 9,000 jobs ≈ 5.2 MB; 4,600 runners ≈ 8.0 MB,
// the largest file under the 8 MB analysis limit (5,000 runners are 8.6 MB and get "File is too large").
// Each file is linted in a fresh `node dist/cli.js` process; peak RSS is that process's maxRSS (getrusage), read by
// a preloaded hook at exit. Prints one Markdown table; nothing is asserted (speed is measured, never tested).
import { spawnSync, execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync, existsSync, statSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { tmpdir } from 'node:os';

const HERE = dirname(fileURLToPath(import.meta.url));
const REPO = join(HERE, '..');
const argv = process.argv.slice(2);
const opt = (k, d) => { const i = argv.indexOf(k); return i < 0 ? d : argv[i + 1]; };
const JOBS = Number(opt('--jobs', 9000));
const RUNNERS = Number(opt('--runners', 4600));
const FORMAT = opt('--format', 'json');
const TMP = opt('--tmp', join(tmpdir(), 'dind-doctor-bench-memory'));
const CLI = join(REPO, 'dist', 'cli.js');
if (!existsSync(CLI)) { console.error('bench/memory.mjs: dist/cli.js is missing; run `npm run build` first'); process.exit(2); }

const HOOK = join(TMP, 'peak-rss.cjs');
mkdirSync(TMP, { recursive: true });
writeFileSync(HOOK, "process.on('exit', () => { try { require('fs').writeSync(2, `\\n@@peak-rss-kb ${process.resourceUsage().maxRSS}\\n`); } catch {} });\n");

function generate(dir, name, gen, args) {
  mkdirSync(dir, { recursive: true });
  const out = join(dir, name);
  if (!existsSync(out)) execFileSync(process.execPath, [join(HERE, gen), ...args, '--seed', '1', '--out', out], { stdio: ['ignore', 'ignore', 'ignore'] });
  return out;
}

function measure(label, dir, file) {
  const t = performance.now();
  const r = spawnSync(process.execPath, ['--require', HOOK, CLI, file, '--format', FORMAT], { cwd: dir, encoding: 'utf8', maxBuffer: 1 << 30 });
  const ms = performance.now() - t;
  const kb = Number(/@@peak-rss-kb (\d+)/.exec(r.stderr ?? '')?.[1]);
  let findings = '–';
  if (FORMAT === 'json') try { findings = String(JSON.parse(r.stdout).length); } catch { /* not JSON */ }
  return { label, bytes: statSync(join(dir, file)).size, ms, mb: kb / 1024, exit: r.status, findings };
}

const rows = [
  measure(`CI file, ${JOBS} jobs`, dirname(generate(join(TMP, `ci-${JOBS}`), '.gitlab-ci.yml', 'gen-gitlab-ci.mjs', ['--jobs', String(JOBS), '--errors', '4'])), '.gitlab-ci.yml'),
  measure(`config.toml, ${RUNNERS} runners`, dirname(generate(join(TMP, `runners-${RUNNERS}`), 'config.toml', 'gen-runner-config.mjs', ['--runners', String(RUNNERS)])), 'config.toml'),
];
console.log(`| file | bytes | CLI wall time, s | peak RSS, MiB (target ≤ 300) | findings | exit |`);
console.log(`|---|---:|---:|---:|---:|---:|`);
for (const r of rows) console.log(`| ${r.label} | ${r.bytes.toLocaleString('en')} | ${(r.ms / 1000).toFixed(1)} | ${r.mb.toFixed(0)}${r.mb <= 300 ? ' ✓' : ' ✗'} | ${r.findings} | ${r.exit} |`);
