/**
 * Which fixes a front end may apply on its own. A fix is *safe* (keeps what the user meant, edits only the file of
 * the finding, widens no privilege, weakens no security setting) or a *suggestion* (changes the runner, another
 * file, privileges, TLS or behaviour): `--fix` and the editor's "fix all" apply safe fixes only, `--fix-suggestions`
 * applies both, and the editor marks only safe fixes as preferred.
 *
 * A rule may declare a fix a suggestion; the engine also makes one of every fix that, whatever the rule says,
 * edits another file, edits a runner config or Helm values, or touches privilege or TLS settings (see
 * {@link forcedSuggestion}). And a file that does not parse gets no fix at all ({@link parseProblem}).
 */
import { parseYaml, type ParsedYaml } from '../formats/yaml';
import { parseToml, type TomlDoc } from '../formats/toml';
import { isHelmValues, readHelmValues, type HelmValues } from '../formats/helm';
import type { FileKind, Finding, Fix, FixKind, SpanEdit } from './types';

/** Why a text does not parse as the kind of file it is, or undefined when it parses. */
export function parseProblem(file: string, text: string, kind?: FileKind): string | undefined {
  const k = kind ?? (/\.toml$/i.test(file) ? 'runner-config' : /\.ya?ml$/i.test(file) ? 'gitlab-ci' : undefined);
  if (k === 'runner-config') return tomlProblem(parseToml(file, text));
  if (k === 'gitlab-ci' || k === 'helm-values') return yamlProblem(parseYaml(file, text));
  return undefined;
}

/**
 * {@link parseProblem} of a YAML parse already made (of Helm values, the embedded `config.toml` counts too; `helm`:
 * what {@link readHelmValues} already read from this parse).
 */
export function yamlProblem(y: ParsedYaml, helm?: HelmValues): string | undefined {
  const bad = y.problems.find((p) => p.code === 'yaml-syntax-error');
  if (bad) return bad.headline ?? bad.message;
  if (isHelmValues(y)) { const p = (helm ?? readHelmValues(y)).runnerConfig?.problems[0]; return p && (p.headline ?? p.message); }
  return undefined;
}

/** {@link parseProblem} of a `config.toml` already parsed. */
export function tomlProblem(doc: TomlDoc): string | undefined {
  const p = doc.problems[0];
  return p && (p.headline ?? p.message);
}

/**
 * Settings whose change widens or narrows privileges or changes TLS: a fix whose edited lines or new text mention
 * one of them is a suggestion. A dind service runs privileged, so adding or changing one counts too.
 */
const SENSITIVE = new RegExp([
  'privileged', 'cap_add', 'cap_drop', 'security_opt', 'security_context', 'allow_privilege_escalation', 'run_as_user', 'run_as_non_root',
  'seccomp', 'app_?armor', 'host_path', 'docker\\.sock', '-dind\\b', ':dind\\b',
  'DOCKER_TLS_CERTDIR', 'DOCKER_TLS_VERIFY', 'DOCKER_CERT_PATH', '--tls', 'tls_verify', 'tls-verify', 'insecure',
].join('|'), 'i');

/**
 * `newText` without the YAML lines that turn the docker client's TLS verification on (`DOCKER_TLS_VERIFY: "1"`) or
 * point it at its certificates (`DOCKER_CERT_PATH`): a client that verifies the daemon it already talks TLS to
 * weakens nothing and changes no privilege, so these lines alone do not make a fix a suggestion.
 */
function withoutVerifyOn(newText: string): string {
  return newText.split('\n').filter((l) => !/^\s*(DOCKER_TLS_VERIFY:\s*(["']?)1\2|DOCKER_CERT_PATH:\s*\S.*)\s*$/.test(l)).join('\n');
}

/**
 * Why a fix must be a suggestion whatever its rule declares, or undefined. `edits` are the fix's edits by offsets;
 * `textOf` gives the current texts, `kindOf` the kind of a file.
 */
export function forcedSuggestion(findingFile: string, edits: readonly SpanEdit[], textOf: (file: string) => string | undefined, kindOf: (file: string) => FileKind | undefined): string | undefined {
  const other = edits.find((e) => e.file !== findingFile);
  if (other) return `it edits another file (${other.file})`;
  for (const e of edits) {
    const kind = kindOf(e.file);
    if (kind === 'runner-config' || kind === 'helm-values') return 'it changes the runner configuration';
    const text = textOf(e.file) ?? '';
    // whole lines inserted before a line leave that line as it was: only the new text counts then
    const wholeLines = e.start === e.end && (e.start === 0 || text[e.start - 1] === '\n') && e.newText.endsWith('\n');
    const lineStart = text.lastIndexOf('\n', e.start - 1) + 1;
    const nl = text.indexOf('\n', e.end);
    const touched = wholeLines ? '' : text.slice(lineStart, nl < 0 ? text.length : nl);
    if (SENSITIVE.test(touched) || SENSITIVE.test(withoutVerifyOn(e.newText))) return 'it touches privilege or TLS settings';
  }
  return undefined;
}

/** The kind of a fix as the engine reports it: the rule's declaration, made a suggestion when {@link forcedSuggestion} says so. */
export function classifyFix(declared: FixKind | undefined, findingFile: string, edits: readonly SpanEdit[], textOf: (file: string) => string | undefined, kindOf: (file: string) => FileKind | undefined): FixKind {
  if (declared === 'suggestion') return 'suggestion';
  return forcedSuggestion(findingFile, edits, textOf, kindOf) ? 'suggestion' : 'safe';
}

/**
 * The kind a front end acts on: a fix without a kind is safe (the engine always sets one), and a fix that edits
 * another file than its finding's is a suggestion whatever it says.
 */
export function effectiveKind(finding: Finding, fix: Fix): FixKind {
  if (fix.kind === 'suggestion') return 'suggestion';
  return fix.edits.some((e) => e.file !== finding.file) ? 'suggestion' : 'safe';
}

/** Which fixes a front end applies on its own: safe ones (`--fix`, fix all), or suggestions too (`--fix-suggestions`). */
export type AutoFixMode = 'safe' | 'all';

/** The fix applied for a finding without asking: its preferred fix, when the mode allows its kind. */
export function autoFix(finding: Finding, mode: AutoFixMode): Fix | undefined {
  const fix = finding.fixes?.find((x) => x.preferred);
  if (!fix) return undefined;
  return mode === 'all' || effectiveKind(finding, fix) === 'safe' ? fix : undefined;
}
