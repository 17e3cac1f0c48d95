/**
 * gitlab-runner Helm values: `runners.config` holds a config.toml as a YAML string. The TOML is parsed with every
 * offset mapped back to the exact place in values.yaml (block scalars `|`, `|-`, `>`; other styles map to the
 * scalar's start). Go-template expressions (`{{ … }}`) are replaced, length for length, by neutral text so they
 * neither break the TOML nor produce findings: a templated value reads as unknown ({@link TEMPLATE_FILL}).
 */
import { clip, LineIndex } from './text';
import { parseTomlMapped, type TomlDoc } from './toml';
import { entry, get, type ParsedYaml, type YScalar, type YValue } from './yaml';

/** The character that stands in for template text; a value containing it is not known. */
export const TEMPLATE_FILL = '\u00a7';

export interface HelmValues {
  /** The map holding `runners:` — the values root, or a sub-chart's section (`upstream:` in umbrella charts). */
  valuesRoot: YValue | undefined;
  /** The `runners.config` value node, when present. */
  configNode: YValue | undefined;
  /** The embedded runner config, when `runners.config` is a string. */
  runnerConfig: TomlDoc | undefined;
}

/**
 * Whether a parsed YAML file looks like gitlab-runner chart values: it has `runners.config` (at the root or one level
 * down, in an umbrella chart), or the chart's own keys even without it (a fragment): `gitlabUrl`,
 * `runnerRegistrationToken` or `runnerToken` at the root; or two of the chart's other keys (`rbac`, `concurrent`,
 * `checkInterval`, `unregisterRunners`, `certsSecretName`, `sessionServer`, `useTini`; under `runners:` `privileged`,
 * `configPath`, `runUntagged`, `requestConcurrency`, `cloneUrl`, `pollTimeout`, `outputLimit`, `executor`,
 * `builds`, `helpers`, `serviceAccountName`), one being under `runners:` — one is enough in a file named like
 * `values*.yaml`.
 */
export function isHelmValues(y: ParsedYaml): boolean {
  if (valuesRootOf(y.root) !== undefined) return true;
  const root = y.root;
  if (root?.kind !== 'map') return false;
  if (STRONG_KEYS.some((k) => root.entries.has(k))) return true;
  const runners = get(root, 'runners');
  if (runners?.kind !== 'map') return false;
  const under = RUNNERS_KEYS.filter((k) => runners.entries.has(k)).length;
  const top = ROOT_KEYS.filter((k) => root.entries.has(k)).length;
  if (!under) return false;
  return under + top >= 2 || /(^|\/)[^/]*values[^/]*\.ya?ml$/i.test(y.file);
}

const STRONG_KEYS = ['gitlabUrl', 'runnerRegistrationToken', 'runnerToken'];
const ROOT_KEYS = ['rbac', 'concurrent', 'checkInterval', 'unregisterRunners', 'certsSecretName', 'sessionServer', 'useTini'];
const RUNNERS_KEYS = ['privileged', 'configPath', 'runUntagged', 'requestConcurrency', 'cloneUrl', 'pollTimeout', 'outputLimit', 'executor', 'builds', 'helpers', 'serviceAccountName'];

/** The map whose `runners.config` holds the runner TOML: the root, or one level down for umbrella charts. */
function valuesRootOf(root: YValue | undefined): YValue | undefined {
  if (entry(get(root, 'runners'), 'config')) return root;
  if (root?.kind !== 'map') return undefined;
  for (const e of root.entries.values()) if (entry(get(e.value, 'runners'), 'config')) return e.value;
  return undefined;
}

export function readHelmValues(y: ParsedYaml): HelmValues {
  const valuesRoot = valuesRootOf(y.root);
  const node = get(get(valuesRoot, 'runners'), 'config');
  if (!node || (node.kind === 'scalar' && node.value === null)) return { valuesRoot, configNode: node, runnerConfig: undefined };
  if (node.kind !== 'scalar' || typeof node.value !== 'string') return { valuesRoot, configNode: node, runnerConfig: wrongType(y, node) };
  const { text, templated } = neutraliseTemplates(node.value);
  const map = scalarOffsetMap(y.text, node, node.value);
  const baseIndent = node.style === 'literal' || node.style === 'folded' ? blockIndent(y.text, node) : '';
  return { valuesRoot, configNode: node, runnerConfig: parseTomlMapped(y.file, y.text, text, map, baseIndent, templated) };
}

/** `runners.config` given as a map, list, number or boolean: the chart renders it into config.toml as it is. */
function wrongType(y: ParsedYaml, node: YValue): TomlDoc {
  const what = node.kind === 'map' ? 'a map' : node.kind === 'seq' ? 'a list' : node.kind === 'ref' ? 'a !reference' : `the ${typeof (node as YScalar).value} ${clip((node as YScalar).text, 16)}`;
  const headline = `\`runners.config\` is ${what}, not a string: the runner cannot load the config.toml it becomes.`;
  const message = `The gitlab-runner chart writes this value into config.toml as it is. Make it a string holding the runner's config.toml: write \`config: |\` with the TOML indented below it.`;
  const doc = parseTomlMapped(y.file, y.text, '', () => node.start, '', false);
  doc.problems.push({ headline, message, start: node.start, end: node.kind === 'map' || node.kind === 'seq' ? Math.min(node.end, lineEndOf(y.text, node.start)) : node.end, complete: true });
  return doc;
}

function lineEndOf(text: string, at: number): number { const n = text.indexOf('\n', at); return n < 0 ? text.length : n; }

/** Replaces `{{ … }}` by text of the same length that keeps the TOML valid. */
export function neutraliseTemplates(toml: string): { text: string; templated: boolean } {
  let templated = false;
  const text = toml.replace(/\{\{[\s\S]*?\}\}/g, (m, at: number) => {
    templated = true;
    const lineStart = toml.lastIndexOf('\n', at - 1) + 1;
    const prefix = toml.slice(lineStart, at);
    const nl = toml.indexOf('\n', at + m.length);
    const suffix = toml.slice(at + m.length, nl < 0 ? toml.length : nl);
    const blank = (s: string) => s.replace(/[^\n]/g, ' ');
    if (m.includes('\n') || (prefix.trim() === '' && suffix.trim() === '')) return blank(m);
    if (/=\s*$/.test(prefix)) return m.length >= 2 ? '"' + TEMPLATE_FILL.repeat(m.length - 2) + '"' : blank(m);
    const quotes = (prefix.match(/(?<!\\)"/g) ?? []).length + (prefix.match(/'/g) ?? []).length;
    if (quotes % 2 === 1) return TEMPLATE_FILL.repeat(m.length);
    return blank(m);
  });
  return { text, templated };
}

/** Indentation of a block scalar's body in the file. */
function blockIndent(fileText: string, node: YScalar): string {
  const lines = LineIndex.of(fileText);
  const first = lines.position(node.start).line + 1;
  for (let l = first; l < lines.lineCount; l++) {
    const t = lines.lineText(l);
    if (t.trim() !== '') return /^[ \t]*/.exec(t)![0];
  }
  return '';
}

/**
 * Maps an offset in a scalar's value to an offset in the file. Exact for block scalars (each value line is one
 * body line less the block indentation) and for single-line plain/quoted scalars without escapes; otherwise the
 * scalar's start.
 */
export function scalarOffsetMap(fileText: string, node: YScalar, value: string): (o: number) => number {
  if (node.style === 'literal' || node.style === 'folded') {
    const lines = LineIndex.of(fileText);
    const first = lines.position(node.start).line + 1;
    const indent = blockIndent(fileText, node).length;
    const vlines = new LineIndex(value);
    // the starts and lengths of the file's lines the value spans, not the file's index: the map may outlive the text
    const n = Math.max(0, Math.min(vlines.lineCount, lines.lineCount - first));
    const starts = new Uint32Array(n), lens = new Uint32Array(n);
    for (let k = 0; k < n; k++) { starts[k] = lines.lineStarts[first + k]; lens[k] = lines.lineEnd(first + k) - starts[k]; }
    return (o: number) => {
      const p = vlines.position(o);
      if (p.line >= n) return node.end;
      return Math.min(starts[p.line] + Math.min(indent, lens[p.line]) + p.character, node.end);
    };
  }
  const raw = fileText.slice(node.start, node.end);
  const q = node.style === 'single' || node.style === 'double' ? 1 : 0;
  if (raw.length - 2 * q === value.length && !raw.includes('\n')) return (o: number) => node.start + q + o;
  return () => node.start;
}
