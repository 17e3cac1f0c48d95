/**
 * What ships: the npm package (the CLI) and the .vsix (the extension) hold exactly what each needs, the marketplace
 * metadata is complete, and every place that shows the version shows package.json's. The packed CLI is installed
 * and run for real by test/ship/ (`npm run test:package`, a separate CI step).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { StreamMessageReader, StreamMessageWriter, createMessageConnection } from 'vscode-jsonrpc/node';
import pkg from '../package.json';
import { loadComponent } from './component-runner';

const ROOT = join(__dirname, '..');
const version = pkg.version;
const manifest = pkg as Record<string, unknown>;
const list = (dir: string) => readdirSync(join(ROOT, dir)).map((f) => `${dir}/${f}`);

test('package.json can be published and names no placeholder', () => {
  assert.equal(manifest.private, undefined, '"private": true would forbid publishing');
  assert.equal(pkg.name, 'dind-doctor');
  assert.match(version, /^\d+\.\d+\.\d+$/);
  assert.ok(!/\.invalid\b/.test(JSON.stringify(pkg)), 'no placeholder (.invalid) address in package.json');
  assert.deepEqual(pkg.bin, { 'dind-doctor': './dist/cli.js' });
  assert.equal(pkg.license, 'MIT');
  assert.ok(existsSync(join(ROOT, 'LICENSE')));
});

test('the package has no run-time dependencies: everything is bundled, so it installs without the network', () => {
  assert.deepEqual(manifest.dependencies ?? {}, {}, 'put libraries in devDependencies: esbuild inlines them into dist/');
  assert.equal(manifest.bundleDependencies ?? manifest.bundledDependencies, undefined);
  for (const hook of ['preinstall', 'install', 'postinstall']) assert.equal((pkg.scripts as Record<string, string>)[hook], undefined, `no ${hook} script runs on the user's machine`);
  // The bundles load nothing from node_modules (only Node's own modules; `vscode` in the client).
  for (const [bundle, allowed] of [['dist/cli.js', []], ['dist/server.js', []], ['dist/client.js', ['vscode']]] as const) {
    const code = readFileSync(join(ROOT, bundle), 'utf8');
    // A call, not text: ajv's code generator names its runtime modules inside strings (`'require("ajv/…")'`).
    const required = new Set([...code.matchAll(/(?<![\w$.'`])require\("([^"]+)"\)/g)].map((m) => m[1]));
    assert.ok(required.has('node:fs') || required.has('fs') || bundle === 'dist/client.js', `${bundle}: the require scan sees real calls`);
    const foreign = [...required].filter((r) => !r.startsWith('node:') && !isBuiltin(r) && !(allowed as readonly string[]).includes(r));
    assert.deepEqual(foreign, [], `${bundle} requires modules that are not bundled`);
  }
});

function isBuiltin(name: string): boolean {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (require('node:module') as { builtinModules: string[] }).builtinModules.includes(name);
}

test('npm pack: the CLI package holds exactly the bundled CLI, the rule pages, README, LICENSE and CHANGELOG', (t) => {
  const r = spawnSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: ROOT, encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  const [info] = JSON.parse(r.stdout) as { files: { path: string }[]; size: number; unpackedSize: number; entryCount: number }[];
  const files = info.files.map((f) => f.path).sort();
  const expected = ['CHANGELOG.md', 'LICENSE', 'README.md', 'dist/cli.js', 'package.json', ...list('docs/rules')].sort();
  assert.deepEqual(files, expected);
  t.diagnostic(`npm package: ${info.entryCount} files, ${(info.size / 1024).toFixed(0)} KiB packed, ${(info.unpackedSize / 1024).toFixed(0)} KiB unpacked`);
});

test('vsce ls: the .vsix holds what the extension needs and no test, bench, script or source file', (t) => {
  const r = spawnSync(process.execPath, [join(ROOT, 'node_modules', '@vscode', 'vsce', 'vsce'), 'ls', '--no-dependencies'], { cwd: ROOT, encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  const files = r.stdout.split('\n').filter(Boolean).sort();
  for (const f of files) {
    assert.ok(!/^(test|bench|scripts|server|client|examples|schemas|templates|out|node_modules|\.ci)\//.test(f), `${f} is not needed by the extension`);
    assert.ok(!/\.(ts|map|mjs|tgz|vsix)$/.test(f), `${f} is source or build debris`);
  }
  const expected = [
    'CHANGELOG.md', 'LICENSE', 'README.md', 'package.json', 'images/icon.png', 'dist/client.js', 'dist/server.js',
    ...list('docs/rules'), ...list('docs/images'), ...list('language'),
  ].sort();
  assert.deepEqual(files, expected);
  t.diagnostic(`.vsix: ${files.length} files (vsce adds [Content_Types].xml and extension.vsixmanifest)`);
});

test('marketplace metadata: icon, gallery banner, categories, keywords', () => {
  const png = readFileSync(join(ROOT, String(manifest.icon)));
  assert.equal(png.subarray(1, 4).toString('latin1'), 'PNG');
  const [w, h] = [png.readUInt32BE(16), png.readUInt32BE(20)];
  assert.ok(w === h && w >= 128, `icon is square and at least 128 px (${w}×${h})`);
  const banner = manifest.galleryBanner as { color: string; theme: string };
  assert.match(banner.color, /^#[0-9a-f]{6}$/i);
  assert.ok(['dark', 'light'].includes(banner.theme));
  assert.ok((pkg.categories as string[]).includes('Linters'));
  const keywords = pkg.keywords as string[];
  assert.ok(keywords.length >= 8 && keywords.length <= 30, 'the Marketplace takes at most 30 keywords');
  assert.equal(new Set(keywords).size, keywords.length);
  for (const k of ['gitlab-ci', 'docker', 'dind', 'kaniko', 'buildkit', 'buildah', 'gitlab-runner']) assert.ok(keywords.includes(k), k);
  assert.ok(String(pkg.description).length > 40 && String(pkg.description).length < 250);
});

test('CHANGELOG: a section per version, newest first, the current version on top', () => {
  const text = readFileSync(join(ROOT, 'CHANGELOG.md'), 'utf8');
  const sections = text.split(/^## /m).slice(1);
  assert.ok(sections.length >= 1);
  const versions = sections.map((s) => /^(\d+\.\d+\.\d+)\b/.exec(s)?.[1]);
  assert.ok(versions.every(Boolean), `every section starts with a version: ${versions.join(', ')}`);
  assert.equal(versions[0], version, 'the top section is package.json\'s version');
  const num = (v: string) => v.split('.').map(Number).reduce((a, x) => a * 1000 + x, 0);
  for (let i = 1; i < versions.length; i++) assert.ok(num(versions[i - 1]!) > num(versions[i]!), 'newest first');
  for (const s of sections) assert.ok(s.split('\n').slice(1).join('\n').trim().length > 40, `section ${s.split('\n')[0]} says what changed`);
});

test('README: the first screen says what it does and shows it (a screenshot that exists); the quick start stays two commands', () => {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const first = readme.split('\n').slice(0, 25).join('\n');
  const img = /!\[[^\]]+\]\((docs\/images\/[^)]+\.png)\)/.exec(first);
  assert.ok(img, 'a screenshot within the first 25 lines');
  assert.ok(existsSync(join(ROOT, img![1])));
  assert.match(readme, /npm ci && npm start/);
  assert.match(readme, /npm ci && npm test/);
});

test('version: the CLI, SARIF, Code Quality, the language server, the component and the README all give package.json\'s', async () => {
  const cli = join(ROOT, 'dist', 'cli.js');
  const run = (...args: string[]) => spawnSync(process.execPath, [cli, ...args], { cwd: ROOT, encoding: 'utf8' });
  assert.equal(run('--version').stdout, `${version}\n`);
  assert.equal(run('-v').stdout, `${version}\n`);
  const sarif = JSON.parse(run('--format', 'sarif', 'examples/docker-executor').stdout);
  assert.equal(sarif.runs[0].tool.driver.version, version);
  assert.equal(sarif.runs[0].tool.driver.semanticVersion, version);
  assert.match(sarif.runs[0].tool.driver.rules[0].helpUri, new RegExp(`^https://unpkg\\.com/dind-doctor@${version.replace(/\./g, '\\.')}/docs/rules/[a-z0-9-]+\\.md$`));
  const cq = JSON.parse(run('--format', 'codequality', 'examples/docker-executor').stdout) as { engine_name: string; engine_version: string }[];
  assert.ok(cq.length > 0);
  for (const issue of cq) assert.deepEqual([issue.engine_name, issue.engine_version], ['dind-doctor', version]);
  assert.equal(await serverInfoVersion(), version);
  assert.equal(loadComponent().inputs.version.default, version);
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  for (const m of readme.matchAll(/dind-doctor(?:@|-)(\d+\.\d+\.\d+)/g)) assert.equal(m[1], version, `README: ${m[0]}`);
  for (const m of readme.matchAll(/\brev: v(\d+\.\d+\.\d+)/g)) assert.equal(m[1], version, `README: ${m[0]}`);
});

test('version: no source file writes the version itself (package.json is the one place)', () => {
  const walk = (dir: string): string[] => readdirSync(join(ROOT, dir), { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? walk(`${dir}/${e.name}`) : /\.(ts|mjs|js)$/.test(e.name) ? [`${dir}/${e.name}`] : []));
  const files = ['server/src', 'client/src', 'common'].filter((d) => existsSync(join(ROOT, d))).flatMap(walk);
  assert.ok(files.length > 50);
  const literal = new RegExp(`['"\`]v?${version.replace(/\./g, '\\.')}['"\`]`);
  assert.deepEqual(files.filter((f) => literal.test(readFileSync(join(ROOT, f), 'utf8'))), []);
});

/** `serverInfo.version` from the built language server's `initialize` answer. */
async function serverInfoVersion(): Promise<string | undefined> {
  const proc = spawn(process.execPath, [join(ROOT, 'dist', 'server.js'), '--stdio'], { stdio: ['pipe', 'pipe', 'inherit'] });
  const conn = createMessageConnection(new StreamMessageReader(proc.stdout!), new StreamMessageWriter(proc.stdin!));
  conn.onRequest('workspace/configuration', () => [null]);
  conn.onRequest('client/registerCapability', () => null);
  conn.listen();
  try {
    const init = await conn.sendRequest('initialize', { processId: process.pid, rootUri: null, capabilities: {}, workspaceFolders: null }) as { serverInfo?: { name: string; version?: string } };
    assert.equal(init.serverInfo?.name, 'dind-doctor');
    await conn.sendRequest('shutdown');
    await conn.sendNotification('exit');
    return init.serverInfo?.version;
  } finally {
    conn.dispose();
    proc.kill();
  }
}
