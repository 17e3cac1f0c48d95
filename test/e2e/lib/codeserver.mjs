// One isolated code-server (VS Code 1.100 in the browser) per suite: its own user-data, extensions and XDG dirs,
// no gallery, no telemetry, workspace trust off; spawned detached and killed by process group.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { chromium as pwChromium } from 'playwright-core';
import { freePort, httpStatus, killGroup, onAbort, spawnGroup, waitFor } from './proc.mjs';

export const EXTENSION_ID = 'dind-doctor.dind-doctor';

export const USER_SETTINGS = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'security.workspace.trust.enabled': false,
  'git.enabled': false,
  'files.autoSave': 'off',
  'window.restoreWindows': 'none',
  'chat.commandCenter.enabled': false,
  'editor.minimap.enabled': false,
  'dindDoctor.trace.server': 'messages',
};

/** Copies a fixture folder to a fresh place (the tests modify it). */
export function copyFixture(fixtureDir, dest) {
  fs.rmSync(dest, { recursive: true, force: true });
  fs.cpSync(fixtureDir, dest, { recursive: true });
  return dest;
}

export function sessionDirs(runDir) {
  const d = {
    run: runDir,
    userData: path.join(runDir, 'user-data'),
    extensions: path.join(runDir, 'extensions'),
    xdgConfig: path.join(runDir, 'xdg-config'),
    xdgData: path.join(runDir, 'xdg-data'),
  };
  for (const p of Object.values(d)) fs.mkdirSync(p, { recursive: true });
  return d;
}

export function codeServerEnv(dirs) {
  const env = { ...process.env, XDG_CONFIG_HOME: dirs.xdgConfig, XDG_DATA_HOME: dirs.xdgData, EXTENSIONS_GALLERY: '{}' };
  // never let a developer's VS Code/code-server session leak into ours
  for (const k of Object.keys(env)) if (/^(VSCODE_|ELECTRON_RUN_AS_NODE$)/.test(k)) delete env[k];
  return env;
}

/** `code-server --install-extension` into the given extensions dir; returns the unpacked extension folder. */
export function installVsix(codeServer, dirs, vsix, extensionsDir = dirs.extensions) {
  fs.mkdirSync(extensionsDir, { recursive: true });
  execFileSync(codeServer, ['--user-data-dir', dirs.userData, '--extensions-dir', extensionsDir, '--install-extension', vsix],
    { env: codeServerEnv(dirs), encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 120_000 });
  const folder = fs.readdirSync(extensionsDir).find((n) => n.toLowerCase().startsWith(`${EXTENSION_ID}-`));
  if (!folder) throw new Error(`${vsix} was not unpacked into ${extensionsDir} (found: ${fs.readdirSync(extensionsDir).join(', ')})`);
  return path.join(extensionsDir, folder);
}

/** Starts code-server on a free port, waits for /healthz. Call `stop()` in a finally. */
export async function startCodeServer({ codeServer, dirs, workspace, settings = {}, log }) {
  fs.mkdirSync(path.join(dirs.userData, 'User'), { recursive: true });
  fs.writeFileSync(path.join(dirs.userData, 'User', 'settings.json'), JSON.stringify({ ...USER_SETTINGS, ...settings }, null, 2));
  const port = await freePort();
  const cfg = path.join(dirs.run, 'config.yaml');
  fs.writeFileSync(cfg, `bind-addr: 127.0.0.1:${port}\nauth: none\ncert: false\n`);
  const logFile = path.join(dirs.run, 'code-server.log');
  const out = fs.openSync(logFile, 'w');
  const t0 = Date.now();
  const child = spawnGroup(codeServer, [
    '--config', cfg, '--bind-addr', `127.0.0.1:${port}`, '--auth', 'none',
    '--disable-telemetry', '--disable-update-check', '--disable-workspace-trust', '--disable-getting-started-override',
    '--user-data-dir', dirs.userData, '--extensions-dir', dirs.extensions, workspace,
  ], { env: codeServerEnv(dirs), stdio: ['ignore', out, out] });
  fs.closeSync(out);
  let exited = null;
  child.on('exit', (code, sig) => { exited = `code ${code} signal ${sig}`; });
  const stop = async () => {
    const gone = await killGroup(child.pid);
    if (!gone) log?.(`WARNING: code-server process group ${child.pid} survived SIGKILL`);
    return gone;
  };
  try {
    await waitFor(async () => {
      if (exited) throw new Error(`code-server exited early (${exited}); log: ${logFile}`);
      return (await httpStatus(`http://127.0.0.1:${port}/healthz`)) === 200;
    }, 'code-server /healthz', 60_000, 100);
  } catch (e) { await stop(); throw e; }
  log?.(`code-server ready on 127.0.0.1:${port} in ${Date.now() - t0} ms (pid ${child.pid}, log ${path.relative(process.cwd(), logFile)})`);
  return { port, authority: `127.0.0.1:${port}`, base: `http://127.0.0.1:${port}`, pid: child.pid, logFile, stop };
}

export async function launchChromium(executablePath) {
  process.env.PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD = '1';
  const browser = await pwChromium.launch({
    executablePath,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage',
      // keep Chromium's own look-ups (accounts.google.com, update.googleapis.com…) off the network
      '--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1'],
  });
  const unregister = onAbort(() => browser.close());
  browser.on('disconnected', unregister);
  return browser;
}
