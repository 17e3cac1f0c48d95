/**
 * Style-keeping edits of a job in a GitLab CI file: its `variables:`, its `services:` list and its `image:`. Each
 * builder returns undefined when the job is not written in the editor's file or its shape does not allow a safe edit.
 */
import { DIND_IMAGE } from '../../../common/pins';
import type { SpanEdit } from '../engine/types';
import { entry, get, type ParsedYaml, type YEntry, type YMap, type YValue } from '../formats/yaml';
import type { YamlEditor } from '../formats/yaml-edit';
import { ownMap } from '../model/daemon';
import { dockerVersion, isDockerLibraryImage } from '../model/docker';
import { effVar, jobImageIsOfficialDocker } from '../model/facts';
import type { Job, Pipeline, Variable } from '../model/pipeline';

/** The official docker image to suggest for a dind service: the job image's major (≥ 25), else the pinned one. */
export function suggestedDindImage(job: Job): string {
  const ref = job.image?.ref;
  if (ref && isDockerLibraryImage(ref) && !ref.hasVariables) {
    const v = dockerVersion(ref);
    if (v && v.major >= 25) return `docker:${v.major}-dind`;
  }
  return DIND_IMAGE;
}

/**
 * Adds variables to the job's own `variables:` map (one edit for all of them), or a new `variables:` block.
 * Keys the job already writes itself are replaced in place. Undefined when the job cannot be edited.
 */
export function addJobVariables(ed: YamlEditor, job: Job, vars: [string, string][]): SpanEdit[] | undefined {
  const map = ownMap(job);
  if (!map || map.file !== ed.file) return undefined;
  const own = get(map, 'variables');
  if (own && own.kind !== 'map') return undefined;
  if (own?.kind === 'map') {
    const edits: SpanEdit[] = [];
    const add: [string, string][] = [];
    for (const [k, v] of vars) {
      const e = own.entries.get(k);
      if (e && e.file === ed.file) {
        const vn = e.value.kind === 'map' ? get(e.value, 'value') : e.value;
        if (vn?.kind !== 'scalar') return undefined;
        edits.push(ed.replaceScalar(vn, v));
      } else add.push([k, v]);
    }
    if (add.length) {
      if (own.entries.size === 0 && !own.flow) return undefined;
      const parts = add.map(([k, v]) => ed.insertEntry(own, k, v));
      edits.push({ ...parts[0], newText: parts.map((p) => p.newText).join('') });
    }
    return edits;
  }
  return [ed.insertEntry(map, 'variables', Object.fromEntries(vars))];
}

/** Whether a job's effective services can be replaced by a job-level list without losing anything. */
export function canAddJobServices(job: Job, ed: YamlEditor): boolean {
  const map = ownMap(job);
  if (!map || map.file !== ed.file) return false;
  const own = entry(map, 'services');
  if (own) return own.value.kind === 'seq' && own.file === ed.file;
  return job.services.length === 0;
}

/** Adds a service item to the job's own `services:` list, or a new `services:` key. */
export function addJobService(ed: YamlEditor, job: Job, item: unknown): SpanEdit | undefined {
  const map = ownMap(job);
  if (!map || !canAddJobServices(job, ed)) return undefined;
  const own = entry(map, 'services');
  if (own?.value.kind === 'seq') {
    if (own.value.items.length === 0 && !own.value.flow) return undefined;
    return ed.appendItem(own.value, item);
  }
  return ed.insertEntry(map, 'services', [item]);
}

/**
 * Edits that make the job image `{ name: <newName ?? current>, entrypoint: [""] }`: a scalar `image: x` becomes a
 * block map (or a flow map when the scalar is not on an `image:` line of a block map); a map gets the
 * `entrypoint` entry (and its name replaced when asked).
 */
export function imageWithEmptyEntrypoint(ed: YamlEditor, image: NonNullable<Job['image']>, newName?: string): SpanEdit[] | undefined {
  const node = image.node;
  if (node.file !== ed.file || image.nameNode.file !== ed.file) return undefined;
  if (node.kind === 'scalar') {
    const nameText = newName !== undefined ? ed.replaceScalar(node, newName).newText : ed.text.slice(node.start, node.end);
    const line = ed.lines.position(node.start).line;
    const before = ed.text.slice(ed.lines.lineStarts[line], node.start);
    const m = /^(\s*)image:\s*$/.exec(before);
    if (m) {
      const pad = m[1] + ' '.repeat(ed.step);
      return [{ file: ed.file, start: node.start - (before.length - before.trimEnd().length), end: node.end, newText: `${ed.eol}${pad}name: ${nameText}${ed.eol}${pad}entrypoint: [""]` }];
    }
    return [{ file: ed.file, start: node.start, end: node.end, newText: `{ name: ${nameText}, entrypoint: [""] }` }];
  }
  if (node.kind !== 'map') return undefined;
  const edits: SpanEdit[] = [];
  if (newName !== undefined) edits.push(ed.replaceScalar(image.nameNode, newName));
  const ep = node.entries.get('entrypoint');
  if (ep) {
    if (ep.file !== ed.file) return undefined;
    edits.push({ file: ed.file, start: ep.value.start, end: trimEnd(ed.text, ep.value.start, ep.value.end), newText: '[""]' });
    return edits;
  }
  edits.push(insertFlowValueEntry(ed, node, 'entrypoint', '[""]'));
  return edits;
}

function trimEnd(text: string, start: number, end: number): number {
  while (end > start && /\s/.test(text[end - 1])) end--;
  return end;
}

/** Adds `key: <raw flow text>` to a map, after its last entry (block) or before `}` (flow). */
export function insertFlowValueEntry(ed: YamlEditor, map: YMap, key: string, rawValue: string): SpanEdit {
  if (map.flow) {
    let close = ed.text.lastIndexOf('}', map.end);
    if (map.entries.size) { while (close > map.start && /[ \t\r\n]/.test(ed.text[close - 1])) close--; } // right after the last entry, keeping the space before `}`
    return { file: ed.file, start: close, end: close, newText: `${map.entries.size ? ', ' : ''}${key}: ${rawValue}${!map.entries.size && needsSpace(ed.text, close) ? ' ' : ''}` };
  }
  const last = [...map.entries.values()].filter((e) => e.file === ed.file).sort((a, b) => b.keyStart - a.keyStart)[0];
  const col = ed.column(last.keyStart);
  const end = trimEnd(ed.text, last.keyEnd, Math.max(last.value.end, last.keyEnd));
  const at = ed.lines.lineEnd(ed.lines.position(end).line);
  return { file: ed.file, start: at, end: at, newText: `${ed.eol}${' '.repeat(col)}${key}: ${rawValue}` };
}

function needsSpace(text: string, close: number): boolean { return text[close - 1] === ' '; }

/** Where an entry is written: its map and, when it has one, the entry of that map in its parent map. */
export interface EntryPlace { map: YMap; parent?: { map: YMap; entry: YEntry } }

/** Finds the map of a parsed file that holds the entry written at `keyStart`. */
export function placeOf(parsed: ParsedYaml | undefined, keyStart: number): EntryPlace | undefined {
  const seen = new Set<YValue>();
  const walk = (v: YValue | undefined, parent?: { map: YMap; entry: YEntry }): EntryPlace | undefined => {
    if (!v || seen.has(v)) return undefined;
    seen.add(v);
    if (v.kind === 'map') {
      for (const e of v.entries.values()) if (e.keyStart === keyStart && e.file === parsed!.file) return { map: v, parent };
      for (const e of v.entries.values()) { const r = walk(e.value, { map: v, entry: e }); if (r) return r; }
    } else if (v.kind === 'seq') for (const i of v.items) { const r = walk(i, undefined); if (r) return r; }
    return undefined;
  };
  return walk(parsed?.root);
}

/**
 * Removes a variable where it is written: its entry, or the whole `variables:` key when it is the only entry of a
 * block map (an empty `variables:` would be null). Undefined when the place cannot be found.
 */
export function removeVariableEdit(ed: YamlEditor, pipeline: Pipeline, v: Variable): SpanEdit | undefined {
  const e = v.entry;
  if (e.file !== ed.file) return undefined;
  const place = placeOf(pipeline.parsed.get(e.file), e.keyStart);
  if (!place || place.map.entries.get(e.key)?.keyStart !== e.keyStart) return undefined;
  const own = [...place.map.entries.values()].filter((x) => x.file === ed.file);
  if (own.length === 1 && !place.map.flow && place.parent && place.parent.entry.key === 'variables' && place.parent.entry.file === ed.file) {
    return ed.removeEntry(place.parent.map, place.parent.entry);
  }
  return ed.removeEntry(place.map, e);
}

/**
 * A note for the title of a fix that moves a job's docker CLI to 23 or later while the job sets DOCKER_BUILDKIT: "1"
 * (BuildKit is the default builder from 23.0, so redundant-docker-env-vars may then report it); '' otherwise.
 */
export function buildkitDefaultNote(job: Job): string {
  const v = job.variables.get('DOCKER_BUILDKIT');
  return v?.value !== undefined && /^(1|true)$/i.test(v.value.trim()) ? ' (DOCKER_BUILDKIT: "1" may then only repeat the default: redundant-docker-env-vars)' : '';
}

/**
 * Entries inserted right after `after` (a variable's entry), in the given order, as one edit; undefined when there
 * is nothing to insert.
 */
export function insertSiblingVars(ed: YamlEditor, after: YEntry, vars: readonly (readonly [string, string])[]): SpanEdit | undefined {
  let newText = '';
  let at: number | undefined;
  for (const [k, v] of vars) {
    const e = ed.insertSibling(after, k, v);
    at = e.start; newText += e.newText;
  }
  return at === undefined ? undefined : { file: ed.file, start: at, end: at, newText };
}

/**
 * For a fix after which a job talks TLS to dind: the DOCKER_TLS_VERIFY and DOCKER_CERT_PATH entries it lacks, next
 * to its DOCKER_HOST, where no entrypoint sets them (an image other than the official docker one, or the official
 * one on an executor that is not known to be Docker: the Kubernetes executor does not run the image entrypoint).
 * Undefined when nothing is missing, or DOCKER_HOST is not written in `ed`'s file.
 */
export function tlsClientVarsEdit(ed: YamlEditor, job: Job, host: Variable, executor: string): SpanEdit | undefined {
  if (host.entry.file !== ed.file || (executor === 'docker' && jobImageIsOfficialDocker(job))) return undefined;
  const unset = (name: string) => effVar(job, name).state === 'unset';
  const certDir = effVar(job, 'DOCKER_TLS_CERTDIR').state === 'set' ? '$DOCKER_TLS_CERTDIR/client' : '/certs/client';
  return insertSiblingVars(ed, host.entry, ([['DOCKER_TLS_VERIFY', '1'], ['DOCKER_CERT_PATH', certDir]] as const).filter(([k]) => unset(k)));
}
