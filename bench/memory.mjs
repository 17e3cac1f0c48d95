#!/usr/bin/env node
// Peak memory and time of the CLI on one huge CI file and one huge runner config (issue 12: a 5 MB CI file and a
// config.toml of thousands of runners must stay proportional). Usage, after `npm run build`:
//   node bench/memory.mjs [--jobs 9000] [--runners 5000] [--format text,json] [--tmp DIR]
// The files come from the benchmark's deterministic generators (seed 1). 9,000 jobs ≈ 5.2 MB; 5,000 runners ≈ 8.6 MB
// (runner configs are analysed up to 16 MB, YAML files up to 8 MB). `--format`: the report formats to run, comma-
// separated; the default text report (what a user gets with no flags) counts fixable problems with a dry run of --fix.
// Each file is linted in a fresh `node dist/cli.js` process per format; peak RSS is that process's high-water mark
// and CPU its user+system time (worker threads included), read by a preloaded hook at exit (CPU time is far less
// sensitive than wall time to other load on the machine). Prints one Markdown table; nothing is asserted (speed is measured, never
// tested).
import { spawnSync, execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync, existsSync, statSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import os, { tmpdir } from 'node:os';

const HERE = dirname(fileURLToPath(import.meta.url));
const REPO = join(HERE, '..');
const argv = process.argv.slice(2);
const opt = (k, d) => { const i = argv.indexOf(k); return i < 0 ? d : argv[i + 1]; };
const JOBS = Number(opt('--jobs', 9000));
const RUNNERS = Number(opt('--runners', 5000));
const FORMATS = opt('--format', 'text,json').split(',');
const TMP = opt('--tmp', join(tmpdir(), 'dind-doctor-bench-memory'));
const CLI = join(REPO, 'dist', 'cli.js');
if (!existsSync(CLI)) { console.error('bench/memory.mjs: dist/cli.js is missing; run `npm run build` first'); process.exit(2); }

const HOOK = join(TMP, 'peak-rss.cjs');
mkdirSync(TMP, { recursive: true });
// Process-wide figures (worker threads included): /proc/self/status VmHWM and /proc/self/stat utime+stime (clock
// ticks of 10 ms) on Linux; process.resourceUsage() (this thread only) elsewhere. Written at the exit of the main
// thread only (a preload runs in worker threads too).
writeFileSync(HOOK, `if (require('worker_threads').isMainThread) process.on('exit', () => { try {
  const fs = require('fs'); let kb, us;
  try { kb = Number(/VmHWM:\\s*(\\d+)/.exec(fs.readFileSync('/proc/self/status', 'utf8'))[1]); const f = fs.readFileSync('/proc/self/stat', 'utf8').split(') ')[1].split(' '); us = (Number(f[11]) + Number(f[12])) * 10000; } catch { const u = process.resourceUsage(); kb = u.maxRSS; us = u.userCPUTime + u.systemCPUTime; }
  fs.writeSync(2, '\\n@@peak-rss-kb ' + kb + ' cpu-us ' + us + '\\n');
} catch {} });
`);

function generate(dir, name, gen, args) {
  mkdirSync(dir, { recursive: true });
  const out = join(dir, name);
  if (!existsSync(out)) execFileSync(process.execPath, [join(HERE, gen), ...args, '--seed', '1', '--out', out], { stdio: ['ignore', 'ignore', 'ignore'] });
  return out;
}

function measure(label, dir, file, format) {
  const t = performance.now();
  const r = spawnSync(process.execPath, ['--require', HOOK, CLI, file, '--format', format], { cwd: dir, encoding: 'utf8', maxBuffer: 1 << 30 });
  const ms = performance.now() - t;
  const m = /@@peak-rss-kb (\d+) cpu-us (\d+)/.exec(r.stderr ?? '');
  let findings = '–';
  if (format === 'json') try { findings = String(JSON.parse(r.stdout).length); } catch { /* not JSON */ }
  else findings = /✖ (\d+) problems?/.exec(r.stdout ?? '')?.[1] ?? '–';
  const fixable = /(\d+) problems? (?:is|are) fixable/.exec(r.stdout ?? '')?.[1] ?? (format === 'text' ? '0' : '–');
  return { label, format, bytes: statSync(join(dir, file)).size, ms, cpuMs: Number(m?.[2]) / 1000, mb: Number(m?.[1]) / 1024, exit: r.status, findings, fixable };
}

const ciDir = dirname(generate(join(TMP, `ci-${JOBS}`), '.gitlab-ci.yml', 'gen-gitlab-ci.mjs', ['--jobs', String(JOBS), '--errors', '4']));
const runnersDir = dirname(generate(join(TMP, `runners-${RUNNERS}`), 'config.toml', 'gen-runner-config.mjs', ['--runners', String(RUNNERS)]));
const rows = [];
for (const format of FORMATS) {
  rows.push(measure(`CI file, ${JOBS} jobs`, ciDir, '.gitlab-ci.yml', format));
  rows.push(measure(`config.toml, ${RUNNERS} runners`, runnersDir, 'config.toml', format));
}
console.log(`| file | bytes | format | CLI wall time, s | CPU time, s | peak RSS, MiB (target ≤ 300) | findings | fixable | exit |`);
console.log(`|---|---:|---|---:|---:|---:|---:|---:|---:|`);
for (const r of rows) console.log(`| ${r.label} | ${r.bytes.toLocaleString('en')} | ${r.format} | ${(r.ms / 1000).toFixed(1)} | ${(r.cpuMs / 1000).toFixed(1)} | ${r.mb.toFixed(0)}${r.mb <= 300 ? ' ✓' : ' ✗'} | ${r.findings} | ${r.fixable} | ${r.exit} |`);
console.error(`machine: ${os.cpus().length} × ${os.cpus()[0]?.model ?? '?'}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}, load average ${os.loadavg().map((x) => x.toFixed(1)).join(' ')}`);
