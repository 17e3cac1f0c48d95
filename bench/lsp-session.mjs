// One language-server session over stdio, timed: spawn -> initialize -> initialized (+ configuration) ->
// didOpen -> first publishDiagnostics -> N edits (didChange, each waiting for the publish of its version) ->
// peak RSS / CPU -> shutdown/exit -> kill by PID.
// Adapted from ../shared/tools/lsp-bench/bench.mjs (the project's shared LSP latency harness): same protocol and
// same definitions of the figures, as a function instead of a one-shot CLI, with per-request timeouts, RSS
// polling, and full-text (default) or incremental changes.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { pathToFileURL } from 'node:url';
import { performance } from 'node:perf_hooks';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const { createMessageConnection, StreamMessageReader, StreamMessageWriter } = require('vscode-jsonrpc/node');

const now = () => performance.now();
const r1 = (x) => (x == null ? null : Math.round(x * 10) / 10);
const sleep = (ms) => new Promise((res) => setTimeout(res, ms));
const normUri = (u) => { try { return decodeURIComponent(u); } catch { return u; } };

/** Live child PIDs of this process, killed on exit whatever happens. */
export const liveChildren = new Set();
export function killPid(pid, signal = 'SIGKILL') { try { process.kill(pid, signal); } catch { /* already gone */ } }
export const alive = (pid) => { try { process.kill(pid, 0); return true; } catch { return false; } };
process.on('exit', () => { for (const pid of liveChildren) killPid(pid); });

export function procStatus(pid) {
  try {
    const s = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (k) => { const m = s.match(new RegExp(`^${k}:\\s+(\\d+) kB`, 'm')); return m ? Number(m[1]) : null; };
    return { hwmKb: kb('VmHWM'), rssKb: kb('VmRSS') };
  } catch { return null; }
}
export function procCpuMs(pid) {
  try {
    const s = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = s.slice(s.lastIndexOf(')') + 2).split(' ');
    return ((Number(f[11]) + Number(f[12])) * 1000) / 100; // utime + stime, CLK_TCK = 100
  } catch { return null; }
}

function lookupSection(settings, section) {
  if (section === undefined || section === null || section === '') return settings ?? null;
  if (settings && Object.prototype.hasOwnProperty.call(settings, section)) return settings[section];
  let cur = settings;
  for (const part of String(section).split('.')) {
    if (cur && typeof cur === 'object' && Object.prototype.hasOwnProperty.call(cur, part)) cur = cur[part];
    else return null;
  }
  return cur ?? null;
}

class PhaseTimeout extends Error {}

/**
 * @param {object} o
 * @param {string[]} o.serverArgv     command + args (no shell, so the PID is the server's)
 * @param {string} o.workspace        workspace folder (rootUri / workspaceFolders)
 * @param {string} o.file             document to open
 * @param {string} [o.languageId]     [yaml]
 * @param {number} [o.edits]          number of edits [5]
 * @param {'full'|'incremental'} [o.change]  how edits are sent [full]
 * @param {object} [o.settings]       answered to workspace/configuration (section lookup) [{}]
 * @param {number} [o.requestTimeoutMs]  bound on each awaited step (initialize, first diagnostics, each edit) [60000]
 * @param {number} [o.configWaitMs]   after initialized, wait up to this for the server's first configuration pull [1000]
 * @param {number} [o.postConfigMs]   idle after that, before didOpen (not measured) [100]
 * @param {number} [o.settleMs]       after the first diagnostics of didOpen, keep listening (counts later publishes) [300]
 * @param {string[]} [o.nodeArgs]     unused here; the caller puts node flags into serverArgv
 * @param {{method: 'textDocument/completion'|'textDocument/hover', position: {line:number,character:number}, what: string}[]} [o.probes]
 *        completion/hover requests timed after the edits: `probeRounds` rounds with the diagnostics settled, then
 *        `probeTyping` rounds each sent right after an edit (before its analysis), as when typing [none]
 * @param {number} [o.probeRounds]    [10]
 * @param {number} [o.probeTyping]    [3]
 * @param {number} [o.probeDuring]    rounds of requests while an edit is being analysed: the edit, `duringDelayMs`
 *        (past the server's debounce, so its analysis has started), then every probe and a code action at the
 *        probed places back to back until the edit's diagnostics arrive; timed into `probeMs.during` [0]
 * @param {number} [o.duringDelayMs]  [170]
 * @param {(s:string)=>void} [o.log]  verbose sink for server stderr / logMessage
 */
export async function runSession(o) {
  const EDITS = o.edits ?? 5;
  const CHANGE = o.change ?? 'full';
  const SETTINGS = o.settings ?? {};
  const TIMEOUT = o.requestTimeoutMs ?? 60000;
  const CONFIG_WAIT = o.configWaitMs ?? 1000;
  const POST_CONFIG = o.postConfigMs ?? 100;
  const SETTLE = o.settleMs ?? 300;
  const text0 = readFileSync(o.file, 'utf8');
  const uri = pathToFileURL(o.file).href;
  const wsUri = pathToFileURL(o.workspace).href;
  const res = {
    ok: false, phase: 'spawn', error: null, serverInfo: null, sync: null, configRequests: 0,
    spawnToInitializeMs: null, initializedToFirstConfigMs: null,
    openToFirstDiagMs: null, openCpuMs: null, firstDiagCount: null, openPublishes: null, openSettledCount: null,
    editMs: [], editCpuMs: [], probeMs: { completion: [], hover: [], during: [], duringByMethod: {} }, duringEditMs: [], probeEmpty: [], lastDiagCount: null, peakRssMb: null, rssPolledMaxMb: null, serverCpuMs: null, pid: null,
    otherUrisPublished: 0, exit: null, stderrTail: null,
  };
  const t0 = now();
  const child = spawn(o.serverArgv[0], o.serverArgv.slice(1), { stdio: ['pipe', 'pipe', 'pipe'], cwd: o.cwd ?? o.workspace });
  res.pid = child.pid ?? null;
  if (child.pid) liveChildren.add(child.pid);
  let stderrTail = '';
  child.stdin.on('error', () => {});
  child.stderr.on('data', (d) => { stderrTail = (stderrTail + d).slice(-4000); o.log?.(`[server stderr] ${d}`); });
  let exitInfo = null;
  const exited = new Promise((r) => child.once('exit', (code, signal) => { exitInfo = { code, signal, atMs: r1(now() - t0) }; r(); }));
  const spawnErr = new Promise((_, rej) => child.once('error', (e) => rej(new Error(`spawn failed: ${e.message}`))));
  spawnErr.catch(() => {});

  // RSS poll (VmHWM read at the end is the authoritative peak; the poll is a fallback if the process dies)
  let rssMaxKb = 0;
  const poll = setInterval(() => { const s = procStatus(child.pid); if (s?.rssKb) rssMaxKb = Math.max(rssMaxKb, s.rssKb, s.hwmKb ?? 0); }, 20);

  const conn = createMessageConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
  let tInitialized = null;
  let configWaiter = null;
  conn.onRequest('workspace/configuration', (p) => {
    res.configRequests++;
    if (res.initializedToFirstConfigMs === null && tInitialized !== null) res.initializedToFirstConfigMs = r1(now() - tInitialized);
    if (configWaiter) { const w = configWaiter; configWaiter = null; setImmediate(w); }
    return (p?.items ?? []).map((it) => lookupSection(SETTINGS, it.section));
  });
  conn.onRequest('workspace/workspaceFolders', () => [{ uri: wsUri, name: basename(o.workspace) }]);
  conn.onRequest('workspace/applyEdit', () => ({ applied: false }));
  conn.onRequest(() => null); // registerCapability, workDoneProgress/create, refreshes, ...
  const pubs = [];
  const waiters = new Set();
  const myUri = normUri(uri);
  conn.onNotification('textDocument/publishDiagnostics', (p) => {
    if (normUri(p.uri) !== myUri) { res.otherUrisPublished++; return; }
    const rec = { t: now(), cpu: procCpuMs(child.pid), count: (p.diagnostics ?? []).length, version: p.version ?? null, seq: pubs.length, diags: p.diagnostics ?? [] };
    pubs.push(rec);
    for (const w of [...waiters]) w(rec);
  });
  conn.onNotification((method, params) => { if (method === 'window/logMessage' || method === 'window/showMessage') o.log?.(`[server ${method}] ${params?.message}\n`); });
  conn.onError(() => {});
  conn.onClose(() => {});
  conn.listen();

  const bounded = (p, what) => {
    let timer;
    const to = new Promise((_, rej) => { timer = setTimeout(() => rej(new PhaseTimeout(`timeout: no ${what} within ${TIMEOUT} ms`)), TIMEOUT); });
    const died = exited.then(() => { throw new Error(`server exited during ${what}: ${JSON.stringify(exitInfo)}; stderr: ${stderrTail.slice(-600)}`); });
    return Promise.race([p, to, died, spawnErr]).finally(() => clearTimeout(timer));
  };
  const waitPublish = (afterSeq, minVersion) => new Promise((resolveP) => {
    const ok = (r) => r.seq > afterSeq && (minVersion === null || r.version === null || r.version >= minVersion);
    const hit = pubs.find(ok);
    if (hit) return resolveP(hit);
    const w = (r) => { if (ok(r)) { waiters.delete(w); resolveP(r); } };
    waiters.add(w);
  });

  try {
    res.phase = 'initialize';
    const initResult = await bounded(conn.sendRequest('initialize', {
      processId: process.pid,
      clientInfo: { name: 'dind-doctor-bench', version: '1' },
      locale: 'en',
      rootPath: o.workspace,
      rootUri: wsUri,
      workspaceFolders: [{ uri: wsUri, name: basename(o.workspace) }],
      initializationOptions: o.initializationOptions,
      trace: 'off',
      capabilities: {
        general: { positionEncodings: ['utf-16'] },
        window: { workDoneProgress: true, showMessage: {} },
        workspace: { configuration: true, workspaceFolders: true, didChangeConfiguration: { dynamicRegistration: true }, didChangeWatchedFiles: { dynamicRegistration: true }, applyEdit: true },
        textDocument: {
          synchronization: { dynamicRegistration: false, didSave: true, willSave: false, willSaveWaitUntil: false },
          publishDiagnostics: { relatedInformation: true, versionSupport: true, codeDescriptionSupport: true, dataSupport: true, tagSupport: { valueSet: [1, 2] } },
          codeAction: { codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix', 'refactor', 'source'] } }, isPreferredSupport: true },
          hover: { contentFormat: ['markdown', 'plaintext'] },
        },
      },
    }), 'initialize result');
    res.spawnToInitializeMs = r1(now() - t0);
    res.serverInfo = initResult?.serverInfo ?? null;
    const syncRaw = initResult?.capabilities?.textDocumentSync;
    const syncKind = typeof syncRaw === 'number' ? syncRaw : (syncRaw?.change ?? 0);
    res.sync = { 0: 'none', 1: 'full', 2: 'incremental' }[syncKind] ?? String(syncKind);

    res.phase = 'configuration';
    const gotConfig = new Promise((r) => { configWaiter = r; });
    tInitialized = now();
    await conn.sendNotification('initialized', {});
    const pulled = await bounded(Promise.race([gotConfig.then(() => true), sleep(CONFIG_WAIT).then(() => false)]), 'configuration');
    configWaiter = null;
    if (!pulled) await conn.sendNotification('workspace/didChangeConfiguration', { settings: SETTINGS });
    res.configModel = pulled ? 'pull' : 'push';
    if (POST_CONFIG > 0) await sleep(POST_CONFIG);

    res.phase = 'didOpen';
    let text = text0;
    let version = 1;
    let before = pubs.length - 1;
    const cpuOpen = procCpuMs(child.pid);
    const tOpen = now();
    await conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: o.languageId ?? 'yaml', version, text } });
    const first = await bounded(waitPublish(before, null), 'publishDiagnostics after didOpen');
    res.openToFirstDiagMs = r1(first.t - tOpen);
    res.openCpuMs = first.cpu != null && cpuOpen != null ? first.cpu - cpuOpen : null; // server CPU (user+sys, 10 ms ticks) in that interval
    res.firstDiagCount = first.count;
    res.firstDiagRules = tally(first.diags);
    if (SETTLE > 0) {
      await sleep(SETTLE);
      const after = pubs.filter((p) => p.seq > before);
      res.openPublishes = after.length;
      res.openSettledCount = after[after.length - 1].count;
      // a server may publish a first part early (dind-doctor: the rules before schema validation): the last publish
      // of the open within the settle time is when the whole set was there
      res.openToSettledDiagMs = r1(after[after.length - 1].t - tOpen);
    }

    res.phase = 'edits';
    if (syncKind === 0 && EDITS > 0) res.editsSkipped = 'server declared textDocumentSync none';
    for (let i = 1; syncKind !== 0 && i <= EDITS; i++) {
      const insert = (text.endsWith('\n') || text.length === 0 ? '' : '\n') + `# dind-doctor bench edit ${i}\n`;
      const lastNl = text.lastIndexOf('\n');
      const end = { line: text.split('\n').length - 1, character: text.length - (lastNl + 1) };
      text += insert;
      version++;
      const change = CHANGE === 'incremental' ? { range: { start: end, end }, rangeLength: 0, text: insert } : { text };
      before = pubs.length - 1;
      const cpuSend = procCpuMs(child.pid);
      const tSend = now();
      await conn.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [change] });
      const rec = await bounded(waitPublish(before, version), `publishDiagnostics for edit ${i} (version ${version})`);
      res.editMs.push(r1(rec.t - tSend));
      res.editCpuMs.push(rec.cpu != null && cpuSend != null ? rec.cpu - cpuSend : null);
      res.lastDiagCount = rec.count;
    }

    res.phase = 'probes';
    const probe = async (p) => {
      const t = now();
      const r = await bounded(conn.sendRequest(p.method, { textDocument: { uri }, position: p.position }), `${p.method} (${p.what})`);
      res.probeMs[p.method === 'textDocument/hover' ? 'hover' : 'completion'].push(r1(now() - t));
      const empty = p.method === 'textDocument/hover' ? !r : !(Array.isArray(r) ? r.length : r?.items?.length);
      if (empty && !res.probeEmpty.includes(p.what)) res.probeEmpty.push(p.what);
    };
    for (let round = 0; round < (o.probes?.length ? (o.probeRounds ?? 10) : 0); round++) for (const p of o.probes) await probe(p);
    for (let i = 1; syncKind !== 0 && i <= (o.probes?.length ? (o.probeTyping ?? 3) : 0); i++) {
      // an edit that does not move the probed lines (a comment at the end), then the probes at once
      const insert = (text.endsWith('\n') || text.length === 0 ? '' : '\n') + `# dind-doctor bench typing ${i}\n`;
      text += insert;
      version++;
      before = pubs.length - 1;
      await conn.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ text }] });
      for (const p of o.probes) await probe(p);
      await bounded(waitPublish(before, version), `publishDiagnostics for typing edit ${i} (version ${version})`);
    }

    // requests while an edit is being analysed (hover, completion, code action): does analysis block the request loop?
    res.phase = 'probes during analysis';
    for (let i = 1; syncKind !== 0 && o.probes?.length && i <= (o.probeDuring ?? 0); i++) {
      const insert = (text.endsWith('\n') || text.length === 0 ? '' : '\n') + `# dind-doctor bench analysing ${i}\n`;
      text += insert;
      version++;
      before = pubs.length - 1;
      const tSend = now();
      await conn.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ text }] });
      let done = null;
      const published = bounded(waitPublish(before, version), `publishDiagnostics for edit ${i} during probes (version ${version})`).then((r) => { done = r; return r; });
      published.catch(() => {});
      await sleep(o.duringDelayMs ?? 170);
      const reqs = o.probes.flatMap((p) => [p, ...(p.method === 'textDocument/hover' ? [{ ...p, method: 'textDocument/codeAction' }] : [])]);
      for (let k = 0; !done; k = (k + 1) % reqs.length) {
        const p = reqs[k];
        const params = p.method === 'textDocument/codeAction'
          ? { textDocument: { uri }, range: { start: p.position, end: p.position }, context: { diagnostics: [], triggerKind: 2 } }
          : { textDocument: { uri }, position: p.position };
        const t = now();
        await bounded(conn.sendRequest(p.method, params), `${p.method} (${p.what}) during analysis`);
        if (done && done.t < t) break; // answered after the analysis ended: not "during"
        const ms = r1(now() - t);
        res.probeMs.during.push(ms);
        (res.probeMs.duringByMethod[p.method] ??= []).push(ms);
      }
      const rec = await published;
      res.duringEditMs.push(r1(rec.t - tSend));
    }

    res.phase = 'measure';
    readFigures();
    res.phase = 'shutdown';
    try {
      await Promise.race([conn.sendRequest('shutdown'), sleep(3000)]);
      await conn.sendNotification('exit');
    } catch { /* killed below */ }
    await Promise.race([exited, sleep(2000)]);
    res.ok = true;
    res.phase = 'done';
  } catch (e) {
    res.error = String(e?.message ?? e);
    if (res.peakRssMb === null) readFigures();
  } finally {
    clearInterval(poll);
    try { conn.dispose(); } catch { /* ignore */ }
    if (child.pid && alive(child.pid)) {
      killPid(child.pid, 'SIGTERM');
      for (let i = 0; i < 20 && alive(child.pid); i++) await sleep(50);
      if (alive(child.pid)) killPid(child.pid, 'SIGKILL');
    }
    await Promise.race([exited, sleep(1000)]);
    if (child.pid) liveChildren.delete(child.pid);
    res.exit = exitInfo;
    res.rssPolledMaxMb = r1(rssMaxKb / 1024);
    if (!res.ok) res.stderrTail = stderrTail.slice(-1000) || null;
  }
  return res;

  function readFigures() {
    const st = procStatus(child.pid);
    if (st?.hwmKb != null) res.peakRssMb = r1(st.hwmKb / 1024);
    res.serverCpuMs = procCpuMs(child.pid);
  }
}

function tally(diags) {
  const out = {};
  for (const d of diags ?? []) { const k = String(d.code ?? d.source ?? '?'); out[k] = (out[k] ?? 0) + 1; }
  return out;
}
