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

// The names `vscode` exports, from @types/vscode (esbuild's interop copies own property names, so a proxy alone
// is not enough); each is a permissive deep proxy.
const apiNames = new Set(['version']);
try {
  const dts = require('node:fs').readFileSync(path.join(repo, 'node_modules', '@types', 'vscode', 'index.d.ts'), 'utf8');
  for (const m of dts.matchAll(/^\t(?:export )?(?:declare )?export (?:class|enum|namespace|const|let|function) (\w+)/gm)) apiNames.add(m[1]);
  for (const m of dts.matchAll(/^\texport (?:class|enum|namespace|const|let|function) (\w+)/gm)) apiNames.add(m[1]);
} catch { for (const n of ['window', 'workspace', 'commands', 'languages', 'env', 'extensions', 'Uri', 'EventEmitter', 'Disposable']) apiNames.add(n); }
const cache = new Map();
let n = 0;
function fresh(name) { return deep(`${name}#${n++}`); }
function deep(name) {
  if (cache.has(name)) return cache.get(name);
  const target = function () {};
  const store = new Map(); // properties the extension assigned
  const p = new Proxy(target, {
    get(t, k) {
      if (k === 'then' || k === 'toJSON') return undefined;
      if (k === Symbol.iterator) return function* () {};
      if (k === Symbol.toPrimitive) return () => '';
      if (k === 'toString') return () => '';
      if (typeof k === 'symbol') return undefined;
      if (k === 'length') return 0;
      if (store.has(k)) return store.get(k);
      return deep(`${name}.${k}`);
    },
    set(t, k, v) { store.set(k, v); return true; },
    apply(t, self, argv) {
      if (/\.get$/.test(name)) return argv.length >= 2 ? argv[1] : undefined;
      return fresh(`${name}()`);
    },
    // a real object whose prototype chain ends in proxies: fields set by (sub)class constructors are kept
    construct(t, argv, newTarget) { return Reflect.construct(function () {}, [], newTarget); },
  });
  cache.set(name, p);
  return p;
}
const overrides = {
  version: '1.95.0',
  workspace: withProps(deep('vscode.workspace'), { workspaceFolders: [], textDocuments: [], isTrusted: true, name: 'bench' }),
  window: withProps(deep('vscode.window'), { visibleTextEditors: [], activeTextEditor: undefined }),
  env: withProps(deep('vscode.env'), { appName: 'bench', language: 'en', uiKind: 1 }),
};
function withProps(proxy, props) { return new Proxy(proxy, { get(t, k) { return k in props ? props[k] : Reflect.get(t, k); } }); }
const vscode = {};
for (const name of apiNames) Object.defineProperty(vscode, name, { enumerable: true, get: () => (name in overrides ? overrides[name] : deep(`vscode.${name}`)) });

const origLoad = Module._load;
const requested = new Set();
Module._load = function (request, parent, isMain) {
  if (request === 'vscode') return vscode;
  requested.add(request);
  return origLoad.apply(this, arguments);
};

const out = { client: path.relative(repo, clientPath) };
let t = performance.now();
let cpu = process.cpuUsage();
let ext;
try { ext = require(clientPath); } catch (e) { out.error = `require failed: ${String(e && e.message || e).split('\n')[0]}`; finish(); }
out.requireMs = Math.round((performance.now() - t) * 100) / 100;
const cpuMs = (c) => Math.round((c.user + c.system) / 10) / 100;
out.requireCpuMs = cpuMs(process.cpuUsage(cpu)); // less sensitive than wall time to other load on the machine
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
  cpu = process.cpuUsage();
  try {
    const r = ext.activate(context);
    if (r && typeof r.then === 'function') {
      const settled = await Promise.race([Promise.resolve(r).then(() => 'ok'), new Promise((res) => setTimeout(() => res('timeout'), 3000))]);
      if (settled === 'timeout') { out.activateOk = false; out.activateError = 'activate() did not settle within 3 s (awaits something the stub never delivers, e.g. the server start)'; }
      else out.activateOk = true;
    } else out.activateOk = true;
  } catch (e) { out.activateOk = false; out.activateError = `activate threw: ${String(e && e.message || e).split('\n')[0].slice(0, 200)}`; }
  out.activateMs = Math.round((performance.now() - t) * 100) / 100;
  out.activateCpuMs = cpuMs(process.cpuUsage(cpu));
  out.subscriptions = context.subscriptions.length;
  finish();
})();
function finish() {
  out.spawns = spawns;
  process.stdout.write(JSON.stringify(out) + '\n');
  process.exit(0);
}
