#!/usr/bin/env node
// `npm run test:e2e`: dind-doctor in a real VS Code (code-server 4.100.3 = VS Code 1.100.3, Debian Chromium,
// playwright-core), offline.
//   1. setup: code-server + chromium in $DIND_DOCTOR_E2E_CACHE (default ~/.cache/dind-doctor-e2e), only when missing;
//   2. the packaged dind-doctor-<version>.vsix at the repo root (built with `npm run package` when missing or older
//      than the sources; DIND_DOCTOR_E2E_NO_BUILD=1 uses it as it is);
//   3. extension-host suite (test/e2e/suite/*.ts) in code-server's Node extension host, on the unpacked .vsix:
//      session "activation" on fixtures/activation, session "main" on fixtures/workspace;
//   4. UI suite (test/e2e/ui/ui-suite.mjs) on fixtures/ui with the .vsix installed; screenshots in test/e2e/artifacts/.
// Each session: a fresh copy of its fixture in a temp dir and a fresh, isolated code-server, killed by process group.
// Output ends with `e2e: N passed, M failed`; exit code 1 on any failure.
// Options: --suite exthost|ui (only one), --keep (keep the temp dir). Env: DIND_DOCTOR_E2E_TIMEOUT_MS (both suites,
// after setup and packaging; default 270000), DIND_DOCTOR_E2E_VSIX (another .vsix), CHROMIUM (another chromium binary).
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { setup } from './setup.mjs';
import { installVsix, sessionDirs } from './lib/codeserver.mjs';
import { runExtHostSession } from './lib/exthost.mjs';
import { abortAll, installExitHandlers } from './lib/proc.mjs';
import { runUiSuite } from './ui/ui-suite.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const REPO = path.resolve(HERE, '..', '..');
const ARTIFACTS = path.join(HERE, 'artifacts');
const args = process.argv.slice(2);
const only = args.includes('--suite') ? args[args.indexOf('--suite') + 1] : undefined;
const keep = args.includes('--keep');
const t0 = Date.now();
const secs = (ms) => `${(ms / 1000).toFixed(1)} s`;
const log = (m) => console.log(`[e2e ${secs(Date.now() - t0).padStart(7)}] ${m}`);

function newestMtime(p) {
  if (!fs.existsSync(p)) return 0;
  const st = fs.statSync(p);
  if (!st.isDirectory()) return st.mtimeMs;
  let m = 0;
  for (const e of fs.readdirSync(p)) m = Math.max(m, newestMtime(path.join(p, e)));
  return m;
}

function ensureVsix() {
  if (process.env.DIND_DOCTOR_E2E_VSIX) return path.resolve(process.env.DIND_DOCTOR_E2E_VSIX);
  const { version, name } = JSON.parse(fs.readFileSync(path.join(REPO, 'package.json'), 'utf8'));
  const vsix = path.join(REPO, `${name}-${version}.vsix`);
  const sources = ['package.json', 'client/src', 'server/src', 'common', 'language', 'schemas', 'docs/rules'].map((p) => path.join(REPO, p));
  const stale = fs.existsSync(vsix) && Math.max(...sources.map(newestMtime)) > fs.statSync(vsix).mtimeMs;
  if (fs.existsSync(vsix) && (!stale || process.env.DIND_DOCTOR_E2E_NO_BUILD === '1')) return vsix;
  log(`${path.basename(vsix)} ${stale ? 'is older than the sources' : 'is missing'}: npm run package …`);
  try {
    execFileSync('npm', ['run', 'package'], { cwd: REPO, stdio: ['ignore', 'ignore', 'inherit'] });
  } catch {
    throw new Error('`npm run package` failed (its errors are above); the e2e suites need the packaged .vsix');
  }
  if (!fs.existsSync(vsix)) throw new Error(`npm run package did not write ${vsix}`);
  return vsix;
}

function copyLogs(runDir, dest) {
  const logs = path.join(runDir, 'user-data', 'logs');
  fs.mkdirSync(dest, { recursive: true });
  if (fs.existsSync(logs)) fs.cpSync(logs, path.join(dest, 'vscode-logs'), { recursive: true });
  const cs = path.join(runDir, 'code-server.log');
  if (fs.existsSync(cs)) fs.copyFileSync(cs, path.join(dest, 'code-server.log'));
}

function report(suite, tests, ms) {
  const passed = tests.filter((t) => t.ok).length;
  const failed = tests.length - passed;
  for (const t of tests.filter((x) => !x.ok)) console.log(`  ✗ ${suite}: ${t.name}\n${String(t.error).split('\n').slice(0, 15).map((l) => `      ${l}`).join('\n')}`);
  console.log(`${suite} suite: ${passed} passed, ${failed} failed (${tests.length} checks, ${secs(ms)})`);
  return { passed, failed };
}

async function main() {
  installExitHandlers();
  // setup (first time: apt + npm, 2–3 min) and packaging are outside the time budget of the tests themselves
  const { codeServer, chromium } = await setup({ log: (m) => log(`setup: ${m}`) });
  const vsix = ensureVsix();
  log(`extension: ${path.relative(REPO, vsix) || vsix}`);
  const budget = Number(process.env.DIND_DOCTOR_E2E_TIMEOUT_MS || 270_000);
  const watchdog = setTimeout(() => {
    console.log(`e2e: the suites exceeded ${secs(budget)}; aborting (code-server process groups are killed)`);
    console.log('e2e: 0 passed, 1 failed');
    abortAll().finally(() => process.exit(1)); // and the 'exit' handler SIGKILLs any group left
  }, budget);
  watchdog.unref();
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'dind-doctor-e2e-'));
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  const totals = { passed: 0, failed: 0 };
  const add = (r) => { totals.passed += r.passed; totals.failed += r.failed; };
  try {
    if (!only || only === 'exthost') {
      const ts = Date.now();
      for (const n of fs.readdirSync(ARTIFACTS)) if (n.startsWith('exthost-')) fs.rmSync(path.join(ARTIFACTS, n), { recursive: true, force: true });
      // extensionDevelopmentPath: the .vsix unpacked by code-server itself (exactly what users get)
      const staging = sessionDirs(path.join(tmp, 'staging'));
      const extensionPath = installVsix(codeServer, staging, vsix);
      const tests = [];
      for (const [session, fixture] of [['activation', 'activation'], ['main', 'workspace']]) {
        log(`extension-host session "${session}" (fixtures/${fixture}) …`);
        const runDir = path.join(tmp, `exthost-${session}`);
        const r = await runExtHostSession({
          codeServer, chromium, runDir, fixture: path.join(HERE, 'fixtures', fixture), session, extensionPath, log,
          screenshot: path.join(ARTIFACTS, `exthost-${session}.png`),
        });
        copyLogs(runDir, path.join(ARTIFACTS, `exthost-${session}`));
        tests.push(...r.tests.map((t) => ({ ...t, name: `${session}: ${t.name}` })));
      }
      add(report('extension-host', tests, Date.now() - ts));
    }
    if (!only || only === 'ui') {
      const ts = Date.now();
      log('UI session (fixtures/ui) …');
      const runDir = path.join(tmp, 'ui');
      const r = await runUiSuite({ codeServer, chromium, runDir, fixture: path.join(HERE, 'fixtures', 'ui'), vsix, repo: REPO, artifactsDir: ARTIFACTS, log });
      copyLogs(runDir, path.join(ARTIFACTS, 'ui'));
      add(report('UI', r.tests, Date.now() - ts));
    }
  } finally {
    if (keep || totals.failed) log(`temp dir kept: ${tmp}`);
    else fs.rmSync(tmp, { recursive: true, force: true });
    log(`artifacts (screenshots, logs): ${path.relative(process.cwd(), ARTIFACTS) || ARTIFACTS}`);
  }
  console.log(`e2e: ${totals.passed} passed, ${totals.failed} failed`);
  clearTimeout(watchdog);
  return totals.failed === 0 && totals.passed > 0 ? 0 : 1;
}

main().then((code) => { process.exitCode = code; }, (e) => {
  console.error(`e2e: harness error: ${e.stack || e.message}`);
  console.log('e2e: 0 passed, 1 failed');
  process.exitCode = 1;
});
