/**
 * ajv errors → problems: each error located on the tree view, errors about unknown content dropped, the most
 * specific error kept per location (see index.ts), one problem per distinct complaint.
 */
import type { ErrorObject } from 'ajv';
import { otherMessage, typeMessage, unknownKeyMessage, type Options } from './messages';
import type { Span, TreeNode } from './tree';

export interface SchemaProblem {
  file: string;
  /** Offsets in the file (for Helm values: in values.yaml). */
  start: number;
  end: number;
  message: string;
  severity: 'error' | 'warning';
}

interface Located {
  err: ErrorObject;
  segs: string[];
  path: string;
  node: TreeNode | undefined;
  /** The error is about content that is not known: its path runs through (or ends at) such a node, or it is a
   * `required`/`minItems` error caused by a `!reference` left out of the data. */
  throughUnknown: boolean;
}

const COMPOSITE = new Set(['oneOf', 'anyOf', 'if', 'not', 'then', 'else', 'allOf', '$ref']);

function decodePointer(p: string): string[] {
  if (p === '') return [];
  return p.split('/').slice(1).map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

function locate(root: TreeNode, err: ErrorObject): Located {
  const segs = decodePointer(err.instancePath);
  let node: TreeNode | undefined = root;
  let throughUnknown = root.unknown;
  for (const seg of segs) {
    const next: { node: TreeNode } | undefined = node?.child(seg);
    node = next?.node;
    if (!node) break;
    if (node.unknown) throughUnknown = true;
  }
  if (node && !throughUnknown) {
    const kw = err.keyword;
    if (kw === 'required' && node.removedKeys?.has(String((err.params as { missingProperty: string }).missingProperty))) throughUnknown = true;
    if ((kw === 'minItems' || kw === 'uniqueItems' || kw === 'minProperties') && (node.lostItems || node.removedKeys)) throughUnknown = true;
  }
  return { err, segs, path: err.instancePath, node, throughUnknown };
}

function pointerOf(segs: string[]): string {
  return segs.map((s) => '/' + s.replace(/~/g, '~0').replace(/\//g, '~1')).join('');
}

export function toProblems(errors: ErrorObject[], root: TreeNode, opts: Options): SchemaProblem[] {
  const all = errors.map((e) => locate(root, e));

  // Case-insensitive key names (runner config): a key matching a known one but for case is that key.
  const caseMatched = all.filter((l) => {
    if (l.err.keyword !== 'additionalProperties' || !opts.caseInsensitiveKeys) return true;
    const key = String((l.err.params as { additionalProperty: string }).additionalProperty).toLowerCase();
    const props = Object.keys((l.err.parentSchema as { properties?: object } | undefined)?.properties ?? {});
    return !props.some((p) => p.toLowerCase() === key);
  });

  // A value complaint (`enum`, `const`) from a schema whose `type` the value does not even have is moot: the value
  // is in another form (`pull_policy: []` is no misspelt policy name, it is an empty list).
  const typeFailed = new Set<string>();
  for (const l of caseMatched) if (l.err.keyword === 'type') typeFailed.add(`${l.path}\n${parentOf(l.err.schemaPath)}`);
  const relevant = caseMatched.filter((l) => !((l.err.keyword === 'enum' || l.err.keyword === 'const') && typeFailed.has(`${l.path}\n${parentOf(l.err.schemaPath)}`)));

  // The most specific errors: a type mismatch at P is moot when a branch accepted P's type (some other error at
  // P, or anything below P); a composite failure is moot when any concrete error explains it. The errors that
  // will be dropped for running through unknown content still count here: they are why a branch failed.
  // (Sets of paths, not pairwise comparison: a file with hundreds of `!reference`s yields thousands of errors.)
  const concreteAtOrBelow = new Set<string>();
  const concreteBelow = new Set<string>();
  const nonTypeAt = new Set<string>();
  for (const l of relevant) {
    if (COMPOSITE.has(l.err.keyword)) continue;
    if (l.err.keyword !== 'type') nonTypeAt.add(l.path);
    concreteAtOrBelow.add(l.path);
    for (let i = l.segs.length - 1; i >= 0; i--) {
      const anc = pointerOf(l.segs.slice(0, i));
      if (concreteBelow.has(anc)) break; // its ancestors are in both sets already
      concreteBelow.add(anc);
      concreteAtOrBelow.add(anc);
    }
  }
  // Of a `oneOf`/`anyOf` whose branches all failed, the branch that got furthest into the value (its shallowest
  // failure lies strictly deeper than every other branch's) is the one the user meant: the other branches' errors
  // are moot (`include: - local: ci/` is a local include with a bad path, not a `project` include that lacks
  // `project` and has an unknown `local` key).
  // A branch point is a failed `oneOf`/`anyOf` (its own composite error) at an instance path; schema paths restart
  // inside a `$ref`, so a branch error belongs to the deepest failed composite of its schema prefix above it.
  // (A set of `schema prefix@instance path` keys and a walk up the error's own path: no pairwise comparison.)
  const composites = new Set(relevant.filter((l) => l.err.keyword === 'oneOf' || l.err.keyword === 'anyOf').map((l) => `${l.err.schemaPath}@${l.path}`));
  const pointsOf = new Map<Located, { key: string; branch: string; at: string }[]>();
  const branchPoints = (l: Located): { key: string; branch: string; at: string }[] => {
    let points = pointsOf.get(l);
    if (points) return points;
    points = [];
    for (const b of branchesOf(l.err.schemaPath)) {
      for (let i = l.segs.length; i >= 0; i--) {
        const at = pointerOf(l.segs.slice(0, i));
        if (composites.has(`${b.prefix}@${at}`)) { points.push({ key: `${b.prefix}@${at}`, branch: b.branch, at }); break; }
      }
    }
    pointsOf.set(l, points);
    return points;
  };
  // per branch point and branch: the depth of its shallowest failure, and whether it rejected the value's type or a
  // key the value has
  const tally = new Map<string, Map<string, { depth: number; misfit: boolean }>>();
  for (const l of relevant) {
    if (COMPOSITE.has(l.err.keyword)) continue;
    for (const b of branchPoints(l)) {
      let m = tally.get(b.key);
      if (!m) tally.set(b.key, (m = new Map()));
      const t = m.get(b.branch) ?? { depth: Infinity, misfit: false };
      const misfit = l.err.keyword === 'additionalProperties' || (l.err.keyword === 'type' && l.path === b.at);
      m.set(b.branch, { depth: Math.min(t.depth, l.segs.length), misfit: t.misfit || misfit });
    }
  }
  // The winner got strictly furthest; or, at equal depth, it is the only branch that takes the value's type and
  // knows every key the value has (`- project: a/b` lacks `file`; it is no `local` include with an unknown key).
  const winner = new Map<string, string>();
  for (const [key, m] of tally) {
    const ranked = [...m].sort((a, b) => b[1].depth - a[1].depth);
    if (ranked.length < 2) continue;
    if (ranked[0][1].depth > ranked[1][1].depth) { winner.set(key, ranked[0][0]); continue; }
    const knowing = ranked.filter(([, t]) => !t.misfit);
    if (knowing.length === 1) winner.set(key, knowing[0][0]);
  }
  const losingBranch = (l: Located): boolean =>
    branchPoints(l).some((b) => { const w = winner.get(b.key); return w !== undefined && w !== b.branch; });
  const kept = relevant.filter((l) => {
    if (l.throughUnknown || losingBranch(l)) return false;
    const kw = l.err.keyword;
    if (kw === 'type') return !nonTypeAt.has(l.path) && !concreteBelow.has(l.path);
    // `not` (GitLab's schema: `when` must not be `delayed` in the branch without `start_in`) comes paired with a
    // concrete error about the enclosing map, which says it better.
    if (kw === 'not' && l.segs.length && concreteAtOrBelow.has(pointerOf(l.segs.slice(0, -1)))) return false;
    if (COMPOSITE.has(kw)) return !concreteAtOrBelow.has(l.path);
    return true;
  });

  // Group by location; one message per distinct complaint.
  const byPath = new Map<string, Located[]>();
  for (const l of kept) {
    const g = byPath.get(l.path);
    if (g) g.push(l); else byPath.set(l.path, [l]);
  }
  const out: SchemaProblem[] = [];
  const seen = new Set<string>();
  const push = (p: SchemaProblem) => {
    const k = `${p.file}:${p.start}:${p.end}:${p.message}`;
    if (!seen.has(k)) { seen.add(k); out.push(p); }
  };
  for (const group of byPath.values()) {
    const { node, segs } = group[0];
    const target = node ?? root;
    const unknownKeys = group.filter((l) => l.err.keyword === 'additionalProperties');
    if (unknownKeys.length) {
      for (const l of unknownKeys) {
        const key = String((l.err.params as { additionalProperty: string }).additionalProperty);
        const span = target.keySpan(key) ?? target.mark;
        push({ file: target.file, ...span, message: declaredMessage(l.err) ?? unknownKeyMessage(key, segs, l.err, opts), severity: severityOf(l.err, opts) });
      }
      continue;
    }
    const types = group.filter((l) => l.err.keyword === 'type');
    if (types.length) {
      const declared = types.map((t) => declaredMessage(t.err)).find((m) => m !== undefined);
      push({ file: target.file, ...markOf(target), message: declared ?? typeMessage(segs, types.map((t) => t.err), target, opts), severity: worst(types.map((t) => severityOf(t.err, opts))) });
    }
    for (const l of group) {
      if (l.err.keyword === 'type') continue;
      push({ file: target.file, ...markOf(target), message: declaredMessage(l.err) ?? otherMessage(segs, l.err, target, opts), severity: severityOf(l.err, opts) });
    }
  }
  return out.sort((a, b) => a.start - b.start || a.end - b.end);
}

function markOf(n: TreeNode): Span { return n.mark; }

function worst(s: ('error' | 'warning')[]): 'error' | 'warning' { return s.includes('error') ? 'error' : 'warning'; }

/**
 * A schema may lower its findings to warnings (`x-severity`): ours for settings GitLab Runner accepts and ignores,
 * the CI schema's patches for constraints GitLab may accept (see patches.ts).
 */
function severityOf(err: ErrorObject, opts: Options): 'error' | 'warning' {
  const declared = (err.parentSchema as { 'x-severity'?: string } | undefined)?.['x-severity'];
  if (declared === 'warning' || declared === 'error') return declared;
  if (opts.kind === 'ci') return 'error';
  // GitLab Runner ignores keys it does not know; a wrong type or value stops it from loading the config.
  return err.keyword === 'additionalProperties' ? 'warning' : 'error';
}

/** The message a schema declares for its own findings (`x-message`), which says it better than a generic one. */
function declaredMessage(err: ErrorObject): string | undefined {
  const m = (err.parentSchema as { 'x-message'?: unknown } | undefined)?.['x-message'];
  return typeof m === 'string' ? m : undefined;
}

/** Every `oneOf`/`anyOf` branch a schema path runs through: the path up to the keyword, and the branch index. */
function branchesOf(schemaPath: string): { prefix: string; branch: string }[] {
  const out: { prefix: string; branch: string }[] = [];
  const re = /\/(?:oneOf|anyOf)\/(\d+)(?=\/)/g;
  for (let m = re.exec(schemaPath); m; m = re.exec(schemaPath)) out.push({ prefix: schemaPath.slice(0, m.index) + m[0].slice(0, m[0].lastIndexOf('/')), branch: m[1] });
  return out;
}

/** The schema an error comes from: its schema path without the keyword. */
function parentOf(schemaPath: string): string {
  return schemaPath.slice(0, schemaPath.lastIndexOf('/'));
}
