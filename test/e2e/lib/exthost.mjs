// Runs the extension-host suite (test/e2e/suite/*.ts, bundled by esbuild) inside code-server's real Node extension
// host: the workbench is opened with a `payload` URL parameter carrying extensionDevelopmentPath and
// extensionTestsPath; VS Code reports the suite's exit code through window.codeAutomationExit.
// The suite writes per-test results to results.json next to its bundle (same machine: code-server is local).
import fs from 'node:fs';
import path from 'node:path';
import * as esbuild from 'esbuild';
import { launchChromium, sessionDirs, startCodeServer, copyFixture } from './codeserver.mjs';
import { withTimeout } from './proc.mjs';

const SUITE_DIR = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..', 'suite');

/** Bundles suite/index.ts to <outDir>/index.js (CommonJS, `vscode` external) and writes its params.json. */
export async function bundleSuite(outDir, params) {
  fs.mkdirSync(outDir, { recursive: true });
  await esbuild.build({
    entryPoints: [path.join(SUITE_DIR, 'index.ts')], outfile: path.join(outDir, 'index.js'),
    bundle: true, platform: 'node', format: 'cjs', target: 'node20', external: ['vscode'], sourcemap: 'inline', logLevel: 'warning',
  });
  fs.writeFileSync(path.join(outDir, 'params.json'), JSON.stringify(params, null, 2));
  return path.join(outDir, 'index.js');
}

/**
 * One session: fresh code-server on a fresh copy of `fixture`, the suite filtered to `session`.
 * Returns { tests: [{ name, ok, ms, error? }], exitCode, error? } — never throws for test failures.
 */
export async function runExtHostSession({ codeServer, chromium, runDir, fixture, session, extensionPath, log, screenshot, timeoutMs = 120_000 }) {
  const dirs = sessionDirs(runDir);
  const workspace = copyFixture(fixture, path.join(runDir, 'workspace'));
  const suiteOut = path.join(runDir, 'suite');
  const resultsFile = path.join(suiteOut, 'results.json');
  const suiteJs = await bundleSuite(suiteOut, { session, resultsFile });
  const cs = await startCodeServer({ codeServer, dirs, workspace, log });
  let browser;
  const result = { tests: [], exitCode: undefined, error: undefined };
  try {
    browser = await launchChromium(chromium);
    const page = await browser.newPage();
    page.on('console', (m) => { const t = m.text(); if (t.includes('[suite]')) log(t.replace(/^.*?\[suite\]/, '  ').replace(/%c/g, '').slice(0, 500)); });
    let resolveExit;
    const exited = new Promise((r) => { resolveExit = r; });
    await page.exposeFunction('codeAutomationLog', () => {});
    await page.exposeFunction('codeAutomationExit', (code) => resolveExit(code));
    const payload = JSON.stringify([
      ['extensionDevelopmentPath', `vscode-remote://${cs.authority}${extensionPath}`],
      ['extensionTestsPath', `vscode-remote://${cs.authority}${suiteJs}`],
    ]);
    await page.goto(`${cs.base}/?folder=${encodeURIComponent(workspace)}&payload=${encodeURIComponent(payload)}`);
    result.exitCode = await withTimeout(exited, timeoutMs, `extension-host session "${session}" to call codeAutomationExit`);
    await page.screenshot({ path: screenshot || path.join(runDir, 'end.png') }).catch(() => {});
  } catch (e) {
    result.error = e.message;
  } finally {
    if (browser) await browser.close().catch(() => {});
    await cs.stop();
  }
  if (fs.existsSync(resultsFile)) {
    result.tests = JSON.parse(fs.readFileSync(resultsFile, 'utf8')).tests;
  }
  if (result.tests.length === 0) {
    result.tests.push({ name: `${session}: suite did not report results`, ok: false, ms: 0, error: result.error || `exit code ${result.exitCode}; see ${cs.logFile}` });
  } else if (result.error) {
    result.tests.push({ name: `${session}: session`, ok: false, ms: 0, error: result.error });
  } else if (result.exitCode !== 0 && result.tests.every((t) => t.ok)) {
    result.tests.push({ name: `${session}: extension host exit code`, ok: false, ms: 0, error: `exit code ${result.exitCode} although all tests passed` });
  }
  return result;
}
