/**
 * Registry facts of a job's scripts: the image references a job pushes (docker push,
 * buildx --push, kaniko --destination, buildctl name=…,push=true) with their tags classified after expanding the
 * job's YAML variables, and the registry logins it runs.
 */
import { dockerVersion, isDockerLibraryImage, versionLess } from './docker';
import { dockerCommands, dockerSubcommand } from './facts';
import { isKanikoExecutorWord } from './images';
import { jobCommands, type Job, type JobCommand } from './pipeline';
import { progName, type Word } from './shell';

/** Predefined variables that name a registry or repository without a tag. */
const TAGLESS = new Set(['CI_REGISTRY_IMAGE', 'CI_REGISTRY', 'CI_PROJECT_PATH', 'CI_PROJECT_NAME', 'CI_PROJECT_NAMESPACE', 'CI_PROJECT_PATH_SLUG', 'CI_DEPENDENCY_PROXY_GROUP_IMAGE_PREFIX', 'CI_DEPENDENCY_PROXY_DIRECT_GROUP_IMAGE_PREFIX']);
const VAR = /\$(?:\{([A-Za-z_][A-Za-z0-9_]*)\}|([A-Za-z_][A-Za-z0-9_]*))/g;

/** Expands `$NAME` / `${NAME}` with the job's YAML variables (known values only, a few levels deep). */
export function expandVars(job: Job, s: string, depth = 0): string {
  if (depth > 5 || !s.includes('$')) return s;
  return s.replace(VAR, (m, a: string | undefined, b: string | undefined) => {
    const name = (a ?? b)!;
    const v = job.variables.get(name);
    if (!v || v.value === undefined || v.value.includes(m)) return m;
    return expandVars(job, v.value, depth + 1);
  });
}

/** The variable names left in a text. */
export function varNames(s: string): string[] { return [...s.matchAll(VAR)].map((m) => (m[1] ?? m[2])!); }

export type TagClass = 'mutable' | 'other' | 'unknown';

/** `latest` or no tag → mutable; a digest, a version or a variable tag → other; an unresolved name → unknown. */
export function classifyTarget(expanded: string): { cls: TagClass; name: string } {
  const s = expanded.trim();
  if (!s) return { cls: 'unknown', name: s };
  if (s.includes('@')) return { cls: 'other', name: s.slice(0, s.indexOf('@')) };
  const slash = s.lastIndexOf('/');
  const last = s.slice(slash + 1);
  const colon = last.lastIndexOf(':');
  if (colon >= 0 && !/^\$\{[^}]*$/.test(last.slice(0, colon))) {
    const name = s.slice(0, slash + 1 + colon);
    const tag = last.slice(colon + 1);
    if (tag === 'latest') return { cls: 'mutable', name };
    return { cls: tag ? 'other' : 'unknown', name };
  }
  if (varNames(last).some((n) => !TAGLESS.has(n))) return { cls: 'unknown', name: s };
  return { cls: 'mutable', name: s };
}

export interface PushTarget {
  tool: 'docker-push' | 'buildx' | 'kaniko' | 'buildctl';
  command: JobCommand;
  /** The word holding the reference (for `--destination=x` / `name=x` forms, the whole option word). */
  word: Word;
  /** The reference as written (quotes removed). */
  ref: string;
  cls: TagClass;
  /** Repository part of the expanded reference. */
  name: string;
  /** The reference with the job's YAML variables expanded. */
  expanded: string;
  /** For option-style references: the option word when the value is a separate word. */
  option?: Word;
}

function optionValues(c: JobCommand, names: string[], from = 1): { word: Word; value: string; option?: Word }[] {
  const out: { word: Word; value: string; option?: Word }[] = [];
  for (let i = from; i < c.words.length; i++) {
    const t = c.words[i].text;
    for (const n of names) {
      if (t === n && i + 1 < c.words.length) { out.push({ word: c.words[i + 1], value: c.words[i + 1].text, option: c.words[i] }); i++; break; }
      if (t.startsWith(n + '=')) { out.push({ word: c.words[i], value: t.slice(n.length + 1) }); break; }
    }
  }
  return out;
}

const hasWord = (c: JobCommand, ...names: string[]) => c.words.some((w) => names.includes(w.text) || names.some((n) => w.text.startsWith(n + '=')));

/** Every push of a job; `unknown` entries stand for pushes whose target cannot be read. */
export function pushTargets(job: Job): PushTarget[] {
  const out: PushTarget[] = [];
  const add = (tool: PushTarget['tool'], command: JobCommand, word: Word, ref: string, option?: Word, noTagUnknown = false) => {
    const expanded = expandVars(job, ref);
    const r = classifyTarget(expanded);
    if (noTagUnknown && r.cls === 'mutable' && !/:latest$/.test(expanded)) r.cls = 'unknown';
    out.push({ tool, command, word, ref, option, expanded, ...r });
  };
  for (const c of jobCommands(job)) {
    const w0 = c.words[0]?.text ?? '';
    if (w0 === 'docker' || /\/docker$/.test(w0)) {
      const sub = dockerSubcommand(c);
      const subIdx = c.words.findIndex((w, i) => i > 0 && w.text === sub);
      let verb = sub;
      let at = subIdx;
      if ((sub === 'image' || sub === 'buildx') && c.words[subIdx + 1]) { verb = c.words[subIdx + 1].text; at = subIdx + 1; }
      if (verb === 'push' && (sub === 'push' || sub === 'image')) {
        if (hasWord(c, '-a', '--all-tags')) continue;
        const args = c.words.slice(at + 1);
        const target = args.find((w, i) => !w.text.startsWith('-') && !(i > 0 && args[i - 1].text === '--platform'));
        // before Docker 20.10 `docker push name` pushed every local tag of the name
        const cli = job.image && isDockerLibraryImage(job.image.ref) ? dockerVersion(job.image.ref) : undefined;
        const oldOrUnknown = !job.image || !isDockerLibraryImage(job.image.ref) || (cli !== undefined && versionLess(cli, 20, 10));
        if (target) add('docker-push', c, target, target.text, undefined, oldOrUnknown);
        continue;
      }
      if (verb === 'build' && (sub === 'build' || sub === 'buildx' || sub === 'image')) {
        const pushes = hasWord(c, '--push') || optionValues(c, ['--output', '-o']).some((o) => /(^|,)type=registry(,|$)|(^|,)push=true(,|$)/.test(o.value));
        if (!pushes) continue;
        for (const t of optionValues(c, ['-t', '--tag'], at + 1)) add('buildx', c, t.word, t.value, t.option);
      }
      continue;
    }
    if (isKanikoExecutorWord(w0) || w0 === 'executor') {
      if (hasWord(c, '--no-push')) continue;
      for (const d of optionValues(c, ['--destination', '-d'])) add('kaniko', c, d.word, d.value, d.option);
      continue;
    }
    if (/(^|\/)buildctl(-daemonless\.sh)?$/.test(w0) && c.words.some((w) => w.text === 'build')) {
      for (const o of optionValues(c, ['--output', '-o'])) {
        const parts = o.value.split(',');
        if (!parts.some((p) => p === 'type=image' || p === 'type=registry')) continue;
        if (!parts.some((p) => p === 'push=true') && !parts.includes('type=registry')) continue;
        const names: string[] = [];
        let inName = false;
        for (const p of parts) {
          if (p.startsWith('name=')) { names.push(p.slice(5)); inName = true; } else if (inName && !p.includes('=')) names.push(p); else inName = false;
        }
        for (const n of names) add('buildctl', c, o.word, n, o.option);
        if (!names.length) out.push({ tool: 'buildctl', command: c, word: o.word, ref: '', expanded: '', cls: 'unknown', name: '' });
      }
    }
  }
  return out;
}

/** `docker|buildah|podman|skopeo login …` commands of a job. */
export function loginCommands(job: Job, tools = ['docker', 'buildah', 'podman', 'skopeo', 'nerdctl']): JobCommand[] {
  return jobCommands(job).filter((c) => {
    const w0 = progName(c.words[0]?.text);
    if (!tools.includes(w0)) return false;
    if (w0 === 'docker') return dockerSubcommand(c) === 'login';
    return c.words.slice(1).find((w) => !w.text.startsWith('-'))?.text === 'login';
  });
}

export interface PasswordArg {
  /** The option word (`-p`, `--password`, `--password=x`, `-px`). */
  flag: Word;
  /** The separate value word, when the value is not in the option word. */
  value?: Word;
  /** The password as the shell sees it (quotes removed). */
  text: string;
}

/** The password given on the command line of a login command (`-p x`, `--password x`, `--password=x`, `-px`). */
export function passwordArg(c: JobCommand): PasswordArg | undefined {
  const w = c.words;
  for (let i = 1; i < w.length; i++) {
    const t = w[i].text;
    if (t === '--password-stdin') return undefined;
    if ((t === '-p' || t === '--password') && w[i + 1]) return { flag: w[i], value: w[i + 1], text: w[i + 1].text };
    if (t.startsWith('--password=')) return { flag: w[i], text: t.slice(11) };
    if (/^-p./.test(t) && !t.startsWith('--')) return { flag: w[i], text: t.slice(t[2] === '=' ? 3 : 2) };
  }
  return undefined;
}

/**
 * Rewrites `tool login … -p <pw> …` to `echo <pw> | tool login … --password-stdin …`, keeping every other word as
 * written. `password` replaces the password's source text (e.g. `"$CI_REGISTRY_PASSWORD"`). Undefined when the
 * command cannot be rewritten exactly (prefix assignments or `sudo`, a command substitution, unmapped text).
 */
export function stdinLoginEdit(text: string, c: JobCommand, pw: PasswordArg, exact: (t: string, c: JobCommand) => boolean, password?: string): { start: number; end: number; newText: string } | undefined {
  if (!exact(text, c) || c.assignments.length) return undefined;
  const first = c.words[0], last = c.words[c.words.length - 1];
  if (text.slice(c.start, first.start).trim() !== '') return undefined;
  const end = (pw.value ?? pw.flag).end;
  let src: string;
  if (pw.value) src = text.slice(pw.value.start, pw.value.end);
  else {
    const raw = text.slice(pw.flag.start, pw.flag.end);
    const m = /^(?:--password=|-p=?)(.*)$/s.exec(raw.replace(/^(["'])(.*)\1$/s, '$2'));
    if (!m || raw.startsWith('"') || raw.startsWith("'")) return undefined;
    src = m[1];
  }
  if (password !== undefined) src = password;
  const arg = /^["']/.test(src) ? src : src.includes('"') ? undefined : `"${src}"`;
  if (arg === undefined) return undefined;
  const newText = `echo ${arg} | ${text.slice(first.start, pw.flag.start)}--password-stdin${text.slice(end, last.end)}`;
  return { start: first.start, end: last.end, newText };
}

/** Registry hosts the job's daemon talks to: `$CI_REGISTRY…` → GitLab's registry, literal hosts as written. */
export function registryTargets(job: Job): { gitlab: boolean; hosts: string[] } {
  let gitlab = false;
  const hosts: string[] = [];
  const cmds = [...loginCommands(job, ['docker']), ...dockerCommands(job).filter((c) => ['push', 'pull'].includes(dockerSubcommand(c) ?? ''))];
  for (const c of cmds) {
    for (const w of c.words.slice(2)) {
      if (w.text.startsWith('-')) continue;
      const t = expandVars(job, w.text);
      if (/^\$\{?CI_REGISTRY(_IMAGE)?\}?(\/|:|$)/.test(t)) { gitlab = true; continue; }
      const m = /^([a-z0-9.-]+\.[a-z]{2,}|\d+\.\d+\.\d+\.\d+)(:\d+)?(\/|$)/i.exec(t);
      if (m) hosts.push(m[1].toLowerCase());
    }
  }
  return { gitlab, hosts };
}
