/**
 * `dind-doctor [paths...]`: argument parsing, file discovery, severity overrides, `--fix`, reporters, exit codes.
 * Exit 0: no error-severity finding and warnings within `--max-warnings`; 1: over that; 2: usage or internal error,
 * with one line on stderr (`dind-doctor: …`).
 *
 * {@link main} is the testable entry (argv without node and script, an {@link CliIo}); the bottom of the file is the
 * bin wrapper.
 */
import * as nodeFs from 'node:fs';
import * as nodePath from 'node:path';
import { parseArgs } from 'node:util';
import { createHash } from 'node:crypto';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { checkExecutor, checkMtu, checkRuleEntry, checkRunnerProfile, CONFIG_FILE_NAME, readProjectConfig, type ProjectConfig } from './engine/config-file';
import { describeError, NodeFileSystem, toAbsolutePosix } from './engine/nodefs';
import { fixUntilStable, type FixerHost } from './engine/fixer';
import { autoFix, parseProblem, type AutoFixMode } from './engine/fix-policy';
import { FileReadError, type FileSystem, type Finding, type SeverityOverride } from './engine/types';
import type { WorkspaceApi, WorkspaceOptions } from './engine/workspace-api';
import { TOOL, VERSION as packageVersion } from './version';
import { applyHeapGrowing } from './heap';
import { countBySeverity, formatReport, isFormat, relativePath, FORMATS, type FormatName, type RuleMetaFn } from './reporters';

export interface CliIo {
  stdout: { write(s: string): unknown; isTTY?: boolean };
  stderr: { write(s: string): unknown };
  /** The current folder (paths on the command line and in reports are relative to it). */
  cwd: string;
  /** File access; default: the disk. `writeFile` is used by `--fix` (default: node's fs). */
  fs?: FileSystem & { writeFile?(path: string, text: string): void };
  /** Environment (NO_COLOR, DIND_DOCTOR_DEBUG); default: process.env. */
  env?: Record<string, string | undefined>;
  /** The engine; default: `new Workspace(fs, opts)` from engine/workspace.ts. Tests inject a fake. */
  createWorkspace?: (fs: FileSystem, opts: WorkspaceOptions) => WorkspaceApi;
  /** Rule metadata; default: the rule registry. `null`: none (no unknown-rule check, bare SARIF rule descriptors). */
  ruleMeta?: RuleMetaFn | null;
}

export { TOOL };

export const USAGE = `Usage: dind-doctor [options] [paths...]

Lints GitLab CI files, GitLab Runner config.toml and gitlab-runner Helm values for
Docker-in-Docker, socket-binding, Kaniko, Buildah and BuildKit mistakes.

Paths are folders (searched for CI files and runner configs) or files; default: the current folder.

Options:
  -f, --format FORMAT       text (default), json, sarif or codequality (GitLab Code Quality)
  -o, --output FILE         write the report to FILE instead of stdout
      --fix                 apply the safe fixes (the preferred fix of a finding, when it edits only that
                            file and changes no privilege, TLS or runner setting), then report what remains
      --fix-suggestions     like --fix, and also apply preferred fixes that are suggestions (they may edit
                            the runner config or another file, or change privileges or TLS)
      --executor NAME       executor to assume when no runner config is found (docker, kubernetes, shell, ...)
      --runner-config PATH  a runner config.toml or Helm values file to use (repeatable)
      --runner-profile NAME judge CI files no runner config serves as running on these runners:
                            gitlab-hosted-linux (GitLab.com hosted Linux runners, documented settings only)
      --runner-mtu N        MTU of the network the jobs' containers are attached to
      --rule ID=SEVERITY    set a rule's severity: off, error, warning or info (repeatable)
      --max-warnings N      exit 1 when there are more than N warnings (default: no limit)
  -h, --help                show this help
  -v, --version             show the version

Severities are read from ${CONFIG_FILE_NAME} in the project folder; --rule flags win.
Exit status: 0 no errors (and warnings within --max-warnings), 1 over that, 2 usage or internal error.
`;

/** A usage or environment problem: exit 2 with its message. */
class CliError extends Error {}

interface ParsedArgs {
  paths: string[];
  format: FormatName;
  output?: string;
  /** `--fix` or `--fix-suggestions`. */
  fix: boolean;
  /** `--fix-suggestions`: suggestions too. */
  fixSuggestions: boolean;
  executor?: string;
  runnerProfile?: string;
  runnerMtu?: number;
  runnerConfigs: string[];
  rules: Record<string, SeverityOverride>;
  maxWarnings: number; // -1: no limit
  help: boolean;
  version: boolean;
}

export function parseCliArgs(argv: string[], isKnownRule?: (id: string) => boolean): ParsedArgs {
  // `--max-warnings -1`: parseArgs would take `-1` for an option; join it as `--max-warnings=-1`.
  const args: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--max-warnings' && /^-\d+$/.test(argv[i + 1] ?? '')) args.push(`--max-warnings=${argv[++i]}`);
    else args.push(argv[i]);
  }
  let parsed;
  try {
    parsed = parseArgs({
      args,
      allowPositionals: true,
      strict: true,
      options: {
        format: { type: 'string', short: 'f' },
        output: { type: 'string', short: 'o' },
        fix: { type: 'boolean' },
        'fix-suggestions': { type: 'boolean' },
        executor: { type: 'string' },
        'runner-config': { type: 'string', multiple: true },
        'runner-profile': { type: 'string' },
        'runner-mtu': { type: 'string' },
        rule: { type: 'string', multiple: true },
        'max-warnings': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
        version: { type: 'boolean', short: 'v' },
      },
    });
  } catch (e) {
    throw new CliError(parseArgsMessage(e));
  }
  const v = parsed.values;
  const format = v.format ?? 'text';
  if (!isFormat(format)) throw new CliError(`unknown format "${format}"; use one of ${FORMATS.join(', ')}`);
  if (v.output === '') throw new CliError('--output needs a file name');

  const rules: Record<string, SeverityOverride> = {};
  for (const r of v.rule ?? []) {
    const eq = r.indexOf('=');
    if (eq <= 0) throw new CliError(`--rule expects ID=SEVERITY (like dind-tls-disabled=off), got "${r}"`);
    const id = r.slice(0, eq).trim(), sev = r.slice(eq + 1).trim();
    const problem = checkRuleEntry(id, sev, { isKnownRule });
    if (problem) throw new CliError(`--rule ${r}: ${problem}`);
    rules[id] = sev as SeverityOverride;
  }

  let executor: string | undefined;
  if (v.executor !== undefined) {
    const problem = checkExecutor(v.executor);
    if (problem) throw new CliError(`--executor: ${problem}`);
    executor = v.executor || undefined;
  }

  let runnerProfile: string | undefined;
  if (v['runner-profile'] !== undefined) {
    const problem = checkRunnerProfile(v['runner-profile']);
    if (problem) throw new CliError(`--runner-profile: ${problem}`);
    runnerProfile = v['runner-profile'] || undefined;
  }
  let runnerMtu: number | undefined;
  if (v['runner-mtu'] !== undefined) {
    const n = /^\d+$/.test(v['runner-mtu'].trim()) ? Number(v['runner-mtu'].trim()) : v['runner-mtu'];
    const problem = checkMtu(n);
    if (problem) throw new CliError(`--runner-mtu: ${problem}`);
    runnerMtu = (n as number) || undefined;
  }

  let maxWarnings = -1;
  if (v['max-warnings'] !== undefined) {
    const s = v['max-warnings'].trim();
    if (!/^(-1|\d+)$/.test(s)) throw new CliError(`--max-warnings expects a whole number (0 or more; -1 for no limit), got "${v['max-warnings']}"`);
    maxWarnings = Number(s);
  }
  for (const p of v['runner-config'] ?? []) if (p === '') throw new CliError('--runner-config needs a path');

  return {
    paths: parsed.positionals.length > 0 ? parsed.positionals : ['.'],
    format, output: v.output, fix: (v.fix ?? false) || (v['fix-suggestions'] ?? false), fixSuggestions: v['fix-suggestions'] ?? false, executor, runnerProfile, runnerMtu,
    runnerConfigs: v['runner-config'] ?? [], rules, maxWarnings,
    help: v.help ?? false, version: v.version ?? false,
  };
}

function parseArgsMessage(e: unknown): string {
  const err = e as { code?: string; message?: string };
  const msg = (err.message ?? String(e)).split('\n')[0];
  const opt = /'(-[^']*)'/.exec(msg)?.[1];
  switch (err.code) {
    case 'ERR_PARSE_ARGS_UNKNOWN_OPTION': return `unknown option ${opt ? `'${opt.split(/\s/)[0]}'` : ''} (see --help)`.replace('  ', ' ');
    case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE': return `${msg.replace(/\.$/, '')} (see --help)`;
    default: return msg;
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Files

/** The disk view of a path on the command line. */
function statArg(abs: string, shown: string): 'file' | 'dir' {
  let st: nodeFs.Stats;
  try {
    st = nodeFs.statSync(abs);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') throw new CliError(`no such file or folder: ${shown}`);
    throw new CliError(`cannot read ${shown}: ${describeError(e)}`);
  }
  if (st.isDirectory()) {
    try {
      nodeFs.readdirSync(abs);
    } catch (e) {
      throw new CliError(`cannot read folder ${shown}: ${describeError(e)}`);
    }
    return 'dir';
  }
  if (!st.isFile()) throw new CliError(`not a file or folder: ${shown}`);
  return 'file';
}

/**
 * The project folder of a path: the nearest folder at or above `dir` that holds `.dind-doctor.json` or `.git`
 * (the repository root, where GitLab resolves `include: local`); `dir` itself when there is none.
 */
export function projectRootOf(dir: string): string {
  let current = dir;
  for (let i = 0; i < 256; i++) {
    if (nodeFs.existsSync(`${current}/${CONFIG_FILE_NAME}`) || nodeFs.existsSync(`${current}/.git`)) return current;
    const parent = nodePath.posix.dirname(current);
    if (parent === current || /^[A-Za-z]:\/?$/.test(current)) break;
    current = parent;
  }
  return dir;
}

function isUnder(file: string, dir: string): boolean {
  return file === dir || file.startsWith(dir.endsWith('/') ? dir : dir + '/');
}

/** Reads a file named on the command line; a read error names it as the user wrote it. */
function readArg(fs: FileSystem, abs: string, shown: string): string | undefined {
  try {
    return fs.readFile(abs);
  } catch (e) {
    if (e instanceof FileReadError) throw new CliError(e.message.split(abs).join(shown));
    throw e;
  }
}

/** A literal path as a picomatch glob. */
function escapeGlob(p: string): string {
  return p.replace(/[\\*?[\]{}()!+@|]/g, (c) => `\\${c}`);
}

/** The in-memory layer of `--fix`: fixed texts are read from here until they are written to disk at the end. */
class OverlayFileSystem implements FileSystem {
  readonly texts = new Map<string, string>();
  /** A layer above {@link texts} for a dry run of the fixer, dropped afterwards. */
  scratch: Map<string, string> | undefined;
  constructor(private readonly base: FileSystem) {
    if (base.listFiles) this.listFiles = (dir: string) => base.listFiles!(dir);
  }
  listFiles?: (dir: string) => string[];
  readFile(path: string): string | undefined {
    if (this.scratch?.has(path)) return this.scratch.get(path);
    return this.texts.has(path) ? this.texts.get(path) : this.base.readFile(path);
  }
}

interface Project {
  root: string;
  ws: WorkspaceApi;
  /** Folders given on the command line whose discovered files are analysed. */
  folders: { abs: string; shown: string }[];
  /** Files given on the command line (or as --runner-config) that are analysed as they are. */
  files: string[];
}

// ---------------------------------------------------------------------------------------------------------------
// main

export async function main(argv: string[], io: CliIo): Promise<number> {
  const env = io.env ?? process.env;
  try {
    return await run(argv, io, env);
  } catch (e) {
    if (e instanceof CliError || e instanceof FileReadError) {
      io.stderr.write(`dind-doctor: ${oneLine(e.message)}\n`);
    } else {
      io.stderr.write(`dind-doctor: internal error: ${oneLine((e as Error)?.message ?? String(e))}\n`);
      if (env.DIND_DOCTOR_DEBUG) io.stderr.write(`${(e as Error)?.stack ?? ''}\n`);
    }
    return 2;
  }
}

function oneLine(s: string): string {
  return s.replace(/\s*\n\s*/g, ' ').trim();
}

async function run(argv: string[], io: CliIo, env: Record<string, string | undefined>): Promise<number> {
  // Usage first: --help and bad flags must not depend on the engine.
  const first = parseCliArgs(argv);
  if (first.help) { io.stdout.write(USAGE); return 0; }
  if (first.version) { io.stdout.write(`${packageVersion}\n`); return 0; }

  const isolated = await isolatedRun(argv, io, env, first);
  if (isolated !== undefined) return isolated;
  const { ctx, projects, claimed, ruleMeta, baseFs } = await setUp(argv, io);
  refuseOutputOverInput(ctx, claimed);
  const outcome = (await isolatedOutcome(argv, io, env, ctx, claimed)) ?? analyzeAndFix(ctx, projects, claimed);
  if (ctx.args.fix) writeFixed(ctx, io, baseFs);
  return report(ctx, io, env, ruleMeta, claimed, outcome);
}

/** Steps 1 and 2: the flags, the projects and their engines, the files to analyse (warnings of the listing to stderr). */
async function setUp(argv: string[], io: CliIo): Promise<{ ctx: RunContext; projects: Project[]; claimed: Claimed; ruleMeta: RuleMetaFn | undefined; baseFs: FileSystem }> {
  const ruleMeta = io.ruleMeta === undefined ? await loadRuleMeta() : io.ruleMeta ?? undefined;
  const isKnownRule = ruleMeta ? (id: string) => ruleMeta(id) !== undefined : undefined;
  const args = parseCliArgs(argv, isKnownRule);
  const createWorkspace = io.createWorkspace ?? (await loadWorkspaceFactory());

  const cwd = toAbsolutePosix(io.cwd);
  const shownOf = (abs: string) => relativePath(cwd, abs);
  const limitWarnings: string[] = [];
  const baseFs = io.fs ?? new NodeFileSystem({ onLimit: (dir, _max, note) => limitWarnings.push(`dind-doctor: warning: listing ${shownOf(dir)} ${note}`) });
  const fs = new OverlayFileSystem(baseFs);
  const ctx: RunContext = { args, fs, cwd, shownOf, isKnownRule, createWorkspace, onDisk: io.fs === undefined };

  const projects = resolveProjects(ctx);
  for (const w of limitWarnings) io.stderr.write(w + '\n');
  const claimed = claimFiles(ctx, projects);
  return { ctx, projects, claimed, ruleMeta, baseFs };
}

/** `--output` never replaces a file the run reads (a linted file, a runner config, a project file). */
function refuseOutputOverInput(ctx: RunContext, claimed: Claimed): void {
  if (ctx.args.output === undefined) return;
  const out = toAbsolutePosix(ctx.args.output, ctx.cwd);
  let real = out;
  try { real = toAbsolutePosix(nodeFs.realpathSync(out)); } catch { /* a new file */ }
  const inputs = new Set([...claimed.files, ...runnerConfigArgs(ctx)]);
  if (inputs.has(out) || inputs.has(real) || nodePath.posix.basename(out) === '.dind-doctor.json') {
    throw new CliError(`--output ${ctx.args.output} is a file this run reads; write the report to another file`);
  }
}

/** What the steps of a run share. */
interface RunContext {
  args: ParsedArgs;
  /** The files as the run sees them: the disk (or the injected fs) under the texts `--fix` produced. */
  fs: OverlayFileSystem;
  cwd: string;
  shownOf: (abs: string) => string;
  isKnownRule?: (id: string) => boolean;
  createWorkspace: (fs: FileSystem, opts: WorkspaceOptions) => WorkspaceApi;
  /** Files are read from the disk (not from an injected file system): their bytes can be checked before a fix. */
  onDisk: boolean;
}

/** The files analysed, each by the engine of the first project that claims it. */
interface Claimed { files: string[]; owner: Map<string, WorkspaceApi> }

interface Outcome {
  findings: Finding[];
  /** With `--fix`: problems fixed, files changed. */
  fixed?: { findings: number; files: string[] };
  /** Problems `--fix` would fix now (text reports; 0 otherwise). */
  fixable: number;
  /** Warnings for stderr (fixes not applied, and why). */
  notes: string[];
}

/**
 * Step 1: paths on the command line → projects (one per project root), each with its engine, configured from its
 * `.dind-doctor.json` and the flags (flags win).
 */
function resolveProjects(ctx: RunContext): Project[] {
  const { args, fs, cwd, shownOf, isKnownRule } = ctx;
  const projects = new Map<string, Omit<Project, 'ws'>>();
  const projectFor = (root: string) => {
    let p = projects.get(root);
    if (!p) { p = { root, folders: [], files: [] }; projects.set(root, p); }
    return p;
  };
  for (const arg of args.paths) {
    const abs = toAbsolutePosix(arg, cwd);
    const kind = statArg(abs, arg);
    if (kind === 'dir') projectFor(projectRootOf(abs)).folders.push({ abs, shown: arg });
    else {
      if (readArg(fs, abs, arg) === undefined) throw new CliError(`no such file or folder: ${arg}`);
      projectFor(projectRootOf(nodePath.posix.dirname(abs))).files.push(abs);
    }
  }
  const runnerConfigs = runnerConfigArgs(ctx);

  const built: Project[] = [];
  for (const p of projects.values()) {
    const found = readProjectConfig(fs, p.root, { isKnownRule });
    if (found && found.errors.length > 0) {
      const more = found.errors.length > 1 ? ` (and ${found.errors.length - 1} more problem${found.errors.length > 2 ? 's' : ''})` : '';
      throw new CliError(`${shownOf(found.file)}: ${found.errors[0]}${more}`);
    }
    const config: ProjectConfig = found?.config ?? {};
    const runnerGlobs = [...(config.runnerConfigFiles ?? [])];
    for (const rc of runnerConfigs) runnerGlobs.push(escapeGlob(isUnder(rc, p.root) ? rc.slice(p.root.length + 1) : nodePath.posix.basename(rc)));
    const opts: WorkspaceOptions = {
      roots: [p.root],
      // The per-job rule cache pays off on an editor's next keystroke; a CLI run analyses each file once or a few
      // times after whole-file fix passes, and on a 9,000-job file the cache doubled time and peak memory.
      jobCache: false,
      runnerConfigs: runnerConfigs.length ? runnerConfigs : undefined,
      ciFiles: config.ciFiles,
      runnerConfigFiles: runnerGlobs,
      analyze: {
        rules: mergeSeverities(config.rules, args.rules),
        runner: definedOnly({ executor: args.executor ?? config.runner?.executor, profile: args.runnerProfile ?? config.runner?.profile, mtu: args.runnerMtu ?? config.runner?.mtu }),
        schemaValidation: config.schemaValidation,
      },
    };
    const ws = ctx.createWorkspace(fs, opts);
    // Files named on the command line are analysed even when their name says nothing (build.yml): tell the engine.
    const extraCi: string[] = [], extraRunner: string[] = [];
    for (const f of p.files) {
      if (ws.kindOf(f)) continue;
      const glob = escapeGlob(f.slice(p.root.length + 1));
      if (/\.toml$/i.test(f) || looksLikeHelmValues(fs.readFile(f) ?? '')) extraRunner.push(glob); else if (/\.ya?ml$/i.test(f)) extraCi.push(glob);
    }
    if (extraCi.length || extraRunner.length) {
      ws.setOptions({ ciFiles: [...(opts.ciFiles ?? []), ...extraCi], runnerConfigFiles: [...runnerGlobs, ...extraRunner] });
    }
    for (const f of p.files) {
      if (!ws.kindOf(f)) throw new CliError(`${shownOf(f)} is not a GitLab CI file, runner config.toml or Helm values file`);
    }
    built.push({ ...p, ws });
  }
  return built;
}

/** `--runner-config` paths, absolute, each checked to be a readable file. */
function runnerConfigArgs(ctx: RunContext): string[] {
  const out: string[] = [];
  for (const arg of ctx.args.runnerConfigs) {
    const abs = toAbsolutePosix(arg, ctx.cwd);
    if (statArg(abs, arg) !== 'file') throw new CliError(`--runner-config ${arg}: not a file`);
    if (readArg(ctx.fs, abs, arg) === undefined) throw new CliError(`no such file: ${arg}`);
    out.push(abs);
  }
  return out;
}

/** Step 2: what to analyse: each file once, by the first project that claims it. */
function claimFiles(ctx: RunContext, projects: Project[]): Claimed {
  const owner = new Map<string, WorkspaceApi>();
  const claim = (file: string, ws: WorkspaceApi) => { if (!owner.has(file)) owner.set(file, ws); };
  for (const p of projects) {
    for (const f of p.files) claim(f, p.ws);
    if (p.folders.length === 0) continue;
    const d = p.ws.discover();
    const all = [...d.ciFiles, ...d.runnerConfigs, ...d.helmValues];
    for (const folder of p.folders) {
      const inside = all.filter((f) => isUnder(f, folder.abs));
      if (inside.length === 0) throw new CliError(`no GitLab CI files, runner configs or Helm values files found in ${folder.shown}`);
      for (const f of inside) claim(f, p.ws);
    }
  }
  for (const rc of ctx.args.runnerConfigs.map((a) => toAbsolutePosix(a, ctx.cwd))) {
    if (owner.has(rc)) continue;
    const p = projects[0];
    if (!p.ws.kindOf(rc)) throw new CliError(`--runner-config ${ctx.shownOf(rc)} is not a GitLab Runner config.toml or Helm values file`);
    claim(rc, p.ws);
  }
  return { files: [...owner.keys()].sort(), owner };
}

/**
 * Step 3: analyse every claimed file; with `--fix`, fix through the engine's fixer (texts stay in memory until
 * {@link writeFixed}). For the text report, a dry run of `--fix` counts what it would fix.
 */
function analyzeAndFix(ctx: RunContext, projects: Project[], claimed: Claimed): Outcome {
  const analyzeAll = (): Finding[] => claimed.files.flatMap((f) => claimed.owner.get(f)!.analyze(f));
  const findings = analyzeAll();
  if (!ctx.args.fix) return { findings, fixable: countFixable(ctx, projects, claimed, analyzeAll, findings), notes: [] };
  const mode: AutoFixMode = ctx.args.fixSuggestions ? 'all' : 'safe';
  const result = fixUntilStable(fixerHost(ctx, projects, claimed, analyzeAll, ctx.fs.texts), findings, { choose: (f) => autoFix(f, mode) });
  const notes = result.skipped.map((s) => `dind-doctor: warning: ${ctx.shownOf(s.file)}: fix '${s.fix.title}' not applied: ${s.reason}`);
  if (result.stopped) notes.push(`dind-doctor: warning: --fix stopped early: ${result.stopped}`);
  return {
    findings: result.findings,
    fixed: { findings: result.fixed, files: result.changedFiles },
    fixable: countFixable(ctx, projects, claimed, analyzeAll, result.findings),
    notes,
  };
}

/** What `--fix` would fix now: a dry run of the fixer whose texts are thrown away (text reports only). */
function countFixable(ctx: RunContext, projects: Project[], claimed: Claimed, analyzeAll: () => Finding[], findings: Finding[], parsing?: ReadonlyMap<string, string>): number {
  if (ctx.args.format !== 'text' || !findings.some((f) => autoFix(f, 'safe'))) return 0;
  const scratch = new Map<string, string>();
  ctx.fs.scratch = scratch;
  try {
    return fixUntilStable(fixerHost(ctx, projects, claimed, analyzeAll, scratch, parsing), findings).fixed;
  } finally {
    ctx.fs.scratch = undefined;
    for (const file of scratch.keys()) for (const p of projects) p.ws.changed(file);
  }
}

/**
 * The fixer's view of a run: texts go to `into`; only files inside the finding's project, and only text dind-doctor
 * can keep byte for byte. `parsing`: texts (by hash) another analysis found to parse, so that they are not parsed again.
 */
function fixerHost(ctx: RunContext, projects: Project[], claimed: Claimed, analyzeAll: () => Finding[], into: Map<string, string>, parsing?: ReadonlyMap<string, string>): FixerHost {
  const rootOf = (file: string) => projects.find((p) => p.ws === claimed.owner.get(file))?.root;
  return {
    readFile: (file) => ctx.fs.readFile(file),
    setText: (file, text) => {
      into.set(file, text);
      for (const p of projects) p.ws.changed(file);
    },
    analyze: analyzeAll,
    parseProblem: (file, text) => {
      if (parsing?.get(file) === hashOf(text)) return undefined;
      // the engine that analysed the file answers from its parse (a fix re-parses only the entry it edits)
      const owner = claimed.owner.get(file);
      const ws = owner?.kindOf(file) ? owner : projects[0]?.ws;
      return ws?.parseProblem ? ws.parseProblem(file, text) : parseProblem(file, text, ws?.kindOf(file));
    },
    mayNotEdit: (file, finding) => {
      const root = rootOf(finding.file);
      if (!root || !isInsideReal(file, root)) return `it is outside the project folder${root ? ` ${ctx.shownOf(root) || '.'}` : ''}; dind-doctor writes only inside it`;
      if (ctx.onDisk && !isUtf8OnDisk(file)) return 'it is not valid UTF-8; dind-doctor leaves its bytes as they are';
      return undefined;
    },
  };
}

/** Whether `file` (resolving symbolic links, also of a file not written yet) lies inside `root`. */
function isInsideReal(file: string, root: string): boolean {
  const real = (p: string): string => {
    try { return toAbsolutePosix(nodeFs.realpathSync(p)); } catch { /* not there (yet) */ }
    const parent = nodePath.posix.dirname(p);
    return parent === p ? p : `${real(parent)}/${nodePath.posix.basename(p)}`;
  };
  return isUnder(real(file), real(root));
}

/** Whether a file on disk is valid UTF-8 (a missing file counts as valid: a fix may create it). */
function isUtf8OnDisk(file: string): boolean {
  let bytes: Buffer;
  try { bytes = nodeFs.readFileSync(file); } catch { return true; }
  try { new TextDecoder('utf-8', { fatal: true }).decode(bytes); return true; } catch { return false; }
}

// ---------------------------------------------------------------------------------------------------------------
// Huge inputs: the text report's analysis and its dry run of --fix, each in its own isolate

/**
 * Files to analyse together at least this large (bytes; `DIND_DOCTOR_ISOLATE_FROM` sets it): the text report runs
 * the analysis and the dry run of `--fix` behind its fixable count in two worker threads, one after the other. Both
 * build a whole model of the files; in one V8 heap the first would still be uncollected garbage while the second is
 * built (a full collection waits until the heap has grown to a few times what was live at the previous one), and a
 * worker's heap is given back when it ends. Smaller inputs run in the process: a worker costs its start-up.
 */
const ISOLATE_FROM_BYTES = 2 * 1024 * 1024;

type WorkerTask =
  | { task: 'analyze'; argv: string[]; cwd: string }
  | { task: 'count'; argv: string[]; cwd: string; findings: Finding[]; parsing: [string, string][] };

/** Whether a run may analyse in workers: the text report without --fix, on the disk, with the real engine. */
function mayIsolate(args: ParsedArgs, io: CliIo): boolean {
  return !args.fix && args.format === 'text' && !io.fs && !io.createWorkspace && io.ruleMeta === undefined;
}

function isolateFrom(env: Record<string, string | undefined>): number {
  const v = env.DIND_DOCTOR_ISOLATE_FROM;
  return v !== undefined && /^\d+$/.test(v) ? Number(v) : ISOLATE_FROM_BYTES;
}

/**
 * When every path on the command line is a file and they reach {@link ISOLATE_FROM_BYTES}: the whole run in workers,
 * before this thread sets up an engine (it would hold about 8 MiB more while the workers run), then the report.
 * Undefined when the run goes the usual way; so does any error in a worker, and the usual way then reports it.
 */
async function isolatedRun(argv: string[], io: CliIo, env: Record<string, string | undefined>, args: ParsedArgs): Promise<number | undefined> {
  if (!mayIsolate(args, io)) return undefined;
  const cwd = toAbsolutePosix(io.cwd);
  let bytes = 0;
  for (const p of [...args.paths, ...args.runnerConfigs]) {
    let st: nodeFs.Stats;
    try { st = nodeFs.statSync(toAbsolutePosix(p, cwd)); } catch { return undefined; }
    if (!st.isFile()) return undefined;
    bytes += st.size;
  }
  if (bytes < isolateFrom(env)) return undefined;
  const done = await isolatedFindings(argv, io, env, bytes, true);
  if (!done) return undefined;
  io.stderr.write(done.warnings); // what listing the folders said (the usual way writes it from here)
  const ruleMeta = await loadRuleMeta();
  const isKnownRule = ruleMeta ? (id: string) => ruleMeta(id) !== undefined : undefined;
  const shownOf = (abs: string) => relativePath(cwd, abs);
  const noEngine = (): WorkspaceApi => { throw new Error('the report needs no engine'); };
  const ctx: RunContext = { args: parseCliArgs(argv, isKnownRule), fs: new OverlayFileSystem(new NodeFileSystem()), cwd, shownOf, isKnownRule, createWorkspace: noEngine, onDisk: true };
  return report(ctx, io, env, ruleMeta, { files: done.files, owner: new Map() }, { findings: done.findings, fixable: done.fixable, notes: [] });
}

/** After the usual set-up (folders on the command line): the analysis in workers when the files reach the size. */
async function isolatedOutcome(argv: string[], io: CliIo, env: Record<string, string | undefined>, ctx: RunContext, claimed: Claimed): Promise<Outcome | undefined> {
  if (!mayIsolate(ctx.args, io)) return undefined;
  let bytes = 0;
  for (const f of claimed.files) { try { bytes += nodeFs.statSync(f).size; } catch { /* read errors are reported by the analysis */ } }
  if (bytes < isolateFrom(env)) return undefined;
  const done = await isolatedFindings(argv, io, env, bytes, false);
  return done && { findings: done.findings, fixable: done.fixable, notes: [] };
}

/** The analysis in one worker, then the dry run of --fix in another (when a safe fix exists); undefined if a worker failed. */
async function isolatedFindings(argv: string[], io: CliIo, env: Record<string, string | undefined>, bytes: number, early: boolean): Promise<{ findings: Finding[]; fixable: number; files: string[]; warnings: string } | undefined> {
  const first = await inWorker<{ findings: Finding[]; parsing: [string, string][]; files: string[]; warnings: string }>({ task: 'analyze', argv, cwd: io.cwd });
  if (!first) return undefined;
  if (!first.findings.some((f) => autoFix(f, 'safe'))) {
    if (env.DIND_DOCTOR_DEBUG) io.stderr.write(`dind-doctor: debug: ${bytes} bytes: analysed in a worker thread${early ? ', nothing set up here' : ''}\n`);
    return { findings: first.findings, fixable: 0, files: first.files, warnings: first.warnings };
  }
  const counted = await inWorker<{ fixable: number }>({ task: 'count', argv, cwd: io.cwd, findings: first.findings, parsing: first.parsing });
  if (!counted) return undefined;
  if (env.DIND_DOCTOR_DEBUG) io.stderr.write(`dind-doctor: debug: ${bytes} bytes: analysed and counted fixable problems in worker threads${early ? ', nothing set up here' : ''}\n`);
  return { findings: first.findings, fixable: counted.fixable, files: first.files, warnings: first.warnings };
}

/** Runs a task in a worker thread of this same script; undefined when the worker could not run it. */
function inWorker<T>(task: WorkerTask): Promise<T | undefined> {
  return new Promise((resolve) => {
    let result: T | undefined;
    let worker: Worker;
    try { worker = new Worker(__filename, { workerData: { dindDoctorTask: task } }); } catch { resolve(undefined); return; }
    worker.on('message', (m: T) => { result = m; });
    worker.on('error', () => { result = undefined; });
    worker.on('exit', () => resolve(result));
  });
}

/** In a worker: the analysis of the files (with the files its safe fixes edit that parse), or the fixable count. */
async function runWorkerTask(t: WorkerTask): Promise<void> {
  const warnings: string[] = [];
  const { ctx, projects, claimed } = await setUp(t.argv, { stdout: { write: () => true }, stderr: { write: (w: string) => warnings.push(w) }, cwd: t.cwd });
  refuseOutputOverInput(ctx, claimed);
  const analyzeAll = (): Finding[] => claimed.files.flatMap((f) => claimed.owner.get(f)!.analyze(f));
  if (t.task === 'analyze') {
    const findings = analyzeAll();
    const parsing: [string, string][] = [];
    const edited = new Set(findings.flatMap((f) => autoFix(f, 'safe')?.edits.map((e) => e.file) ?? []));
    for (const file of edited) {
      const text = ctx.fs.readFile(file);
      const owner = claimed.owner.get(file);
      const ws = owner?.kindOf(file) ? owner : projects[0]?.ws;
      if (text !== undefined && ws?.parseProblem && ws.parseProblem(file, text) === undefined) parsing.push([file, hashOf(text)]);
    }
    parentPort!.postMessage({ findings, parsing, files: claimed.files, warnings: warnings.join('') });
  } else {
    parentPort!.postMessage({ fixable: countFixable(ctx, projects, claimed, analyzeAll, t.findings, new Map(t.parsing)) });
  }
}

function hashOf(text: string): string {
  return createHash('sha1').update(text).digest('base64');
}

/** Writes the texts `--fix` produced. */
function writeFixed(ctx: RunContext, io: CliIo, baseFs: FileSystem): void {
  const writeFile = io.fs?.writeFile?.bind(io.fs) ?? (baseFs instanceof NodeFileSystem ? baseFs.writeFile.bind(baseFs) : (p: string, t: string) => nodeFs.writeFileSync(p, t, 'utf8'));
  for (const [file, text] of ctx.fs.texts) {
    try {
      writeFile(file, text);
    } catch (e) {
      throw new CliError(`cannot write ${ctx.shownOf(file)}: ${describeError(e)}`);
    }
  }
}

/** Step 4: the report, to stdout or `--output`; the exit code. */
function report(ctx: RunContext, io: CliIo, env: Record<string, string | undefined>, ruleMeta: RuleMetaFn | undefined, claimed: Claimed, outcome: Outcome): number {
  const { args, cwd, shownOf } = ctx;
  const { findings, fixed } = outcome;
  for (const n of outcome.notes) io.stderr.write(n + '\n');
  const toFile = args.output !== undefined;
  const color = !toFile && io.stdout.isTTY === true && !env.NO_COLOR && env.TERM !== 'dumb';
  let text = formatReport(args.format, findings, {
    cwd, ruleMeta, tool: TOOL, color, filesChecked: claimed.files.length, fixable: outcome.fixable,
    readText: (f) => ctx.fs.readFile(f),
  });
  const counts = countBySeverity(findings);
  const overWarnings = args.maxWarnings >= 0 && counts.warning > args.maxWarnings;
  if (args.format === 'text') {
    if (fixed && fixed.findings > 0) {
      text = `Fixed ${fixed.findings} ${fixed.findings === 1 ? 'problem' : 'problems'} in ${fixed.files.map(shownOf).join(', ')}.\n` + text;
    }
    if (overWarnings) text += `✖ Too many warnings (${counts.warning}). Maximum allowed is ${args.maxWarnings}.\n`;
  } else if (overWarnings) {
    io.stderr.write(`dind-doctor: too many warnings (${counts.warning}); maximum allowed is ${args.maxWarnings}\n`);
  }
  if (toFile) {
    const out = toAbsolutePosix(args.output!, cwd);
    try {
      nodeFs.mkdirSync(nodePath.posix.dirname(out), { recursive: true });
      nodeFs.writeFileSync(out, text, 'utf8');
    } catch (e) {
      throw new CliError(`cannot write ${args.output}: ${describeError(e)}`);
    }
  } else io.stdout.write(text);

  return counts.error > 0 || overWarnings ? 1 : 0;
}

/** `.dind-doctor.json` rules, then `--rule` flags over them (a later flag for the same rule wins). */
export function mergeSeverities(...layers: (Record<string, SeverityOverride> | undefined)[]): Record<string, SeverityOverride> {
  const out: Record<string, SeverityOverride> = {};
  for (const layer of layers) if (layer) Object.assign(out, layer);
  return out;
}

function looksLikeHelmValues(text: string): boolean {
  return /^runners:[ \t]*(#.*)?$/m.test(text);
}

// ---------------------------------------------------------------------------------------------------------------
// The engine and the rule registry, loaded on first use so that argument errors never depend on them.

async function loadWorkspaceFactory(): Promise<(fs: FileSystem, opts: WorkspaceOptions) => WorkspaceApi> {
  const { Workspace } = await import('./engine/workspace');
  return (fs, opts) => new Workspace(fs, opts);
}

async function loadRuleMeta(): Promise<RuleMetaFn | undefined> {
  const { rules } = await import('./rules');
  if (!Array.isArray(rules) || rules.length === 0) return undefined;
  const byId = new Map(rules.map((r) => [r.id, { summary: r.summary, severity: r.severity }]));
  return (id) => byId.get(id);
}

// ---------------------------------------------------------------------------------------------------------------
// bin

if (!isMainThread && (workerData as { dindDoctorTask?: WorkerTask } | undefined)?.dindDoctorTask) {
  runWorkerTask((workerData as { dindDoctorTask: WorkerTask }).dindDoctorTask).catch(() => process.exit(1));
} else if (typeof require !== 'undefined' && typeof module !== 'undefined' && require.main === module) {
  applyHeapGrowing(); // as the language server does (server/src/heap.ts); V8's flags hold for the worker threads too
  main(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, cwd: process.cwd() }).then(
    (code) => { process.exitCode = code; },
    (e) => { process.stderr.write(`dind-doctor: internal error: ${(e as Error)?.message ?? e}\n`); process.exitCode = 2; },
  );
}

/** The keys of an object whose values are defined (the executor key is kept: the engine reads it as "unknown"). */
function definedOnly<T extends { executor?: string }>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([k, v]) => k === 'executor' || v !== undefined)) as T;
}
