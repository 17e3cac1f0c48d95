/**
 * JSON-schema validation of GitLab CI files (GitLab's own `ci.json`, patched at load time, see ./patches.ts) and of
 * GitLab Runner configs (our `gitlab-runner-config.schema.json`), with every ajv error mapped back to the exact
 * node it is about and rewritten in plain words.
 *
 * - The parsed trees (formats/yaml.ts, formats/toml.ts) are converted to plain JS here (not with `toJS()`). A
 *   `!reference` is left out of the data (its key or item is dropped), a Helm-templated TOML value stays in as a
 *   value that is not known; errors about either, and the `required`/`oneOf`/`anyOf` failures they cause, are
 *   dropped.
 * - Validators are compiled once, lazily, on first use, and shared by every call.
 * - ajv reports every failed branch of a `oneOf`/`anyOf`; `toProblems` (problems.ts) keeps the most specific error per
 *   location: a branch that accepted the value's type wins over branches that rejected the type, type mismatches
 *   of all branches merge into one message, and unknown keys win over the other complaints about the same map. *
 * Modules: `validators.ts` (ajv, compiled once), `to-js.ts` (parsed trees → plain data), `tree.ts` (the view of a
 * parsed tree that errors are mapped onto), `problems.ts` (ajv errors → problems), `messages.ts` (the wording),
 * `patches.ts` (the load-time patches to GitLab's schema).
 */
import type { TomlDoc } from '../formats/toml';
import type { YValue } from '../formats/yaml';
import { toProblems, type SchemaProblem } from './problems';
import { expandedSize, MAX_EXPANDED_NODES, tomlToJs, yamlToJs } from './to-js';
import { entrySpan, tomlTree, yamlTree } from './tree';
import { ci, runner, schemaErrors, schemaErrorsByEntrySteps } from './validators';

export { CI_SCHEMA_PATCHES } from './patches';
export { suggest } from './messages';
export type { SchemaProblem } from './problems';
export { ajvOptions, ciSchema, runnerSchema, schemaCompileTimes } from './validators';

/** Root maps with at least this many keys are validated one top-level entry at a time. */
export const BY_ENTRY_MIN_KEYS = 64;

/** Top-level entries validated between two steps of {@link validateCiSteps}. */
export const SCHEMA_STEP_ENTRIES = 100;

/**
 * What is known of top-level entries across analyses (parsed nodes never change, and an edit re-parses only the
 * top-level entry it touches, the others keep their nodes): the expanded size of each entry's value, and the
 * top-level keys a value was found valid under (the schema has no constraint across top-level keys, so an unchanged
 * entry stays valid). Kept for top-level values only: a memo of every node would hold a megabyte on a huge file.
 */
const entrySizes = new WeakMap<YValue, number>();
const validAs = new WeakMap<YValue, Set<string>>();


/** Validates a GitLab CI file's root node against GitLab's CI schema. */
export function validateCi(root: YValue | undefined, byEntryFrom = BY_ENTRY_MIN_KEYS): SchemaProblem[] {
  const steps = validateCiSteps(root, byEntryFrom);
  for (;;) { const r = steps.next(); if (r.done) return r.value; }
}

/**
 * {@link validateCi} as steps, for a front end that answers requests in between: a root validated one top-level entry
 * at a time yields every {@link SCHEMA_STEP_ENTRIES} entries, and before the detailed pass over the failing ones.
 */
export function* validateCiSteps(root: YValue | undefined, byEntryFrom = BY_ENTRY_MIN_KEYS): Generator<void, SchemaProblem[], void> {
  if (!root || root.kind === 'ref') return [];
  if ((yield* rootSizeSteps(root)) > MAX_EXPANDED_NODES) {
    return [{ file: root.file, start: root.start, end: root.start, severity: 'warning', message: `Schema validation skipped: through its anchors and aliases this file expands to more than ${MAX_EXPANDED_NODES.toLocaleString('en')} values (an alias bomb?). GitLab limits alias expansion too.` }];
  }
  let errors;
  if (root.kind === 'map' && root.entries.size >= byEntryFrom) {
    const unknown = function* () {
      for (const [k, e] of root.entries) if (e.value.kind !== 'ref' && !validAs.get(e.value)?.has(k)) yield [k, () => yamlToJs(e.value)] as const;
    };
    errors = yield* schemaErrorsByEntrySteps(ci, unknown(), SCHEMA_STEP_ENTRIES, (k) => {
      const v = root.entries.get(k)!.value;
      const keys = validAs.get(v);
      if (keys) keys.add(k); else validAs.set(v, new Set([k]));
    });
  } else errors = schemaErrors(ci, yamlToJs(root));
  if (!errors) return [];
  yield;
  return toProblems(errors, yamlTree(root), { kind: 'ci', caseInsensitiveKeys: false });
}

/**
 * {@link expandedSize} of a root, from the sizes of its top-level values (each computed once per node), in steps: a
 * step every {@link SCHEMA_STEP_ENTRIES} top-level entries.
 */
function* rootSizeSteps(root: YValue): Generator<void, number, void> {
  if (root.kind !== 'map') return expandedSize(root, new WeakMap());
  let n = 1, i = 0;
  for (const e of root.entries.values()) {
    if (i > 0 && i % SCHEMA_STEP_ENTRIES === 0) yield;
    i++;
    let s = entrySizes.get(e.value);
    if (s === undefined) entrySizes.set(e.value, (s = expandedSize(e.value, new WeakMap())));
    n += s;
    if (n > MAX_EXPANDED_NODES) break;
  }
  return n;
}

/** Validates a runner config (config.toml, or the TOML inside Helm `runners.config`) against our runner schema. */
export function validateRunnerConfig(doc: TomlDoc): SchemaProblem[] {
  if (!doc.root) return [];
  const errors = schemaErrors(runner, tomlToJs(doc.root));
  // GitLab Runner's TOML decoder (BurntSushi/toml) falls back to a case-insensitive match of key names.
  const problems = errors ? toProblems(errors, tomlTree(doc.root), { kind: 'runner', caseInsensitiveKeys: true }) : [];
  // The schema accepts `[runners.x]` without `[[runners]]` (documentation snippets are written that way), but
  // GitLab Runner cannot load it: `runners` must be an array of tables.
  const runners = doc.root.entries.get('runners');
  if (runners && runners.value.kind === 'table') {
    problems.unshift({ file: doc.file, ...entrySpan(runners), severity: 'warning', message: '`[runners.…]` sections without `[[runners]]`: GitLab Runner cannot load this file on its own. It expects `[[runners]]` (an array of tables) before `[runners.…]` sections. Fine for a snippet that goes inside an existing `[[runners]]` entry.' });
  }
  return problems;
}
