/**
 * The project file `.dind-doctor.json`, read by the CLI and the language server alike. Pure: file access comes
 * through a {@link FileSystem}.
 *
 * ```json
 * {
 *   "rules": { "dind-tls-disabled": "off", "docker-socket-binding": "error" },
 *   "runner": { "executor": "kubernetes", "profile": "", "mtu": 1450 },
 *   "ciFiles": ["ci/**\/*.yml"],
 *   "runnerConfigFiles": ["deploy/runner/*.toml"],
 *   "schemaValidation": true
 * }
 * ```
 */
import type { FileSystem, SeverityOverride } from './types';
import { RUNNER_PROFILES } from '../model/runner-profile';

export const CONFIG_FILE_NAME = '.dind-doctor.json';
export const SEVERITY_OVERRIDES: readonly SeverityOverride[] = ['off', 'error', 'warning', 'info'];
/** GitLab Runner executors (`executor =` in config.toml). */
export const KNOWN_EXECUTORS: readonly string[] = [
  'docker', 'docker-windows', 'docker+machine', 'docker-autoscaler', 'kubernetes', 'shell', 'ssh', 'parallels',
  'virtualbox', 'instance', 'custom',
];
/** A rule id: kebab-case. */
export const RULE_ID_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

export interface ProjectConfig {
  rules?: Record<string, SeverityOverride>;
  runner?: { executor?: string; profile?: string; mtu?: number };
  ciFiles?: string[];
  runnerConfigFiles?: string[];
  schemaValidation?: boolean;
}

export interface ProjectConfigResult {
  /** Absolute path of the file read. */
  file: string;
  /** The valid parts of the file (a bad entry is left out, the rest still applies). */
  config: ProjectConfig;
  /** One clear sentence per problem, without the file name (callers prefix it). Empty when the file is valid. */
  errors: string[];
}

export interface ParseConfigOptions {
  /** When given, rule ids it rejects are reported (the rule registry knows them; the file format does not). */
  isKnownRule?: (id: string) => boolean;
}

const TOP_LEVEL_KEYS = ['$schema', 'rules', 'runner', 'ciFiles', 'runnerConfigFiles', 'schemaValidation'];

/** Parses and validates the text of a `.dind-doctor.json`. Never throws. */
export function parseProjectConfig(text: string, opts: ParseConfigOptions = {}): { config: ProjectConfig; errors: string[] } {
  const errors: string[] = [];
  const config: ProjectConfig = {};
  let data: unknown;
  try {
    data = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (e) {
    return { config, errors: [`is not valid JSON: ${jsonErrorMessage(text, e)}`] };
  }
  if (!isPlainObject(data)) return { config, errors: [`must hold a JSON object, not ${describe(data)}`] };

  for (const key of Object.keys(data)) {
    if (!TOP_LEVEL_KEYS.includes(key)) {
      const hint = suggest(key, TOP_LEVEL_KEYS.slice(1));
      errors.push(`unknown key "${key}"${hint ? ` (did you mean "${hint}"?)` : ''}; allowed: ${TOP_LEVEL_KEYS.slice(1).join(', ')}`);
    }
  }

  if ('rules' in data) {
    const rules = data.rules;
    if (!isPlainObject(rules)) errors.push(`"rules" must be an object of rule id to severity, not ${describe(rules)}`);
    else {
      const out: Record<string, SeverityOverride> = {};
      for (const [id, value] of Object.entries(rules)) {
        const problem = checkRuleEntry(id, value, opts);
        if (problem) errors.push(`"rules"."${id}": ${problem}`);
        else out[id] = value as SeverityOverride;
      }
      config.rules = out;
    }
  }

  if ('runner' in data) {
    const runner = data.runner;
    if (!isPlainObject(runner)) errors.push(`"runner" must be an object like { "executor": "docker" }, not ${describe(runner)}`);
    else {
      config.runner = {};
      for (const key of Object.keys(runner)) if (!['executor', 'profile', 'mtu'].includes(key)) errors.push(`"runner": unknown key "${key}"; allowed: executor, profile, mtu`);
      if ('executor' in runner) {
        const problem = checkExecutor(runner.executor);
        if (problem) errors.push(`"runner"."executor": ${problem}`);
        else if (runner.executor !== '') config.runner.executor = runner.executor as string;
      }
      if ('profile' in runner) {
        const problem = checkRunnerProfile(runner.profile);
        if (problem) errors.push(`"runner"."profile": ${problem}`);
        else if (runner.profile !== '') config.runner.profile = runner.profile as string;
      }
      if ('mtu' in runner) {
        const problem = checkMtu(runner.mtu);
        if (problem) errors.push(`"runner"."mtu": ${problem}`);
        else if (runner.mtu !== 0) config.runner.mtu = runner.mtu as number;
      }
    }
  }

  for (const key of ['ciFiles', 'runnerConfigFiles'] as const) {
    if (!(key in data)) continue;
    const value = data[key];
    if (!Array.isArray(value) || value.some((v) => typeof v !== 'string' || v.trim() === '')) {
      errors.push(`"${key}" must be an array of glob strings relative to the project folder, like ["ci/*.yml"]`);
    } else config[key] = value as string[];
  }

  if ('schemaValidation' in data) {
    if (typeof data.schemaValidation !== 'boolean') errors.push(`"schemaValidation" must be true or false, not ${describe(data.schemaValidation)}`);
    else config.schemaValidation = data.schemaValidation;
  }
  return { config, errors };
}

/** Checks one `id=severity` pair (from the project file or a `--rule` flag); undefined when it is fine. */
export function checkRuleEntry(id: string, value: unknown, opts: ParseConfigOptions = {}): string | undefined {
  if (!RULE_ID_PATTERN.test(id)) return `"${id}" is not a rule id (rule ids are kebab-case, like dind-tls-disabled)`;
  if (opts.isKnownRule && !opts.isKnownRule(id)) return `unknown rule "${id}"`;
  if (typeof value !== 'string' || !(SEVERITY_OVERRIDES as readonly string[]).includes(value)) {
    const hint = typeof value === 'string' ? suggest(value, SEVERITY_OVERRIDES) : undefined;
    return `severity must be one of ${SEVERITY_OVERRIDES.join(', ')}, not ${describe(value)}${hint ? ` (did you mean "${hint}"?)` : ''}`;
  }
  return undefined;
}

/** Checks a runner profile name; undefined when it is fine (the empty string means "none"). */
export function checkRunnerProfile(value: unknown): string | undefined {
  if (value === '' || (typeof value === 'string' && (RUNNER_PROFILES as readonly string[]).includes(value))) return undefined;
  return `unknown runner profile ${describe(value)}; known: ${RUNNER_PROFILES.join(', ')}`;
}

/** Checks an MTU: a whole number from 576 to 9216 (0 means unknown). */
export function checkMtu(value: unknown): string | undefined {
  if (value === 0 || (typeof value === 'number' && Number.isInteger(value) && value >= 576 && value <= 9216)) return undefined;
  return `expected a whole number of bytes from 576 to 9216 (0: unknown), not ${describe(value)}`;
}

/** Checks an executor name; undefined when it is fine (the empty string means "unknown" and is fine). */
export function checkExecutor(value: unknown): string | undefined {
  if (typeof value !== 'string') return `must be a string, not ${describe(value)}`;
  if (value === '' || KNOWN_EXECUTORS.includes(value)) return undefined;
  return `unknown executor "${value}"; known: ${KNOWN_EXECUTORS.join(', ')}`;
}

/** Reads `<root>/.dind-doctor.json`; undefined when there is none. A file that cannot be read is an error result. */
export function readProjectConfig(fs: FileSystem, root: string, opts: ParseConfigOptions = {}): ProjectConfigResult | undefined {
  const file = joinPath(root, CONFIG_FILE_NAME);
  let text: string | undefined;
  try {
    text = fs.readFile(file);
  } catch (e) {
    return { file, config: {}, errors: [(e as Error).message] };
  }
  if (text === undefined) return undefined;
  return { file, ...parseProjectConfig(text, opts) };
}

/**
 * Finds the project file that governs `dir`: `dir/.dind-doctor.json`, else the nearest one above it, stopping at a
 * folder that holds `.git` (the repository root) or at `stopAt`.
 */
export function findProjectConfig(fs: FileSystem, dir: string, opts: ParseConfigOptions & { stopAt?: string } = {}): ProjectConfigResult | undefined {
  let current = dir.replace(/\\/g, '/').replace(/(?<=.)\/+$/, '');
  for (let i = 0; i < 256; i++) {
    const found = readProjectConfig(fs, current, opts);
    if (found) return found;
    if (current === opts.stopAt || isRepositoryRoot(fs, current)) return undefined;
    const parent = parentOf(current);
    if (parent === undefined) return undefined;
    current = parent;
  }
  return undefined;
}

function isRepositoryRoot(fs: FileSystem, dir: string): boolean {
  // `.git` is a folder (readFile throws) or, in worktrees and submodules, a file (readFile returns text).
  try {
    return fs.readFile(joinPath(dir, '.git')) !== undefined;
  } catch {
    return true;
  }
}

function joinPath(dir: string, name: string): string {
  return dir.endsWith('/') ? dir + name : `${dir}/${name}`;
}

function parentOf(dir: string): string | undefined {
  const i = dir.lastIndexOf('/');
  if (i < 0 || dir === '/' || /^[A-Za-z]:\/?$/.test(dir)) return undefined;
  if (i === 0) return '/';
  const parent = dir.slice(0, i);
  return /^[A-Za-z]:$/.test(parent) ? parent + '/' : parent;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  if (typeof v === 'string') return JSON.stringify(v);
  if (typeof v === 'object') return 'an object';
  return `${typeof v} ${String(v)}`;
}

/** The JSON.parse message, with "at position N" turned into a line and column. */
function jsonErrorMessage(text: string, e: unknown): string {
  const msg = (e as Error).message.replace(/, "[\s\S]*" is not valid JSON$/, '').split('\n')[0];
  const m = /at position (\d+)/.exec(msg);
  if (!m) return msg;
  const pos = Number(m[1]);
  let line = 1, col = 1;
  for (let i = 0; i < pos && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) { line++; col = 1; } else col++;
  }
  return `${msg.replace(/\s*(in JSON )?at position \d+.*$/, '')} at line ${line}, column ${col}`;
}

/** The closest candidate within edit distance 2 (for "did you mean"). */
function suggest(word: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined, bestD = 3;
  for (const c of candidates) {
    const d = distance(word.toLowerCase(), c.toLowerCase());
    if (d < bestD || (c.toLowerCase().startsWith(word.toLowerCase()) && word.length >= 3 && bestD > 2)) { best = c; bestD = Math.min(d, 2); }
  }
  return best;
}

function distance(a: string, b: string): number {
  const dp = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let prev = dp[0];
    dp[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = dp[j];
      dp[j] = Math.min(dp[j] + 1, dp[j - 1] + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = tmp;
    }
  }
  return dp[b.length];
}

/** The editor settings (`dindDoctor.*`) the language server reads, after validation. */
export interface EditorSettings {
  enable: boolean;
  rules: Record<string, SeverityOverride>;
  runner: { executor: string; profile?: string; mtu?: number };
  runnerConfigFiles: string[];
  ciFiles: string[];
  /** `dindDoctor.schemaValidation`: "auto"/"always"/true → true, "never"/false → false (the client resolves "auto"). */
  schemaValidation: boolean;
  /** `dindDoctor.runnerConfigs`: runner configs (relative to the workspace folder) to judge every CI file against. */
  runnerConfigs?: string[];
  /** `dindDoctor.codeLens.effectiveConfig`: the "Show effective configuration" code lens on each job (absent: on). */
  effectiveConfigCodeLens?: boolean;
  /** Set by the VS Code client (not a user setting): false when another extension reports CI schema errors. */
  ciSchemaValidation?: boolean;
  /** When closed files of the workspace are analysed: at start-up (and on the command), only on the command, never. */
  analyseWorkspace: 'onStartup' | 'onCommand' | 'off';
  /** Most files one workspace analysis reads. */
  analyseWorkspaceMaxFiles: number;
  /** What the server writes to the dind-doctor output channel. */
  logLevel: 'error' | 'warning' | 'info' | 'debug';
}

export const DEFAULT_EDITOR_SETTINGS: EditorSettings = {
  enable: true, rules: {}, runner: { executor: '' }, runnerConfigFiles: [], ciFiles: [], schemaValidation: true,
  analyseWorkspace: 'onStartup', analyseWorkspaceMaxFiles: 1000, logLevel: 'info',
};

/**
 * Validates the `dindDoctor` settings section, whatever shape the client sends (a user can write anything in
 * settings.json): each wrong value falls back to its default with one sentence naming the setting. Never throws.
 */
export function parseEditorSettings(raw: unknown): { settings: EditorSettings; errors: string[] } {
  const d = DEFAULT_EDITOR_SETTINGS;
  const settings: EditorSettings = { ...d, rules: {}, runner: { ...d.runner }, runnerConfigFiles: [], ciFiles: [] };
  const errors: string[] = [];
  if (raw === null || raw === undefined) return { settings, errors };
  if (!isPlainObject(raw)) return { settings, errors: [`dindDoctor settings must be an object, not ${describe(raw)}; using the defaults`] };
  const wrong = (key: string, what: string, v: unknown) => errors.push(`dindDoctor.${key} must be ${what}, not ${describe(v)}; using the default`);
  const lens = raw.codeLens;
  if (lens !== undefined && lens !== null) {
    if (!isPlainObject(lens)) wrong('codeLens', 'an object like { "effectiveConfig": false }', lens);
    else if (lens.effectiveConfig !== undefined && lens.effectiveConfig !== null) {
      if (typeof lens.effectiveConfig === 'boolean') settings.effectiveConfigCodeLens = lens.effectiveConfig;
      else wrong('codeLens.effectiveConfig', 'true or false', lens.effectiveConfig);
    }
  }
  for (const key of ['enable', 'schemaValidation', 'ciSchemaValidation'] as const) {
    const v = raw[key];
    if (v === undefined || v === null) continue;
    if (typeof v === 'boolean') settings[key] = v;
    else if (key === 'schemaValidation' && (v === 'auto' || v === 'always' || v === 'never')) settings[key] = v !== 'never';
    else wrong(key, key === 'schemaValidation' ? 'true, false, "auto", "always" or "never"' : 'true or false', v);
  }
  if (raw.rules !== undefined && raw.rules !== null) {
    if (!isPlainObject(raw.rules)) wrong('rules', 'an object of rule id to severity', raw.rules);
    else for (const [id, value] of Object.entries(raw.rules)) {
      const problem = checkRuleEntry(id, value);
      if (problem) errors.push(`dindDoctor.rules."${id}": ${problem}; ignored`); else settings.rules[id] = value as SeverityOverride;
    }
  }
  const runner = raw.runner;
  if (runner !== undefined && runner !== null) {
    if (!isPlainObject(runner)) wrong('runner', 'an object like { "executor": "docker" }', runner);
    else {
      if (runner.executor !== undefined && runner.executor !== null) {
        const problem = checkExecutor(runner.executor);
        if (problem) errors.push(`dindDoctor.runner.executor: ${problem}; using the default`); else settings.runner.executor = runner.executor as string;
      }
      if (runner.profile !== undefined && runner.profile !== null && runner.profile !== '') {
        const problem = checkRunnerProfile(runner.profile);
        if (problem) errors.push(`dindDoctor.runner.profile: ${problem}; using none`); else settings.runner.profile = runner.profile as string;
      }
      if (runner.mtu !== undefined && runner.mtu !== null && runner.mtu !== 0) {
        const problem = checkMtu(runner.mtu);
        if (problem) errors.push(`dindDoctor.runner.mtu: ${problem}; using unknown`); else settings.runner.mtu = runner.mtu as number;
      }
    }
  }
  const oneOf = <K extends 'analyseWorkspace' | 'logLevel'>(key: K, values: readonly EditorSettings[K][]) => {
    const v = raw[key];
    if (v === undefined || v === null) return;
    if (values.includes(v as EditorSettings[K])) settings[key] = v as EditorSettings[K];
    else wrong(key, `one of ${values.map((x) => `"${x}"`).join(', ')}`, v);
  };
  oneOf('analyseWorkspace', ['onStartup', 'onCommand', 'off']);
  oneOf('logLevel', ['error', 'warning', 'info', 'debug']);
  const max = raw.analyseWorkspaceMaxFiles;
  if (max !== undefined && max !== null) {
    if (typeof max === 'number' && Number.isInteger(max) && max >= 0) settings.analyseWorkspaceMaxFiles = max;
    else wrong('analyseWorkspaceMaxFiles', 'a whole number of files, 0 or more', max);
  }
  for (const key of ['ciFiles', 'runnerConfigFiles'] as const) {
    const v = raw[key];
    if (v === undefined || v === null) continue;
    if (!Array.isArray(v)) { wrong(key, 'an array of glob strings', v); continue; }
    const good = v.filter((g): g is string => typeof g === 'string' && g.trim() !== '');
    if (good.length !== v.length) errors.push(`dindDoctor.${key}: entries that are not glob strings are ignored`);
    settings[key] = good;
  }
  if (raw.runnerConfigs !== undefined && raw.runnerConfigs !== null) {
    const v = raw.runnerConfigs;
    if (!Array.isArray(v)) wrong('runnerConfigs', 'an array of paths', v);
    else {
      const good = v.filter((g): g is string => typeof g === 'string' && g.trim() !== '');
      if (good.length !== v.length) errors.push('dindDoctor.runnerConfigs: entries that are not paths are ignored');
      if (good.length) settings.runnerConfigs = good;
    }
  }
  return { settings, errors };
}
