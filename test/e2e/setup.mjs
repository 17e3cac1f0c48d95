#!/usr/bin/env node
// Installs what the real-VS-Code tests need, once, into a cache folder OUTSIDE the repository:
//   - code-server 4.100.3 (= VS Code 1.100.3, the last line that runs on Node 20) from the npm registry,
//   - Debian's chromium (driven by playwright-core; never `playwright install`).
// Cache: $DIND_DOCTOR_E2E_CACHE, default ~/.cache/dind-doctor-e2e. Nothing is done when both are present.
//
// Usage: node test/e2e/setup.mjs          (prints the paths it resolved)
//        import { setup } from './setup.mjs'; const { codeServer, chromium } = await setup();
//
// Workarounds needed on machines that reach only the npm registry and Debian's mirrors:
//   - npm_config_unsafe_perm=true: code-server's postinstall refuses to run as root otherwise;
//   - npm_config_yes=true: argon2/kerberos are built with node-gyp through `npx`, which would prompt;
//   - @vscode/ripgrep downloads rg from GitHub in its postinstall unless a tarball is already in its cache folder
//     (os.tmpdir()/vscode-ripgrep-cache-<version>): we put Debian's rg there, under a TMPDIR inside our cache;
//   - npm 11 has an install-script policy (`allowScripts`): the install runs with
//     npm_config_dangerously_allow_all_scripts=true (it also reaches the nested `npm install`s that code-server's
//     postinstall runs), and we then verify that the postinstall really ran and that the binary starts.
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

export const CODE_SERVER_VERSION = '4.100.3';
const APT_PACKAGES = ['libkrb5-dev', 'pkg-config', 'ripgrep', 'chromium'];
// @vscode/ripgrep versions used by code-server 4.9x-4.10x builds; each looks for this tarball name in its cache.
const RIPGREP_PKG_VERSIONS = ['1.15.9', '1.15.10', '1.15.11', '1.15.12', '1.15.13', '1.15.14'];
const RG_TARBALL = 'ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz';

export function cacheDir() {
  return path.resolve(process.env.DIND_DOCTOR_E2E_CACHE || path.join(os.homedir(), '.cache', 'dind-doctor-e2e'));
}

function codeServerWorks(bin) {
  if (!fs.existsSync(bin)) return false;
  // XDG_CONFIG_HOME inside the cache: otherwise code-server writes ~/.config/code-server/config.yaml
  const xdg = path.join(path.dirname(path.dirname(path.dirname(bin))), 'xdg-config');
  const r = spawnSync(bin, ['--version'], { encoding: 'utf8', timeout: 60_000, env: { ...process.env, XDG_CONFIG_HOME: xdg, XDG_DATA_HOME: xdg } });
  return r.status === 0 && new RegExp(`^${CODE_SERVER_VERSION.replace(/\./g, '\\.')} `, 'm').test(r.stdout);
}

function dpkgInstalled(pkg) {
  const r = spawnSync('dpkg-query', ['-W', '-f=${Status}', pkg], { encoding: 'utf8' });
  return r.status === 0 && r.stdout.includes('install ok installed');
}

function ensureAptPackages(log) {
  const missing = APT_PACKAGES.filter((p) => !dpkgInstalled(p));
  if (missing.length === 0) return;
  if (process.getuid && process.getuid() !== 0) {
    throw new Error(`missing Debian packages: ${missing.join(' ')} — run: sudo apt-get install -y ${missing.join(' ')}`);
  }
  log(`apt-get install ${missing.join(' ')} …`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  execFileSync('apt-get', ['update', '-qq'], { env, stdio: ['ignore', 'ignore', 'inherit'] });
  execFileSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...missing], { env, stdio: ['ignore', 'ignore', 'inherit'] });
}

function installCodeServer(dir, log) {
  const tmp = path.join(dir, 'tmp');
  fs.mkdirSync(tmp, { recursive: true });
  // Debian's rg, packed the way @vscode/ripgrep's postinstall expects its download to look.
  const pack = fs.mkdtempSync(path.join(tmp, 'rg-'));
  fs.copyFileSync('/usr/bin/rg', path.join(pack, 'rg'));
  execFileSync('tar', ['czf', 'rg.tgz', 'rg'], { cwd: pack });
  for (const v of RIPGREP_PKG_VERSIONS) {
    const c = path.join(tmp, `vscode-ripgrep-cache-${v}`);
    fs.mkdirSync(c, { recursive: true });
    fs.copyFileSync(path.join(pack, 'rg.tgz'), path.join(c, RG_TARBALL));
  }
  fs.rmSync(pack, { recursive: true, force: true });

  const pkgJson = path.join(dir, 'package.json');
  fs.writeFileSync(pkgJson, JSON.stringify({ private: true, name: 'dind-doctor-e2e-cache', allowScripts: { 'code-server': true } }, null, 2));
  const env = {
    ...process.env,
    TMPDIR: tmp,
    npm_config_unsafe_perm: 'true',
    npm_config_yes: 'true',
    npm_config_dangerously_allow_all_scripts: 'true',
    npm_config_foreground_scripts: 'true',
    npm_config_audit: 'false',
    npm_config_fund: 'false',
    npm_config_update_notifier: 'false',
  };
  const logFile = path.join(dir, 'install.log');
  log(`npm install code-server@${CODE_SERVER_VERSION} into ${dir} (about 1–2 minutes; log: ${logFile}) …`);
  const fd = fs.openSync(logFile, 'w');
  const r = spawnSync('npm', ['install', '--no-save', '--foreground-scripts', `code-server@${CODE_SERVER_VERSION}`], {
    cwd: dir, env, stdio: ['ignore', fd, fd], timeout: 15 * 60_000,
  });
  fs.closeSync(fd);
  if (r.status !== 0) {
    const tail = fs.readFileSync(logFile, 'utf8').split('\n').slice(-40).join('\n');
    throw new Error(`npm install code-server failed (exit ${r.status ?? r.signal}):\n${tail}`);
  }
  // Verify that the install scripts ran: code-server's postinstall installs lib/vscode's production dependencies
  // (with @vscode/ripgrep's rg), and argon2's install builds its native binding.
  const pkgRoot = path.join(dir, 'node_modules', 'code-server');
  const argon2 = [path.join(dir, 'node_modules', 'argon2'), path.join(pkgRoot, 'node_modules', 'argon2')].find((p) => fs.existsSync(p));
  const mustExist = [
    path.join(pkgRoot, 'lib', 'vscode', 'node_modules'),
    path.join(pkgRoot, 'lib', 'vscode', 'node_modules', '@vscode', 'ripgrep', 'bin', 'rg'),
    path.join(argon2 || path.join(dir, 'node_modules', 'argon2'), 'lib', 'binding', 'napi-v3', 'argon2.node'),
  ];
  const absent = mustExist.filter((p) => !fs.existsSync(p));
  if (absent.length) {
    throw new Error(`code-server's postinstall did not run (missing ${absent.join(', ')}); see ${logFile}`);
  }
}

/** Ensures code-server and chromium are installed; returns their paths. Idempotent and quick when both exist. */
export async function setup({ log = (m) => console.log(`[setup] ${m}`) } = {}) {
  const dir = path.join(cacheDir(), `code-server-${CODE_SERVER_VERSION}`);
  const codeServer = path.join(dir, 'node_modules', '.bin', 'code-server');
  const chromium = process.env.CHROMIUM || '/usr/bin/chromium';
  const haveCs = codeServerWorks(codeServer);
  const haveChromium = fs.existsSync(chromium);
  if (!haveCs || !haveChromium || !fs.existsSync('/usr/bin/rg')) ensureAptPackages(log);
  if (!fs.existsSync(chromium)) throw new Error(`chromium not found at ${chromium}`);
  if (!haveCs) {
    fs.rmSync(dir, { recursive: true, force: true });
    fs.mkdirSync(dir, { recursive: true });
    installCodeServer(dir, log);
    if (!codeServerWorks(codeServer)) throw new Error(`${codeServer} --version does not answer ${CODE_SERVER_VERSION}`);
    log(`code-server ${CODE_SERVER_VERSION} installed`);
  }
  return { codeServer, chromium, cacheDir: cacheDir() };
}

if (import.meta.url === pathToFileURL(process.argv[1] || '').href) {
  const t0 = Date.now();
  setup().then((r) => {
    console.log(`[setup] code-server: ${r.codeServer}\n[setup] chromium: ${r.chromium}\n[setup] ready in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  }, (e) => { console.error(`[setup] FAILED: ${e.message}`); process.exit(1); });
}
