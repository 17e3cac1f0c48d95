// UI suite: the packaged .vsix installed into a fresh code-server, driven with the keyboard from headless Chromium
// (playwright-core). Every step is screenshotted into test/e2e/artifacts/ui/. No fixed sleeps: each step waits on a
// selector or a condition with a timeout.
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import * as esbuild from 'esbuild';
import { copyFixture, installVsix, launchChromium, sessionDirs, startCodeServer } from '../lib/codeserver.mjs';
import { waitFor } from '../lib/proc.mjs';

const STEP_TIMEOUT = 20_000;
const TEST_TIMEOUT = 120_000; // generous: the machine running the suite may be loaded

/** Loads common/strategies.ts and common/pins.ts (pure modules) to know the exact job text the picker and snippets write. */
async function loadStrategies(repo, outDir) {
  const outfile = path.join(outDir, 'strategies.cjs');
  const stdin = { contents: "export * from './common/strategies'; export * from './common/pins';", resolveDir: repo, loader: 'ts' };
  await esbuild.build({ stdin, outfile, bundle: true, platform: 'node', format: 'cjs', logLevel: 'warning' });
  return createRequire(import.meta.url)(outfile);
}

function lineColOf(text, token, lineContains = token) {
  const lines = text.split('\n');
  const i = lines.findIndex((l) => l.includes(lineContains) && l.includes(token));
  if (i < 0) throw new Error(`fixture has no line with ${token}`);
  return { line: i + 1, col: lines[i].indexOf(token) + 1 };
}

/** The UI helpers bound to one page. */
function ui(page, shotsDir, log) {
  let n = 0;
  const quickInput = page.locator('.quick-input-widget');
  const editor = page.locator('.editor-instance .monaco-editor').first();
  const statusProblems = page.locator('[id="status.problems"]');
  const h = {
    page, quickInput, editor,
    async shot(name) {
      n += 1;
      const file = path.join(shotsDir, `${String(n).padStart(2, '0')}-${name}.png`);
      await page.screenshot({ path: file });
      return file;
    },
    /** A screenshot of part of the page (the union of the boxes of `locators`, plus `pad` px) for the README. */
    async docShot(name, locators, pad = 8) {
      const boxes = [];
      for (const l of locators) { const b = await l.boundingBox(); if (b) boxes.push(b); }
      if (!boxes.length) throw new Error(`docShot ${name}: nothing visible to capture`);
      const vp = page.viewportSize();
      const x = Math.max(0, Math.min(...boxes.map((b) => b.x)) - pad), y = Math.max(0, Math.min(...boxes.map((b) => b.y)) - pad);
      const x2 = Math.min(vp.width, Math.max(...boxes.map((b) => b.x + b.width)) + pad), y2 = Math.min(vp.height, Math.max(...boxes.map((b) => b.y + b.height)) + pad);
      const file = path.join(shotsDir, `docs-${name}.png`);
      await page.screenshot({ path: file, clip: { x, y, width: x2 - x, height: y2 - y } });
      return file;
    },
    async problemCounts() {
      const label = (await statusProblems.getAttribute('aria-label')) || '';
      const num = (k) => Number((label.match(new RegExp(`${k}: (\\d+)`)) || [0, 0])[1]);
      return { label, errors: num('Errors'), warnings: num('Warnings'), infos: num('Infos') };
    },
    /** Ctrl+P, type a relative path, check that the focused row is that file, Enter; waits for its editor tab. */
    async openFile(rel) {
      const base = path.posix.basename(rel);
      const dir = path.posix.dirname(rel);
      await page.keyboard.press('Control+P');
      await quickInput.locator('input').waitFor({ state: 'visible' });
      await page.keyboard.type(rel);
      // wait until the filtered list has focused this very file (first rows can be "recently opened" ones)
      let row = quickInput.locator('.monaco-list-row.focused', { hasText: base });
      if (dir !== '.') row = row.filter({ hasText: path.posix.basename(dir) });
      await row.waitFor();
      await page.keyboard.press('Enter');
      await quickInput.waitFor({ state: 'hidden' });
      await page.locator('.tabs-container .tab.active', { hasText: base }).waitFor();
      // the breadcrumbs of the active editor show the folder, so this is the right file (not another .gitlab-ci.yml)
      const crumbs = page.locator('.editor-group-container.active .breadcrumbs-control');
      await waitFor(async () => {
        const t = (await crumbs.textContent().catch(() => '')) || '';
        return t.includes(base) && (dir === '.' || t.includes(path.posix.basename(dir)));
      }, `${rel} in the active editor's breadcrumbs`, STEP_TIMEOUT);
    },
    /** Runs a command from the palette (F1), matching the row by its visible title. */
    async runCommand(title) {
      await page.keyboard.press('F1');
      await quickInput.locator('input').waitFor({ state: 'visible' });
      await page.keyboard.type(title);
      await quickInput.locator('.monaco-list-row.focused', { hasText: title }).waitFor();
      await page.keyboard.press('Enter');
    },
    /** Between tests: close every editor; a file left dirty by a failed test is not saved ("Don't Save"). */
    async closeAllEditors() {
      await page.keyboard.press('Escape');
      await page.keyboard.press('Escape');
      await h.runCommand('View: Close All Editors');
      const dialog = page.locator('.monaco-dialog-box');
      await waitFor(async () => {
        if (await dialog.isVisible().catch(() => false)) {
          await dialog.locator('.monaco-button', { hasText: /Don.t Save/ }).first().click();
        }
        return (await page.locator('.tabs-container .tab').count()) === 0;
      }, 'all editors to close', STEP_TIMEOUT);
    },
    /** Moves the cursor with Go to Line/Column (Ctrl+G). */
    async gotoLineCol(line, col) {
      await editor.click({ position: { x: 200, y: 10 } });
      await page.keyboard.press('Control+G');
      await quickInput.locator('input').waitFor({ state: 'visible' });
      await page.keyboard.type(`${line}:${col}`);
      await page.keyboard.press('Enter');
      await quickInput.waitFor({ state: 'hidden' });
      await waitFor(async () => new RegExp(`Ln ${line}, Col ${col}\\b`).test(await page.locator('[id="status.editor.selection"]').textContent().catch(() => '') || ''), `cursor at ${line}:${col}`, STEP_TIMEOUT);
    },
    /** Ctrl+. then arrow keys until the row whose title matches `title` (string or RegExp) is focused, then Enter. Returns all row titles. */
    async applyQuickFix(title, shotName) {
      const matches = (t) => (typeof title === 'string' ? t.includes(title) : title.test(t));
      await page.keyboard.press('Control+.');
      const widget = page.locator('.action-widget');
      await widget.locator('.monaco-list-row', { hasText: title }).first().waitFor();
      const rows = (await widget.locator('.monaco-list-row').allTextContents()).map((t) => t.trim());
      await h.shot(shotName);
      for (let i = 0; i < rows.length + 2; i++) {
        const focused = (await widget.locator('.monaco-list-row.focused').textContent().catch(() => '')) || '';
        if (matches(focused)) break;
        await page.keyboard.press('ArrowDown');
        await waitFor(async () => ((await widget.locator('.monaco-list-row.focused').textContent().catch(() => '')) || '') !== focused, 'focus to move in the quick fix list', 5_000);
      }
      const focused = (await widget.locator('.monaco-list-row.focused').textContent().catch(() => '')) || '';
      if (!matches(focused)) throw new Error(`could not focus quick fix "${title}" with the keyboard (rows: ${JSON.stringify(rows)})`);
      await page.keyboard.press('Enter');
      await widget.waitFor({ state: 'hidden' });
      return rows;
    },
    async save(file, predicate, what) {
      await page.keyboard.press('Control+S');
      await waitFor(() => predicate(fs.readFileSync(file, 'utf8')), `${what} on disk`, STEP_TIMEOUT);
      await page.locator('.tabs-container .tab.active.dirty').waitFor({ state: 'detached' });
    },
    problemRow(rule, fileName) {
      // a marker row: message, then `dind-doctor(<rule>)` and [Ln, Col]; the file's header row is above it
      return page.locator('.markers-panel .monaco-list-row', { hasText: rule }).filter({ hasText: 'dind-doctor' }).first();
    },
    log,
  };
  return h;
}

// ---------------------------------------------------------------------------------------------------------------

const tests = [];
const test = (name, fn) => tests.push({ name, fn });

test('CI file: TLS/port mismatch → squiggle, status bar, Problems panel, Ctrl+. preferred fix, save, gone', async (h, ctx) => {
  const rel = 'tls-docker/.gitlab-ci.yml';
  const file = path.join(ctx.workspace, rel);
  await h.openFile(rel);
  await h.editor.locator('.view-lines', { hasText: 'DOCKER_HOST' }).waitFor();
  await h.editor.locator('.squiggly-error').first().waitFor();
  const before = await waitFor(async () => { const c = await h.problemCounts(); return c.errors >= 1 && c; }, 'status bar to count an error');
  h.log(`status bar: ${before.label}`);
  const lang = (await h.page.locator('[id="status.editor.mode"]').textContent()).trim();
  if (lang !== 'YAML') throw new Error(`language mode is ${lang}, expected YAML`);
  await h.shot('ci-squiggle');
  await h.page.keyboard.press('Control+Shift+M');
  const row = h.problemRow('dind-tls-port-mismatch');
  await row.waitFor();
  h.log(`Problems row: ${await row.getAttribute('aria-label')}`);
  await h.shot('ci-problems-panel');
  const { line, col } = lineColOf(fs.readFileSync(file, 'utf8'), 'tcp://docker:2375', 'DOCKER_HOST');
  await h.gotoLineCol(line, col + 4);
  // the count just before the fix (the whole-workspace analysis may have added other files' errors since the first look)
  const beforeFix = await h.problemCounts();
  const rows = await h.applyQuickFix('Use TLS: set DOCKER_HOST to port 2376', 'ci-quick-fix-menu');
  h.log(`quick fixes: ${JSON.stringify(rows)}`);
  await h.editor.locator('.view-line', { hasText: 'DOCKER_HOST: tcp://docker:2376' }).waitFor();
  await h.shot('ci-after-fix');
  await h.save(file, (t) => t.includes('DOCKER_HOST: tcp://docker:2376\n') && !t.includes('2375'), 'DOCKER_HOST: tcp://docker:2376');
  await row.waitFor({ state: 'detached' });
  await h.editor.locator('.squiggly-error').first().waitFor({ state: 'detached' });
  const after = await waitFor(async () => { const c = await h.problemCounts(); return c.errors < beforeFix.errors && c; }, 'status bar error count to drop');
  h.log(`status bar after fix: ${after.label}`);
  await h.shot('ci-saved-finding-gone');
});

test('config.toml: secret at /certs/client → dind-certs-volume-readonly, fix keeps the secret and adds the empty_dir, save, gone', async (h, ctx) => {
  const rel = 'k8s-runner/config.toml';
  const file = path.join(ctx.workspace, rel);
  await h.openFile(rel);
  await h.editor.locator('.view-lines', { hasText: 'volumes.secret' }).waitFor();
  const lang = (await h.page.locator('[id="status.editor.mode"]').textContent()).trim();
  if (lang !== 'TOML') throw new Error(`language mode is ${lang}, expected TOML`);
  await h.editor.locator('.squiggly-error, .squiggly-warning').first().waitFor();
  await h.shot('toml-squiggle');
  await h.page.keyboard.press('Control+Shift+M');
  const row = h.problemRow('dind-certs-volume-readonly');
  await row.waitFor();
  const aria = (await row.getAttribute('aria-label')) || '';
  h.log(`Problems row: ${aria}`);
  await h.shot('toml-problems-panel');
  // go to where the finding is (the Problems row gives line and column)
  const m = aria.match(/line (\d+)[^\d]+(?:column|character) (\d+)/i) || (await row.textContent()).match(/\[Ln (\d+), Col (\d+)\]/);
  if (!m) throw new Error(`no line/column in the Problems row: ${aria}`);
  await h.gotoLineCol(Number(m[1]), Number(m[2]));
  const rows = await h.applyQuickFix(/empty_dir/, 'toml-quick-fix-menu');
  h.log(`quick fixes: ${JSON.stringify(rows)}`);
  await h.editor.locator('.view-line', { hasText: 'volumes.empty_dir' }).waitFor();
  await h.shot('toml-after-fix');
  await h.save(file, (t) => /\[\[runners\.kubernetes\.volumes\.empty_dir\]\]/.test(t), 'the empty_dir volume');
  const disk = fs.readFileSync(file, 'utf8');
  for (const want of ['[[runners.kubernetes.volumes.empty_dir]]', 'name = "docker-certs"', 'mount_path = "/certs/client"', 'medium = "Memory"']) {
    if (!disk.includes(want)) throw new Error(`config.toml on disk lacks ${want}:\n${disk}`);
  }
  if (!/\[\[runners\.kubernetes\.volumes\.secret\]\]\s*\n\s*name = "docker-client-certs"\s*\n\s*mount_path = "\/etc\/docker\/certs\.d\//.test(disk)) throw new Error(`the secret volume is not kept at /etc/docker/certs.d/ in config.toml:\n${disk}`);
  await row.waitFor({ state: 'detached' });
  await h.shot('toml-saved-finding-gone');
});

test('cross-file quick fix: Ctrl+. on a CI finding whose fix edits config.toml → title names the file, the refactor preview shows the change ticked, Apply writes config.toml, finding gone', async (h, ctx) => {
  const rel = 'via-runner-config/.gitlab-ci.yml'; // (sorted after tls-docker: the Problems panel keeps its order for the first test)
  const tomlFile = path.join(ctx.workspace, 'via-runner-config', 'config.toml');
  const tomlBefore = fs.readFileSync(tomlFile, 'utf8');
  await h.openFile(rel);
  await h.editor.locator('.squiggly-error').first().waitFor();
  await h.shot('crossfile-squiggle');
  const { line, col } = lineColOf(fs.readFileSync(path.join(ctx.workspace, rel), 'utf8'), 'docker:29-dind');
  await h.gotoLineCol(line, col + 2);
  // the title says which file the fix writes
  const title = 'config.toml: services_privileged = true with allowed_privileged_services (least privilege)';
  const rows = await h.applyQuickFix(title, 'crossfile-quick-fix-menu');
  h.log(`quick fixes: ${JSON.stringify(rows)}`);
  // nothing is written before the review: VS Code's refactor preview opens
  const panel = h.page.locator('.bulk-edit-panel');
  await panel.locator('.monaco-list-row', { hasText: 'config.toml' }).first().waitFor();
  if (fs.readFileSync(tomlFile, 'utf8') !== tomlBefore) throw new Error('config.toml changed before the preview was applied');
  // the change to config.toml is ticked (applies with no extra click); only the empty review marker is not
  const boxes = await panel.locator('.monaco-list-row').evaluateAll((els) => els.map((el) => ({ text: el.textContent || '', checked: el.querySelector('input.edit-checkbox')?.checked })));
  h.log(`refactor preview rows: ${JSON.stringify(boxes)}`);
  const tomlRows = boxes.filter((b) => b.text.includes('config.toml') || b.text.includes('services_privileged'));
  if (!tomlRows.length || tomlRows.some((b) => b.checked !== true)) throw new Error(`the config.toml change is not ticked in the refactor preview: ${JSON.stringify(boxes)}`);
  // and the change itself is on screen: the preview's row shows the new lines
  await panel.locator('.monaco-list-row', { hasText: 'services_privileged = true' }).first().waitFor();
  await h.shot('crossfile-refactor-preview');
  await panel.locator('.buttons .monaco-button', { hasText: 'Apply' }).first().click();
  // VS Code applies the change in a config.toml editor (modified, not saved yet); the server already judges the CI
  // file with it, so the finding goes at once
  await h.page.locator('.tabs-container .tab.dirty', { hasText: 'config.toml' }).waitFor();
  await h.editor.locator('.squiggly-error').first().waitFor({ state: 'detached' });
  await h.shot('crossfile-applied');
  await h.runCommand('File: Save All');
  await waitFor(() => {
    const t = fs.readFileSync(tomlFile, 'utf8');
    return t.includes('services_privileged = true') && t.includes('allowed_privileged_services = ["docker:*-dind"]') && t;
  }, 'config.toml on disk with services_privileged and the allow-list', STEP_TIMEOUT);
  const disk = fs.readFileSync(tomlFile, 'utf8');
  if (!disk.includes('privileged = false') || !disk.includes('volumes = ["/certs/client", "/cache"]')) throw new Error(`config.toml lost what it had:\n${disk}`);
  await h.page.locator('.tabs-container .tab.dirty').first().waitFor({ state: 'detached' });
  await h.shot('crossfile-saved');
});

test('snippet: type "dind-tls-docker" in a CI file, expand it, the job is the one generateJob writes', async (h, ctx) => {
  const rel = 'snippets-demo/.gitlab-ci.yml';
  const file = path.join(ctx.workspace, rel);
  const original = fs.readFileSync(file, 'utf8');
  await h.openFile(rel);
  await h.editor.locator('.view-lines', { hasText: 'stages:' }).waitFor();
  await h.editor.click();
  await h.page.keyboard.press('Control+End');
  await h.page.keyboard.type('dind-tls-docker');
  await h.page.keyboard.press('Control+Space');
  const suggest = h.page.locator('.editor-widget.suggest-widget');
  await suggest.locator('.monaco-list-row', { hasText: 'dind-tls-docker' }).first().waitFor();
  const focused = (await suggest.locator('.monaco-list-row.focused').textContent().catch(() => '')) || '';
  await h.shot('snippet-suggest');
  if (!focused.includes('dind-tls-docker')) throw new Error(`the focused suggestion is "${focused}", not the dind-tls-docker snippet`);
  await h.page.keyboard.press('Enter');
  await h.editor.locator('.view-line', { hasText: 'DOCKER_TLS_CERTDIR' }).first().waitFor();
  await h.page.keyboard.press('Escape'); // leave snippet mode with the defaults
  await h.shot('snippet-expanded');
  const job = ctx.strategies.generateJob('dind-tls', 'docker');
  await h.save(file, (t) => t.includes('DOCKER_TLS_CERTDIR'), 'the expanded snippet');
  const disk = fs.readFileSync(file, 'utf8');
  if (!disk.startsWith(original) || disk.slice(original.length).trimEnd() !== job.trimEnd()) {
    throw new Error(`expanded snippet differs from generateJob('dind-tls', 'docker'):\n--- disk\n${disk}\n--- expected (after the original text)\n${job}`);
  }
});

test('build-strategy picker from the palette: Kaniko for Kubernetes, custom image, default job name', async (h, ctx) => {
  const rel = 'picker/.gitlab-ci.yml';
  const file = path.join(ctx.workspace, rel);
  const original = fs.readFileSync(file, 'utf8');
  await h.openFile(rel);
  await h.editor.locator('.view-lines', { hasText: 'lint:' }).waitFor();
  // cursor on the last (empty) line of a file that ends with a newline: the documented "write at the cursor" case
  const lastLine = original.split('\n').length;
  await h.gotoLineCol(lastLine, 1);
  await h.runCommand('dind-doctor: Choose a build strategy');
  const qi = h.quickInput;
  // step 1/4: strategy (filter by typing, check the focused row, Enter)
  await qi.locator('.monaco-list-row.focused', { hasText: 'Docker-in-Docker with TLS' }).waitFor();
  await h.shot('picker-1-strategy');
  await h.page.keyboard.type('Kaniko');
  await qi.locator('.monaco-list-row.focused', { hasText: 'Kaniko' }).waitFor();
  await h.page.keyboard.press('Enter');
  // step 2/4: executor
  await qi.locator('.monaco-list-row', { hasText: 'Kubernetes' }).first().waitFor();
  await h.shot('picker-2-executor');
  await h.page.keyboard.type('Kubernetes');
  await qi.locator('.monaco-list-row.focused', { hasText: 'Kubernetes' }).waitFor();
  await h.page.keyboard.press('Enter');
  // step 3/4: image to push (prefilled; replace it)
  const destination = 'registry.example.com/team/app:$CI_COMMIT_SHORT_SHA';
  await waitFor(async () => (await qi.locator('input').inputValue()) === ctx.strategies.DEFAULT_DESTINATION, 'the image input prefilled with the default');
  await h.shot('picker-3-image');
  await h.page.keyboard.press('Control+A');
  await h.page.keyboard.type(destination);
  await h.page.keyboard.press('Enter');
  // step 4/4: job name (prefilled build-image; Enter accepts)
  await waitFor(async () => (await qi.locator('input').inputValue()) === ctx.strategies.DEFAULT_JOB_NAME, 'the job-name input prefilled with build-image');
  await h.shot('picker-4-job-name');
  await h.page.keyboard.press('Enter');
  await qi.waitFor({ state: 'hidden' });
  await h.editor.locator('.view-line', { hasText: 'build-image:' }).first().waitFor();
  await h.shot('picker-job-written');
  const job = ctx.strategies.generateJob('kaniko', 'kubernetes', { destination, jobName: 'build-image' });
  await h.save(file, (t) => t.includes('build-image:'), 'the written job');
  const disk = fs.readFileSync(file, 'utf8');
  if (!disk.startsWith(original.trimEnd()) || !disk.includes(job.trimEnd())) {
    throw new Error(`the CI file does not hold generateJob('kaniko', 'kubernetes', …) after the original text:\n--- disk\n${disk}\n--- expected job\n${job}`);
  }
  if (!disk.endsWith('\n')) {
    throw new Error(`the file lost its final newline: the job was written at the cursor (last, empty line of a file ending with "\\n") and the file now ends with ${JSON.stringify(disk.slice(-30))}`);
  }
  await h.shot('picker-saved');
});

test("refactor: Ctrl+. on a dind job's name → \"Convert 'build-image' to Buildah\", save, buildah job on disk", async (h, ctx) => {
  const rel = 'convert/.gitlab-ci.yml';
  const file = path.join(ctx.workspace, rel);
  const original = fs.readFileSync(file, 'utf8');
  await h.openFile(rel);
  await h.editor.locator('.view-lines', { hasText: 'docker push' }).waitFor();
  // the server has analysed the file: the dind service carries its dind-registry-rate-limits (info) squiggle
  await h.editor.locator('.squiggly-info').first().waitFor();
  await h.shot('convert-dind-job');
  const { line, col } = lineColOf(original, 'build-image', 'build-image:');
  await h.gotoLineCol(line, col + 2);
  const title = "Convert 'build-image' to Buildah";
  const rows = await h.applyQuickFix(title, 'convert-code-action-menu');
  h.log(`code actions on the job: ${JSON.stringify(rows)}`);
  await h.editor.locator('.view-line', { hasText: 'buildah push' }).waitFor();
  await h.shot('convert-after-rewrite');
  await h.save(file, (t) => t.includes('buildah push'), 'the converted job');
  const disk = fs.readFileSync(file, 'utf8');
  const problems = [];
  if (!new RegExp(`^  image: quay\\.io/buildah/stable:${ctx.strategies.BUILDAH_TAG.replace(/\./g, '\\.')}$`, 'm').test(disk)) problems.push(`image is not quay.io/buildah/stable:${ctx.strategies.BUILDAH_TAG}`);
  if (!disk.includes('    - buildah build -t "$CI_REGISTRY_IMAGE:$CI_COMMIT_SHA" .\n')) problems.push('no `buildah build` line');
  if (!disk.includes('    - buildah push "$CI_REGISTRY_IMAGE:$CI_COMMIT_SHA"\n')) problems.push('no `buildah push` line');
  if (/^\s*services:/m.test(disk)) problems.push('services: is still there');
  if (/\bdocker (build|push)\b/.test(disk)) problems.push('a docker build/push line is left');
  // stage, rules and tags of the job, and everything from the next job on, exactly as written
  const block = (text, key) => new RegExp(`^  ${key}:.*\\n(?: {4}.*\\n)*`, 'm').exec(text)?.[0];
  for (const k of ['stage', 'rules', 'tags']) if (block(disk, k) !== block(original, k)) problems.push(`${k}: changed (was ${JSON.stringify(block(original, k))}, now ${JSON.stringify(block(disk, k))})`);
  if (!disk.endsWith(original.slice(original.indexOf('\nunit-tests:')))) problems.push('the unit-tests job changed');
  if (problems.length) throw new Error(`converted file on disk: ${problems.join('; ')}\n${disk}`);
  await h.editor.locator('.squiggly-info').first().waitFor({ state: 'detached' }); // no dind service left to report
  await h.shot('convert-saved');
});

test('rule docs from the palette: "dind-doctor: Show rule documentation", pick dind-tls-port-mismatch, Markdown preview', async (h) => {
  const rule = 'dind-tls-port-mismatch';
  await h.runCommand('dind-doctor: Show rule documentation');
  const qi = h.quickInput;
  // the rule picker (a virtualised list: the row appears once the filter is typed)
  await qi.locator('.quick-input-title', { hasText: 'dind-doctor: Rule documentation' }).waitFor();
  await qi.locator('.monaco-list-row').first().waitFor();
  await h.page.keyboard.type(rule);
  // the focused row is exactly this rule (not e.g. a longer id that contains it)
  // (a QuickPick row's aria-label is "label, description, detail")
  await waitFor(async () => ((await qi.locator('.monaco-list-row.focused').getAttribute('aria-label').catch(() => '')) || '').split(',')[0].trim() === rule, `${rule} focused in the rule list`);
  await h.shot('rule-docs-pick');
  await h.page.keyboard.press('Enter');
  await qi.waitFor({ state: 'hidden' });
  const tab = h.page.locator('.tabs-container .tab.active', { hasText: `Preview ${rule}.md` });
  await tab.waitFor();
  // the preview renders the page: its first heading is the rule id (webview iframe → its active frame)
  const heading = h.page.frameLocator('iframe.webview.ready').frameLocator('#active-frame').locator('h1').first();
  await waitFor(async () => ((await heading.textContent().catch(() => '')) || '').trim() === rule, `the preview's heading "${rule}"`);
  await h.shot('rule-docs-preview');
  h.log(`rule docs: tab "${(await tab.textContent()).trim()}", heading "${(await heading.textContent()).trim()}"`);
});

test('status bar: a CI file shows its runner config; a click picks another one, kept in dindDoctor.runnerConfigs', async (h, ctx) => {
  await h.openFile('tls-docker/.gitlab-ci.yml');
  const item = h.page.locator('[id$="dindDoctor.runnerPairing"]');
  const textOf = async () => ((await item.textContent().catch(() => '')) || '').trim();
  await waitFor(async () => (await textOf()) === 'config.toml (docker)', 'status bar item "config.toml (docker)"', STEP_TIMEOUT);
  h.log(`status bar item: "${await textOf()}", tooltip "${await item.getAttribute('aria-label')}"`);
  await h.shot('status-pairing');
  const choose = async (rowText) => {
    await item.click();
    const qi = h.quickInput;
    await qi.locator('.quick-input-title', { hasText: 'dind-doctor: runner configuration' }).waitFor();
    const row = qi.locator('.monaco-list-row', { hasText: rowText });
    await row.waitFor();
    await h.shot(`status-pick-${rowText.replace(/\W+/g, '-')}`);
    await row.click();
    await qi.waitFor({ state: 'hidden' });
  };
  await choose('k8s-runner/config.toml');
  await waitFor(async () => (await textOf()) === 'config.toml (kubernetes)', 'status bar item "config.toml (kubernetes)"', STEP_TIMEOUT);
  const settingsFile = path.join(ctx.workspace, '.vscode', 'settings.json');
  await waitFor(() => fs.existsSync(settingsFile) && fs.readFileSync(settingsFile, 'utf8').includes('"k8s-runner/config.toml"'), 'dindDoctor.runnerConfigs in .vscode/settings.json', STEP_TIMEOUT);
  await h.shot('status-pairing-chosen');
  // back to automatic: the setting goes, the nearest config is back
  await choose('Nearest runner configs (automatic)');
  await waitFor(async () => (await textOf()) === 'config.toml (docker)', 'status bar item back to "config.toml (docker)"', STEP_TIMEOUT);
  // a runner config is no CI file: no item
  await h.openFile('k8s-runner/config.toml');
  await item.waitFor({ state: 'hidden' });
});

// ---- editor features (nav-demo/): completion, hover, F12, Outline, effective configuration, workspace analysis --
// Each also writes a docs-*.png (cropped) into the artifacts: the README's "Editor features" screenshots.

const NAV_CI = 'nav-demo/.gitlab-ci.yml';

test('completion: typing in a job offers GitLab keywords with their description (suggest widget with details)', async (h, ctx) => {
  await h.openFile(NAV_CI);
  const { line } = lineColOf(fs.readFileSync(path.join(ctx.workspace, NAV_CI), 'utf8'), 'stage: build');
  await h.gotoLineCol(line, 15);
  await h.page.keyboard.press('End');
  await h.page.keyboard.press('Enter');
  await h.page.keyboard.type('serv');
  await h.page.keyboard.press('Control+Space');
  const widget = h.page.locator('.editor-widget.suggest-widget');
  await widget.locator('.monaco-list-row', { hasText: 'services' }).first().waitFor();
  // the details pane (Ctrl+Space again toggles it) shows GitLab's description of the keyword
  const details = h.page.locator('.suggest-details-container .suggest-details');
  if (!(await details.isVisible().catch(() => false))) await h.page.keyboard.press('Control+Space');
  await details.filter({ hasText: /service/i }).waitFor();
  h.log(`completion rows: ${JSON.stringify((await widget.locator('.monaco-list-row').allTextContents()).slice(0, 6))}`);
  await h.shot('nav-completion');
  await h.docShot('completion', [widget, details, h.editor.locator('.view-line', { hasText: 'extends: .docker' })]);
  await h.page.keyboard.press('Escape');
});

test('hover and F12 on extends: the template\'s effective image and services with origins; Go to Definition opens the included file', async (h, ctx) => {
  await h.openFile(NAV_CI);
  const { line, col } = lineColOf(fs.readFileSync(path.join(ctx.workspace, NAV_CI), 'utf8'), '.docker', 'extends:');
  await h.gotoLineCol(line, col + 2);
  await h.page.keyboard.press('Control+K');
  await h.page.keyboard.press('Control+I');
  const hover = h.page.locator('.monaco-hover:not(.hidden)', { hasText: 'docker:29-dind' });
  await hover.waitFor();
  h.log(`hover: ${((await hover.textContent()) || '').slice(0, 300)}`);
  await h.shot('nav-hover');
  await h.docShot('hover', [hover, h.editor.locator('.view-line', { hasText: 'extends: .docker' })]);
  await h.page.keyboard.press('Escape');
  await h.page.keyboard.press('F12');
  await h.page.locator('.tabs-container .tab.active', { hasText: 'docker.yml' }).waitFor();
  await waitFor(async () => /Ln 2, Col 1\b/.test(await h.page.locator('[id="status.editor.selection"]').textContent().catch(() => '') || ''), 'the cursor on the .docker template (Ln 2, Col 1)', STEP_TIMEOUT);
  await h.shot('nav-f12-landed');
});

test('Outline lists stages and jobs; "Show effective configuration" opens a read-only YAML document with origins', async (h, ctx) => {
  await h.openFile(NAV_CI);
  await h.runCommand('Explorer: Focus on Outline View');
  // the folders section collapsed, so that the Outline gets the side bar's height (its list renders only the rows in view)
  const folders = h.page.locator('.part.sidebar .pane-header[aria-expanded]').first();
  const foldersOpen = (await folders.getAttribute('aria-expanded')) === 'true';
  if (foldersOpen) await folders.click();
  const outline = h.page.locator('.outline-pane, [id="outline"]').first();
  try {
    await outline.locator('.monaco-list-row', { hasText: 'build-image' }).waitFor();
    await outline.locator('.monaco-list-row', { hasText: 'unit-tests' }).waitFor();
    h.log(`outline: ${JSON.stringify((await outline.locator('.monaco-list-row').allTextContents()).map((t) => t.trim()))}`);
  } finally {
    if (foldersOpen && (await folders.getAttribute('aria-expanded')) !== 'true') await folders.click();
  }
  const { line } = lineColOf(fs.readFileSync(path.join(ctx.workspace, NAV_CI), 'utf8'), 'stage: build');
  await h.gotoLineCol(line, 3);
  await h.runCommand('dind-doctor: Show effective configuration');
  const tab = h.page.locator('.tabs-container .tab', { hasText: 'build-image (effective).yml' });
  await tab.waitFor();
  const virtual = h.page.locator('.editor-instance .monaco-editor', { hasText: '# from nav-demo/.gitlab/ci/docker.yml' }).first();
  await virtual.locator('.view-line', { hasText: 'image: docker:29-cli' }).waitFor();
  await h.shot('nav-outline-effective');
  await h.docShot('effective-config', [h.page.locator('.part.sidebar'), h.page.locator('.part.editor')], 0);
  // read-only: typing into it is refused by the editor
  await virtual.locator('.view-line', { hasText: 'image: docker:29-cli' }).click();
  await h.page.keyboard.type('x');
  await h.page.locator('.monaco-editor-overlaymessage', { hasText: /read-only|readonly/i }).waitFor();
  await h.runCommand('View: Close All Editors');
  await h.runCommand('View: Show Explorer');
});

test('"dind-doctor: Analyse workspace": the dind-doctor output channel lists files, runner configs paired and the time', async (h) => {
  await h.runCommand('dind-doctor: Analyse workspace');
  await h.runCommand('Output: Show Output Channels...');
  await h.quickInput.locator('.monaco-list-row', { hasText: 'dind-doctor' }).first().waitFor();
  await h.page.keyboard.type('dind-doctor');
  await h.quickInput.locator('.monaco-list-row.focused', { hasText: 'dind-doctor' }).waitFor();
  await h.page.keyboard.press('Enter');
  const out = h.page.locator('.part.panel .monaco-editor').first();
  await out.locator('.view-line', { hasText: 'Workspace analysed:' }).last().waitFor();
  await h.shot('nav-output-channel');
  await h.docShot('output-channel', [h.page.locator('.part.panel')], 0);
  // the pairing lines come before one line per file analysed: the Output view's filter brings them into view
  const filter = h.page.locator('.part.panel input[placeholder="Filter"]').first();
  await filter.click();
  await h.page.keyboard.type('judged with');
  try {
    await out.locator('.view-line', { hasText: 'nav-demo/.gitlab-ci.yml is judged with the runner config nav-demo/config.toml' }).last().waitFor();
    await h.shot('nav-output-pairing');
  } finally {
    await filter.click();
    await h.page.keyboard.press('Control+A');
    await h.page.keyboard.press('Backspace');
  }
  await h.runCommand('View: Hide Panel');
});

test("Problems panel rows start with whole headlines; a finding's hover adds why/how to fix/rule page, not the message again", async (h, ctx) => {
  // (the folder sorts after tls-docker: its problems do not push the other tests' rows out of the panel)
  const rel = 'wide-headlines/.gitlab-ci.yml';
  await h.openFile(rel);
  await h.editor.locator('.squiggly-error').first().waitFor();
  // the Problems panel as wide as the window (side bar closed, reopened at the end): VS Code puts the source, rule
  // and position on the headline's row and cuts the message short when they do not fit
  const sideBar = h.page.locator('.part.sidebar');
  let maximized = false;
  if (await sideBar.isVisible()) { await h.page.keyboard.press('Control+B'); await sideBar.waitFor({ state: 'hidden' }); }
  try {
    await h.page.keyboard.press('Control+Shift+M');
    // only this file's problems (the whole workspace is analysed, so the other fixtures' findings are listed too)
    const filter = h.page.getByPlaceholder(/^Filter \(e\.g\. text/);
    await filter.click();
    await h.page.keyboard.type('**/wide-headlines/**');
    // the panel maximized, so that all six rows are in view (the list renders only what it shows)
    await h.runCommand('View: Toggle Maximized Panel');
    maximized = true;
    const headline = "Docker CLI 24.0 in 'docker:24' is too old for the dind daemon: every command fails.";
    const panel = h.page.locator('.markers-panel');
    const mine = ['docker-cli-too-old-for-daemon', 'dind-service-alias-not-docker', 'dind-tls-off-startup-delay', 'dind-tls-disabled', 'docker-login-password-on-command-line', 'push-mutable-tag-only'];
    for (const rule of mine) await h.problemRow(rule).waitFor();
    // a row holds one .marker-message-line per line of the message; the first also carries source, code, position
    const rows = await panel.locator('.monaco-list-row', { hasText: 'dind-doctor' }).evaluateAll((els) => els.map((el) => {
      const first = el.querySelector('.marker-message-line .marker-message');
      const cut = !first || first.scrollWidth > first.clientWidth + 1 || first.getBoundingClientRect().right > el.getBoundingClientRect().right + 1;
      return { text: (first?.textContent || '').trim(), cut, row: el.textContent || '' };
    }));
    h.log(`Problems rows: ${JSON.stringify(rows.map(({ text, cut }) => ({ text, cut })))}`);
    if (!rows.some((r) => r.text === headline)) throw new Error(`no row shows the headline alone on its line: ${JSON.stringify(rows)}`);
    const cut = rows.filter((r) => r.cut && mine.some((m) => r.row.includes(`(${m})`)));
    if (cut.length) throw new Error(`headline rows cut off: ${JSON.stringify(cut.map((r) => r.text))}`);
    // the README's picture of the Problems panel, down to its last row (docs/images/problems-panel.png is a copy)
    const top = await h.page.locator('.part.panel').boundingBox();
    const bottom = await panel.locator('.monaco-list-row').last().boundingBox();
    await h.page.screenshot({ path: path.join(ctx.shotsDir, 'problems-panel-headlines.png'), clip: { x: top.x, y: top.y, width: top.width, height: Math.min(bottom.y + bottom.height + 6, top.y + top.height) - top.y } });
    await h.shot('headlines-problems-panel');
    // the editor back in view for the hover
    await h.runCommand('View: Toggle Maximized Panel');
    maximized = false;
    // hover on a finding: VS Code shows the message once; our section adds why, how to fix, quick fixes, the page
    const file = path.join(ctx.workspace, rel);
    const { line, col } = lineColOf(fs.readFileSync(file, 'utf8'), 'docker:24', 'image:');
    await h.gotoLineCol(line, col + 4);
    await h.page.keyboard.press('Control+K');
    await h.page.keyboard.press('Control+I');
    const hover = h.page.locator('.monaco-hover', { hasText: 'Why it breaks' }).first();
    await hover.waitFor();
    const text = (await hover.textContent()) || '';
    h.log(`hover: ${text.slice(0, 600)}`);
    const times = text.split(headline).length - 1;
    if (times !== 1) throw new Error(`the hover shows the headline ${times} times`);
    for (const want of ['Docker Engine 29 (November 2025) raised the minimum API version', 'How to fix', 'Quick fixes', 'Rule page: docker-cli-too-old-for-daemon']) if (!text.includes(want)) throw new Error(`the hover lacks "${want}"`);
    await h.shot('headlines-hover');
    await h.page.keyboard.press('Escape');
  } finally {
    if (maximized) await h.runCommand('View: Toggle Maximized Panel');
    const filter = h.page.getByPlaceholder(/^Filter \(e\.g\. text/);
    if (await filter.isVisible()) { await filter.click(); await h.page.keyboard.press('Control+A'); await h.page.keyboard.press('Backspace'); }
    if (!(await sideBar.isVisible())) await h.page.keyboard.press('Control+B');
  }
});

  

// ---------------------------------------------------------------------------------------------------------------

export async function runUiSuite({ codeServer, chromium, runDir, fixture, vsix, repo, artifactsDir, log }) {
  const dirs = sessionDirs(runDir);
  const workspace = copyFixture(fixture, path.join(runDir, 'workspace'));
  const shotsDir = path.join(artifactsDir, 'ui');
  fs.rmSync(shotsDir, { recursive: true, force: true });
  fs.mkdirSync(shotsDir, { recursive: true });
  const results = [];
  let cs, browser;
  try {
    const strategies = await loadStrategies(repo, runDir);
    installVsix(codeServer, dirs, vsix);
    cs = await startCodeServer({ codeServer, dirs, workspace, log });
    browser = await launchChromium(chromium);
    const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
    const page = await context.newPage();
    page.setDefaultTimeout(STEP_TIMEOUT);
    const h = ui(page, shotsDir, log);
    await page.goto(`${cs.base}/?folder=${encodeURIComponent(workspace)}`, { waitUntil: 'domcontentloaded', timeout: 90_000 }); // a loaded machine serves the first page slowly
    await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
    await page.locator('.explorer-folders-view .monaco-list-row', { hasText: 'tls-docker' }).waitFor({ timeout: 60_000 });
    await h.shot('workbench');
    const ctx = { workspace, strategies, shotsDir };
    for (const t of tests) {
      const t0 = Date.now();
      let timer;
      try {
        await Promise.race([
          t.fn(h, ctx),
          new Promise((_, rej) => { timer = setTimeout(() => rej(new Error(`test timed out after ${TEST_TIMEOUT} ms`)), TEST_TIMEOUT); }),
        ]);
        results.push({ name: t.name, ok: true, ms: Date.now() - t0 });
        log(`  PASS ${t.name} (${Date.now() - t0} ms)`);
      } catch (e) {
        results.push({ name: t.name, ok: false, ms: Date.now() - t0, error: e.stack || e.message });
        log(`  FAIL ${t.name} (${Date.now() - t0} ms)\n${String(e.message).split('\n').slice(0, 12).map((l) => `    ${l}`).join('\n')}`);
        await h.shot('FAIL').catch(() => {});
      } finally {
        clearTimeout(timer);
      }
      // next test starts from a clean workbench (no editor, no widget)
      await h.closeAllEditors().catch((e) => log(`  (could not close editors: ${e.message.split('\n')[0]})`));
    }
  } catch (e) {
    results.push({ name: 'UI session', ok: false, ms: 0, error: e.stack || e.message });
    log(`  FAIL UI session: ${e.message.split('\n')[0]}`);
    try { const p = browser?.contexts().flatMap((c) => c.pages())[0]; if (p) await p.screenshot({ path: path.join(shotsDir, 'FAIL-session.png') }); } catch { /* no page */ }
  } finally {
    if (browser) await browser.close().catch(() => {});
    if (cs) await cs.stop();
    if (cs) fs.copyFileSync(cs.logFile, path.join(shotsDir, 'code-server.log'));
  }
  return { tests: results };
}
