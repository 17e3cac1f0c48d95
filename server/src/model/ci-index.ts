/**
 * What a CI file names and defines, with places: job and template definitions (top-level keys), stage definitions
 * (`stages:` items), and the places that name a job (`extends:`, `needs:`, `dependencies:`, `!reference [job, …]`)
 * or a stage (`stage:`). Read from one file's own tree (no include, no merge), memoised per parse; navigation and
 * the outline use it.
 */
import type { ParsedYaml, YEntry, YMap, YValue } from '../formats/yaml';
import { get, items } from '../formats/yaml';
import { GLOBAL_KEYWORDS } from './pipeline';

export interface NameUse {
  kind: 'job' | 'ref-key' | 'stage';
  /** The job (or stage) named; for `ref-key`, the key. */
  name: string;
  start: number;
  end: number;
  /** `!reference` uses: the whole path and which element this is. */
  ref?: { path: string[]; index: number };
  /** The keyword that names it (`extends`, `needs`, `dependencies`, `!reference`, `stage`). */
  via: 'extends' | 'needs' | 'dependencies' | '!reference' | 'stage';
}

export interface CiFileIndex {
  file: string;
  /** Top-level keys that are jobs or hidden templates, in file order. */
  jobs: YEntry[];
  /** `stages:` items. */
  stages: { name: string; start: number; end: number }[];
  uses: NameUse[];
}

const memo = new WeakMap<ParsedYaml, CiFileIndex>();

/** A top-level key that is a job or a hidden template (anything but GitLab's global keywords). */
export function isJobKey(key: string, value: YValue): boolean {
  if (GLOBAL_KEYWORDS.has(key)) return false;
  return key.startsWith('.') || value.kind === 'map';
}

export function ciFileIndex(p: ParsedYaml): CiFileIndex {
  const hit = memo.get(p);
  if (hit) return hit;
  const out: CiFileIndex = { file: p.file, jobs: [], stages: [], uses: [] };
  const seen = new Set<number>();
  const use = (u: NameUse) => {
    if (u.name === '' || seen.has(u.start) || u.start >= u.end) return;
    seen.add(u.start);
    out.uses.push(u);
  };
  const root = p.root;
  if (root?.kind === 'map') {
    for (const [key, e] of root.entries) {
      if (e.file !== p.file) continue;
      if (key === 'stages') {
        for (const it of items(e.value)) if (it.kind === 'scalar' && it.value !== null && it.file === p.file) out.stages.push({ name: it.text, start: it.start, end: it.end });
        continue;
      }
      if (!isJobKey(key, e.value)) continue;
      out.jobs.push(e);
      if (e.value.kind === 'map') jobUses(e.value, use);
    }
    walkRefs(root, use);
  }
  out.uses.sort((a, b) => a.start - b.start);
  memo.set(p, out);
  return out;
}

function scalarUse(v: YValue | undefined, kind: NameUse['kind'], via: NameUse['via'], use: (u: NameUse) => void) {
  if (v?.kind === 'scalar' && v.value !== null && typeof v.value !== 'object') use({ kind, name: v.text, start: v.start, end: v.end, via });
}

/** `extends`, `needs` (also in `rules:`), `dependencies` and `stage` of a job. */
function jobUses(job: YMap, use: (u: NameUse) => void) {
  for (const v of items(get(job, 'extends'))) scalarUse(v, 'job', 'extends', use);
  needsUses(get(job, 'needs'), use);
  for (const r of items(get(job, 'rules'))) needsUses(get(r, 'needs'), use);
  const deps = get(job, 'dependencies');
  if (deps?.kind === 'seq') for (const v of deps.items) scalarUse(v, 'job', 'dependencies', use);
  scalarUse(get(job, 'stage'), 'stage', 'stage', use);
}

function needsUses(needs: YValue | undefined, use: (u: NameUse) => void) {
  if (needs?.kind !== 'seq') return;
  for (const it of needs.items) {
    if (it.kind === 'scalar') scalarUse(it, 'job', 'needs', use);
    // `needs: - pipeline:` / `- project:` name a job of another pipeline or project: not ours to follow
    else if (it.kind === 'map' && !it.entries.has('project') && !it.entries.has('pipeline')) scalarUse(get(it, 'job'), 'job', 'needs', use);
  }
}

/** Every `!reference` of the file (shared nodes visited once, explicit stack). */
function walkRefs(root: YValue, use: (u: NameUse) => void) {
  const visited = new Set<YValue>();
  const stack: YValue[] = [root];
  while (stack.length) {
    const v = stack.pop()!;
    if (visited.has(v)) continue;
    visited.add(v);
    if (v.kind === 'ref') {
      v.path.forEach((name, index) => {
        const span = v.pathSpans[index];
        if (span) use({ kind: index === 0 ? 'job' : 'ref-key', name, start: span.start, end: span.end, ref: { path: v.path, index }, via: '!reference' });
      });
    } else if (v.kind === 'seq') stack.push(...v.items);
    else if (v.kind === 'map') for (const e of v.entries.values()) stack.push(e.value);
  }
}

/** The use written at an offset (inclusive of its end, as an editor cursor sits after the last character). */
export function useAt(index: CiFileIndex, offset: number): NameUse | undefined {
  return index.uses.find((u) => u.start <= offset && offset <= u.end);
}
