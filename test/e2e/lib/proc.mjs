// Process, port and polling helpers shared by the e2e runners. No fixed sleeps: everything waits on a condition.
import { spawn } from 'node:child_process';
import http from 'node:http';
import net from 'node:net';

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Polls `fn` until it returns a truthy value; throws `timeout waiting for <what>` after `timeoutMs`. */
export async function waitFor(fn, what, timeoutMs = 30_000, everyMs = 50) {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timeout (${timeoutMs} ms) waiting for ${what}`);
    await sleep(everyMs);
  }
}

/** Rejects after `ms` with a clear message; the timer is cleared when `promise` settles. */
export function withTimeout(promise, ms, what) {
  let timer;
  const t = new Promise((_, rej) => { timer = setTimeout(() => rej(new Error(`timeout (${ms} ms): ${what}`)), ms); });
  return Promise.race([promise, t]).finally(() => clearTimeout(timer));
}

export function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => { const { port } = s.address(); s.close(() => resolve(port)); });
  });
}

export function httpStatus(url) {
  return new Promise((resolve) => {
    const req = http.get(url, (res) => { res.resume(); resolve(res.statusCode); });
    req.on('error', () => resolve(0));
    req.setTimeout(1000, () => { req.destroy(); resolve(0); });
  });
}

// ---- process groups: every detached child is registered and killed on every exit path ----
const groups = new Set();

function groupAlive(pgid) {
  try { process.kill(-pgid, 0); return true; } catch { return false; }
}

/** Spawns a detached child (its own process group) and registers it for cleanup. */
export function spawnGroup(cmd, args, opts) {
  const child = spawn(cmd, args, { ...opts, detached: true });
  if (child.pid) groups.add(child.pid);
  return child;
}

/** SIGTERM to the whole group, then SIGKILL after `graceMs` if anything in it is still alive. */
export async function killGroup(pgid, graceMs = 5_000) {
  if (!pgid) return true;
  try { process.kill(-pgid, 'SIGTERM'); } catch { /* already gone */ }
  const end = Date.now() + graceMs;
  while (groupAlive(pgid) && Date.now() < end) await sleep(50);
  if (groupAlive(pgid)) {
    try { process.kill(-pgid, 'SIGKILL'); } catch { /* gone */ }
    await waitFor(() => !groupAlive(pgid), `process group ${pgid} to die after SIGKILL`, 5_000).catch(() => {});
  }
  groups.delete(pgid);
  return !groupAlive(pgid);
}

const cleanups = new Set();
/** Registers an async cleanup (e.g. closing a browser) run by abortAll(); returns its unregister function. */
export function onAbort(fn) {
  cleanups.add(fn);
  return () => cleanups.delete(fn);
}

/** Aborting path (watchdog, signals): closes browsers etc. (max 5 s), then kills every registered process group. */
export async function abortAll() {
  await withTimeout(Promise.allSettled([...cleanups].map((fn) => fn())), 5_000, 'cleanups').catch(() => {});
  await Promise.allSettled([...groups].map((g) => killGroup(g, 2_000)));
}

function killAllSync() {
  for (const pgid of groups) { try { process.kill(-pgid, 'SIGKILL'); } catch { /* gone */ } }
  groups.clear();
}

let installed = false;
/** Last-resort cleanup: on exit, Ctrl+C, SIGTERM or a crash no code-server process group survives us. */
export function installExitHandlers() {
  if (installed) return;
  installed = true;
  process.on('exit', killAllSync);
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
    process.on(sig, () => {
      console.error(`\ne2e: received ${sig}, closing browsers and killing code-server process groups`);
      abortAll().finally(() => process.exit(130));
    });
  }
  process.on('uncaughtException', (e) => { console.error('e2e: uncaught exception', e); killAllSync(); process.exit(1); });
  process.on('unhandledRejection', (e) => { console.error('e2e: unhandled rejection', e); killAllSync(); process.exit(1); });
}
