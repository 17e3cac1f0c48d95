/**
 * Hovers on what is written, not on findings: CI keywords (GitLab's schema descriptions), runner config keys (the
 * runner schema, with a link to GitLab Runner's docs), and job names and `extends:` values (the job's effective
 * `image`, `services` and `variables`, each with where it came from).
 */
import type { Position } from 'vscode-languageserver';
import { GLOBAL_KEYWORDS } from '../model/pipeline';
import type { YValue } from '../formats/yaml';
import { LineIndex } from '../formats/text';
import { keyAt, yamlCursor } from './yaml-cursor';
import { tomlKeyAt } from './toml-cursor';
import { ciKeyDescription, ciSchemaNav, runnerDescription, runnerSchemaNav } from './completion';
import { KEY_DOCS } from './hover-docs';
import type { Job } from '../model/pipeline';
import type { ModelView } from './last-model';

export interface KeyHover { markdown: string; range: { start: Position; end: Position } }

/** Escapes text for Markdown. */
export function escapeMarkdown(s: string): string { return s.replace(/[\\`*_{}[\]<>()#!|~]/g, '\\$&'); }

/** A Markdown code span holding `s` as it is (a fence longer than any run of backticks inside). */
export function code(s: string): string {
  const one = s.replace(/\r?\n/g, ' ');
  const longest = Math.max(0, ...(one.match(/`+/g) ?? []).map((m) => m.length));
  const fence = '`'.repeat(longest + 1);
  const pad = one.startsWith('`') || one.endsWith('`') || one === '' ? ' ' : '';
  return `${fence}${pad}${one}${pad}${fence}`;
}

export interface CiHoverFacts {
  /** A job or template by name, effective, from the pipeline the file is part of; undefined when not known (now). */
  job(name: string): { job: Job; view: ModelView } | undefined;
  /** How a file is shown (relative to the project). */
  shownPath(file: string): string;
}

/** Hover on a CI keyword, a job name or an `extends:` value. */
export function ciKeyHover(text: string, pos: Position, facts: CiHoverFacts): KeyHover | null {
  const lines = LineIndex.of(text);
  const k = keyAt(lines, pos.line, pos.character);
  const range = (s: number, e: number) => ({ start: { line: pos.line, character: s }, end: { line: pos.line, character: e } });
  if (k) {
    if (k.path.length === 0 && !GLOBAL_KEYWORDS.has(k.key) && k.key !== 'pages') {
      const md = jobHover(k.key, facts);
      return md ? { markdown: md, range: range(k.start, k.end) } : null;
    }
    if (Object.hasOwn(KEY_DOCS, k.key)) return null; // the DinD variables have their own hover
    const nav = ciSchemaNav();
    const found = nav.keys(nav.at(k.path)).find((x) => x.key === k.key);
    if (!found) return null;
    return { markdown: `**${escapeMarkdown(k.key)}** — GitLab CI keyword\n\n${ciKeyDescription(found)}`, range: range(k.start, k.end) };
  }
  // an `extends:` value
  const line = lines.lineText(pos.line);
  const word = wordAt(line, pos.character);
  if (!word) return null;
  const cur = yamlCursor(lines, pos.line, word.end);
  if (!cur) return null;
  const p = cur.path.filter((s) => s !== '[]');
  if (p.length === 2 && p[1] === 'extends' && !GLOBAL_KEYWORDS.has(p[0])) {
    const md = jobHover(word.text, facts);
    return md ? { markdown: md, range: range(word.start, word.end) } : null;
  }
  return null;
}

function wordAt(line: string, ch: number): { text: string; start: number; end: number } | undefined {
  const isWord = (c: string | undefined) => c !== undefined && !/[\s,[\]{}"'#:]/.test(c);
  let s = ch, e = ch;
  while (s > 0 && isWord(line[s - 1])) s--;
  while (e < line.length && isWord(line[e])) e++;
  return e > s ? { text: line.slice(s, e), start: s, end: e } : undefined;
}

/** The effective image, services and variables of a job or template, with where each came from. */
export function jobHover(name: string, facts: CiHoverFacts): string | undefined {
  const found = facts.job(name);
  return found ? describeJob(found, facts) : undefined;
}

const SECRET_NAME = /pass(word)?|secret|token|credential|private|_key$|^key$|auth/i;

function describeJob({ job, view }: { job: Job; view: ModelView }, facts: CiHoverFacts): string {
  const origin = (v: { file: string; start: number }) => originOf(v, view, facts);
  const out: string[] = [];
  const hidden = job.name.startsWith('.');
  out.push(`**${hidden ? 'Template' : 'Job'}** ${code(job.name)} — effective configuration (${escapeMarkdown(facts.shownPath(job.entry.file))}:${view.lineOf(job.entry.file, job.entry.keyStart) + 1})`);
  if (job.partial) out.push('_Part of this pipeline comes from remote, project or template includes: what they add is not shown._');
  if (job.image) out.push(`**image**: ${code(job.image.ref.raw)} — ${origin(job.image.nameNode)}`);
  else out.push('**image**: none (the runner\'s default image)');
  if (job.services.length) {
    out.push('**services**:');
    out.push(job.services.map((s) => `- ${code(s.name)}${s.explicitAliases.length ? ` (alias ${s.explicitAliases.map((a) => code(a.alias)).join(', ')})` : ''} — ${origin(s.nameNode ?? s.node)}`).join('\n'));
  } else out.push('**services**: none');
  if (job.variables.size) {
    out.push('**variables**:');
    const rows: string[] = [];
    for (const v of job.variables.values()) {
      const value = v.value === undefined ? '(not a plain value)' : SECRET_NAME.test(v.name) && v.value !== '' ? '••••' : v.value;
      rows.push(`- ${code(v.name)}: ${code(value)} — ${origin({ file: v.entry.file, start: v.entry.keyStart })}`);
    }
    out.push(rows.join('\n'));
  } else out.push('**variables**: none');
  return out.join('\n\n');
}

/** "`.docker` (ci/templates.yml:4)": the top-level entry holding a node, and the node's file and line. */
function originOf(v: { file: string; start: number }, view: ModelView, facts: CiHoverFacts): string {
  const parsed = view.pipeline.parsed.get(v.file);
  const line = view.lineOf(v.file, v.start) + 1;
  let owner: string | undefined;
  const root = parsed?.root;
  if (root?.kind === 'map') for (const [k, e] of root.entries) if (contains(e.value, v.start) || (e.keyStart <= v.start && v.start <= e.keyEnd)) { owner = k; break; }
  const where = `${escapeMarkdown(facts.shownPath(v.file))}:${line}`;
  if (!owner) return where;
  if (owner === 'variables') return `global \`variables:\` (${where})`;
  return `from ${owner === 'default' ? '`default:`' : code(owner)} (${where})`;
}

function contains(v: YValue, o: number): boolean { return v.file !== undefined && v.start <= o && o <= v.end; }

/** Hover on a key or table of a runner config given as lines (config.toml, or Helm's `runners.config` body). */
export function runnerKeyHover(lines: readonly string[], line: number, character: number, at: { line: number; column: number } = { line, column: 0 }): KeyHover | null {
  const k = tomlKeyAt(lines, line, character);
  if (!k) return null;
  const nav = runnerSchemaNav();
  const found = nav.keys(nav.at(k.table)).find((x) => x.key === k.key);
  if (!found) return null;
  const title = `**${escapeMarkdown(k.key)}** — ${k.table.length ? `\`[${k.table.join('.')}]\`` : 'global setting'} of the runner config`;
  return { markdown: `${title}\n\n${runnerDescription(nav, k.table, found)}`, range: { start: { line: at.line, character: k.start + at.column }, end: { line: at.line, character: k.end + at.column } } };
}
