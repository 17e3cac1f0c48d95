// Extension activation cost, measured without VS Code (bench/bench.mjs runs this in a fresh node process per run):
//   node bench/activation.cjs dist/client.js REPO
// 1. requireMs: require() of the bundled client with a stub `vscode` module (what the extension host pays to load it).
// 2. activateMs: activate(context) with a stub ExtensionContext, until its promise settles (cap 3 s). The stub
//    `vscode` is a permissive deep proxy (every property exists, calls return proxies, getConfiguration().get(k, d)
//    returns d, version 1.95.0); child_process.spawn/fork/exec* are intercepted and never run a process: a fake
//    child is returned (pid 2147483646, beyond pid_max, so nothing real can be signalled) and the call is reported
//    in `spawns`, which tells whether activate() starts the language server eagerly.
// The real activation in VS Code adds the extension host's own work; this measures the extension's part only.
// One JSON line on stdout.
'use strict';
const { performance } = require('node:perf_hooks');
const path = require('node:path');
const Module = require('node:module');
const cp = require('node:child_process');
const { EventEmitter } = require('node:events');
const { PassThrough } = require('node:stream');

const [clientPath, repo] = process.argv.slice(2).map((p) => path.resolve(p));
const spawns = [];
function fakeChild() {
  const c = new EventEmitter();
  c.stdin = new PassThrough(); c.stdout = new PassThrough(); c.stderr = new PassThrough();
  c.pid = 2147483646; c.connected = false; c.exitCode = null;
  c.kill = () => true; c.send = () => true; c.disconnect = () => {}; c.unref = () => {}; c.ref = () => {};
  return c;
}
for (const k of ['spawn', 'fork', 'exec', 'execFile']) {
  cp[k] = function (cmd, a) {
    spawns.push(`${k} ${path.basename(String(cmd))} ${Array.isArray(a) ? a.map((x) => (String(x).startsWith('/') ? path.relative(repo, String(x)) : String(x))).join(' ') : ''}`.trim());
    return fakeChild();
  };
}
for (const k of ['spawnSync', 'execSync', 'execFileSync']) cp[k] = function (cmd) { spawns.push(`${k} ${path.basename(String(cmd))}`); throw new Error('blocked by bench'); };

const cache = new Map();
function deep(name) {
  if (cache.has(name)) return cache.get(name);
  const target = function () {};
  const p = new Proxy(target, {
    get(t, k) {
      if (k === 'then' || k === 'toJSON') return undefined;
      if (k === Symbol.iterator) return function* () {};
      if (k === Symbol.toPrimitive) return () => '';
      if (k === 'toString') return () => '';
      if (typeof k === 'symbol') return undefined;
      if (k in overrides && name === 'vscode') return overrides[k];
      if (k === 'length') return 0;
      return deep(`${name}.${k}`);
    },
    set() { return true; },
    has() { return true; },
    apply(t, self, argv) {
      if (/\.get$/.test(name)) return argv.length >= 2 ? argv[1] : undefined;
      if (/\.(registerCommand|registerTextEditorCommand|onDid\w+|onWill\w+|createOutputChannel|createStatusBarItem)$/.test(name)) return fresh(`${name}()`);
      return fresh(`${name}()`);
    },
    construct() { return fresh(`new ${name}`); },
  });
  cache.set(name, p);
  return p;
}
let n = 0;
function fresh(name) { return deep(`${name}#${n++}`); }
const overrides = { version: '1.95.0', env: deep('vscode.env'), workspace: deep('vscode.workspace') };
overrides.env.appName; // touch
const vscode = deep('vscode');
// workspace folders / documents: empty lists, as an empty window would have
const ws = cache.get('vscode.workspace');
const wsOverrides = { workspaceFolders: [], textDocuments: [], isTrusted: true, name: 'bench' };
cache.set('vscode.workspace', new Proxy(ws, { get(t, k) { return k in wsOverrides ? wsOverrides[k] : Reflect.get(t, k); } }));
overrides.workspace = cache.get('vscode.workspace');
const winOverrides = { visibleTextEditors: [], activeTextEditor: undefined };
const win = deep('vscode.window');
overrides.window = new Proxy(win, { get(t, k) { return k in winOverrides ? winOverrides[k] : Reflect.get(t, k); } });

const origLoad = Module._load;
const requested = new Set();
Module._load = function (request, parent, isMain) {
  if (request === 'vscode') return vscode;
  requested.add(request);
  return origLoad.apply(this, arguments);
};

const out = { client: path.relative(repo, clientPath) };
let t = performance.now();
let ext;
try { ext = require(clientPath); } catch (e) { out.error = `require failed: ${String(e && e.message || e).split('\n')[0]}`; finish(); }
out.requireMs = Math.round((performance.now() - t) * 100) / 100;
out.modulesRequired = [...requested].sort();
const memento = () => ({ get: (k, d) => d, update: async () => {}, keys: () => [], setKeysForSync: () => {} });
const context = {
  subscriptions: [], extensionPath: repo, extensionUri: deep('ctx.extensionUri'), asAbsolutePath: (p) => path.join(repo, p),
  globalState: memento(), workspaceState: memento(), extensionMode: 1, storageUri: undefined, storagePath: undefined,
  globalStorageUri: deep('ctx.globalStorageUri'), logUri: deep('ctx.logUri'), logPath: '/tmp', secrets: deep('ctx.secrets'),
  environmentVariableCollection: deep('ctx.env'), extension: { id: 'dind-doctor.dind-doctor', extensionPath: repo, packageJSON: require(path.join(repo, 'package.json')) },
};
(async () => {
  if (typeof ext?.activate !== 'function') { out.activateOk = false; out.activateError = 'no activate export'; return finish(); }
  t = performance.now();
  try {
    const r = ext.activate(context);
    if (r && typeof r.then === 'function') {
      const settled = await Promise.race([Promise.resolve(r).then(() => 'ok'), new Promise((res) => setTimeout(() => res('timeout'), 3000))]);
      if (settled === 'timeout') { out.activateOk = false; out.activateError = 'activate() did not settle within 3 s (awaits something the stub never delivers, e.g. the server start)'; }
      else out.activateOk = true;
    } else out.activateOk = true;
  } catch (e) { out.activateOk = false; out.activateError = `activate threw: ${String(e && e.message || e).split('\n')[0].slice(0, 200)}`; }
  out.activateMs = Math.round((performance.now() - t) * 100) / 100;
  out.subscriptions = context.subscriptions.length;
  finish();
})();
function finish() {
  out.spawns = spawns;
  process.stdout.write(JSON.stringify(out) + '\n');
  process.exit(0);
}
