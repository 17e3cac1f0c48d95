#!/usr/bin/env node
// `npm run test:vscode`: the same extension-host suite (test/e2e/suite/*.ts) in a desktop VS Code downloaded by
// @vscode/test-electron. For contributors with access to update.code.visualstudio.com; NOT part of CI (CI machines
// reach only the npm registry and Debian: use `npm run test:e2e`, which runs this suite in code-server).
// Env: VSCODE_TEST_VERSION (default: stable). On a headless Linux box run it under `xvfb-run -a`.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { runTests } from '@vscode/test-electron';
import { bundleSuite } from './lib/exthost.mjs';
import { USER_SETTINGS } from './lib/codeserver.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const REPO = path.resolve(HERE, '..', '..');
const SESSIONS = [['activation', 'activation'], ['main', 'workspace']];

async function main() {
  if (!fs.existsSync(path.join(REPO, 'dist', 'client.js')) || !fs.existsSync(path.join(REPO, 'dist', 'server.js'))) {
    execFileSync('npm', ['run', 'build'], { cwd: REPO, stdio: 'inherit' });
  }
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'dind-doctor-vscode-'));
  let passed = 0;
  let failed = 0;
  for (const [session, fixture] of SESSIONS) {
    const dir = path.join(tmp, session);
    const workspace = path.join(dir, 'workspace');
    fs.cpSync(path.join(HERE, 'fixtures', fixture), workspace, { recursive: true });
    const userData = path.join(dir, 'user-data');
    fs.mkdirSync(path.join(userData, 'User'), { recursive: true });
    fs.writeFileSync(path.join(userData, 'User', 'settings.json'), JSON.stringify(USER_SETTINGS, null, 2));
    const resultsFile = path.join(dir, 'suite', 'results.json');
    const suite = await bundleSuite(path.join(dir, 'suite'), { session, resultsFile });
    let code = 1;
    try {
      code = await runTests({
        version: process.env.VSCODE_TEST_VERSION || 'stable',
        extensionDevelopmentPath: REPO,
        extensionTestsPath: suite,
        launchArgs: [workspace, '--disable-extensions', '--disable-workspace-trust', '--skip-welcome', '--skip-release-notes',
          '--user-data-dir', userData, '--extensions-dir', path.join(dir, 'extensions')],
      });
    } catch (e) {
      console.error(`session ${session}: ${e.message || e}`);
    }
    const tests = fs.existsSync(resultsFile) ? JSON.parse(fs.readFileSync(resultsFile, 'utf8')).tests : [];
    const p = tests.filter((t) => t.ok).length;
    const f = tests.length - p + (tests.length === 0 || (code !== 0 && p === tests.length) ? 1 : 0);
    for (const t of tests.filter((x) => !x.ok)) console.log(`  ✗ ${session}: ${t.name}\n      ${String(t.error).split('\n').slice(0, 6).join('\n      ')}`);
    console.log(`extension-host (${session}): ${p} passed, ${f} failed`);
    passed += p;
    failed += f;
  }
  fs.rmSync(tmp, { recursive: true, force: true });
  console.log(`vscode: ${passed} passed, ${failed} failed`);
  process.exitCode = failed ? 1 : 0;
}

main().catch((e) => { console.error(e); console.log('vscode: 0 passed, 1 failed'); process.exitCode = 1; });
