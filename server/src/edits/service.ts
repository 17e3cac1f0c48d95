/**
 * Style-keeping edits of a service entry of a job (`- docker:dind` or `- name: …`): the long form with one more key,
 * `alias:`, daemon flags in `command:`, and `variables:` on the service.
 */
import type { SpanEdit } from '../engine/types';
import { entry, get, type YMap, type YSeq, type YValue } from '../formats/yaml';
import { charBefore, type YamlEditor } from '../formats/yaml-edit';
import type { CmdItem } from '../model/dind-command';
import type { Service } from '../model/pipeline';
import { insertFlowValueEntry } from './job';
import { removeSeqItemEdit } from './script';

/** Whether a seq item is written inside a flow sequence (`[a, b]`). */
export function inFlow(text: string, node: YValue): boolean {
  const before = charBefore(text, node.start, true);
  return before === '[' || before === ',';
}

/**
 * Rewrites a string service item to the long form with one more key, in the item's own style:
 * `- docker:dind` → `- name: docker:dind` + `key<blockValue>` on the next line (block), or
 * `{ name: docker:dind, key: <flowValue> }` (flow). The name keeps its source text (quoting).
 * `blockValue` is what follows the key: `": docker"`, or `":"` plus indented lines.
 */
export function serviceLongForm(ed: YamlEditor, node: YValue, key: string, flowValue: string, blockValue: string): SpanEdit {
  const src = ed.text.slice(node.start, node.end);
  if (inFlow(ed.text, node)) return { file: ed.file, start: node.start, end: node.end, newText: `{ name: ${src}, ${key}: ${flowValue} }` };
  return { file: ed.file, start: node.start, end: node.end, newText: `name: ${src}${ed.eol}${' '.repeat(ed.column(node.start))}${key}${blockValue}` };
}

/**
 * Rewrites a service list item to the long form with an alias (`- docker:dind` → `- name: docker:dind` /
 * `alias: docker`), or adds/sets `alias:` in a long-form item. The name keeps its source text (quoting).
 */
export function setServiceAlias(ed: YamlEditor, svc: Service, alias: string): SpanEdit | undefined {
  const node = svc.node;
  if (node.file !== ed.file || !svc.nameNode || svc.nameNode.file !== ed.file) return undefined;
  const aliasText = ed.scalar(alias);
  if (node.kind === 'scalar') return serviceLongForm(ed, node, 'alias', aliasText, `: ${aliasText}`);
  if (node.kind !== 'map') return undefined;
  const a = entry(node, 'alias');
  if (a) {
    if (a.value.kind !== 'scalar' || a.file !== ed.file) return undefined;
    return a.value.value === null ? { file: ed.file, start: a.keyEnd, end: Math.max(a.keyEnd, a.value.end), newText: `: ${aliasText}` } : ed.replaceScalar(a.value, alias);
  }
  const n = entry(node, 'name');
  if (!n || n.file !== ed.file) return undefined;
  return ed.insertSibling(n, 'alias', alias);
}

/** The `command:` entry of a long-form service item written in the editor's file. */
function commandEntry(ed: YamlEditor, svc: Service) {
  if (svc.node.kind !== 'map' || svc.node.file !== ed.file) return undefined;
  const e = entry(svc.node, 'command');
  return e && e.file === ed.file ? { map: svc.node, e } : undefined;
}

/** Removes items from a service's `command:` (the whole key when none is left). */
export function removeCommandItems(ed: YamlEditor, svc: Service, remove: CmdItem[]): SpanEdit[] | undefined {
  const ce = commandEntry(ed, svc);
  if (!ce || ce.e.value.kind !== 'seq') return undefined;
  const seq: YSeq = ce.e.value;
  const gone = new Set(remove.map((r) => r.node as YValue));
  if (![...gone].every((n) => seq.items.includes(n))) return undefined;
  const kept = seq.items.filter((i) => !gone.has(i));
  if (!kept.length) return [ed.removeEntry(ce.map, ce.e)];
  if (seq.flow) return [{ file: ed.file, start: seq.start, end: seq.end, newText: `[${kept.map((k) => ed.text.slice(k.start, k.end)).join(', ')}]` }];
  const edits: SpanEdit[] = [];
  for (const n of gone) { const e = removeSeqItemEdit(ed, seq, n); if (!e) return undefined; edits.push(e); }
  return edits;
}

/**
 * Adds a daemon flag to a dind service: the long form with `command: ["<flag>"]` for a string item, or an item
 * appended to an existing flag list (in its quoting). Undefined when the entry cannot be edited safely.
 */
export function addCommandFlag(ed: YamlEditor, svc: Service, flag: string): SpanEdit | undefined {
  const node = svc.node;
  if (node.file !== ed.file) return undefined;
  const lit = JSON.stringify(flag);
  if (node.kind === 'scalar') return serviceLongForm(ed, node, 'command', `[${lit}]`, `: [${lit}]`);
  if (node.kind !== 'map') return undefined;
  const cmd = node.entries.get('command');
  if (!cmd) return insertFlowValueEntry(ed, node, 'command', `[${lit}]`);
  if (cmd.file !== ed.file || cmd.value.kind !== 'seq' || !cmd.value.items.length) return undefined;
  const seq = cmd.value;
  const last = seq.items[seq.items.length - 1];
  const q = ed.text[last.start];
  const item = q === '"' ? lit : q === "'" ? `'${flag}'` : flag;
  const edit = ed.appendItem(seq, flag);
  return { ...edit, newText: edit.newText.slice(0, edit.newText.length - ed.scalar(flag).length) + item };
}

/** Adds (or sets) `variables: { KEY: "value" }` on a service entry, turning a string item into the long form. */
export function setServiceVariable(ed: YamlEditor, svc: Service, key: string, value: string): SpanEdit | undefined {
  const node = svc.node;
  if (node.file !== ed.file) return undefined;
  const v = ed.scalar(value);
  if (node.kind === 'scalar') {
    const pad = ' '.repeat(ed.column(node.start) + ed.step);
    return serviceLongForm(ed, node, 'variables', `{ ${key}: ${v} }`, `:${ed.eol}${pad}${key}: ${v}`);
  }
  if (node.kind !== 'map') return undefined;
  const ve = entry(node, 'variables');
  if (ve) {
    const vars = ve.value;
    if (ve.file !== ed.file || vars.kind !== 'map') return undefined;
    const cur = vars.entries.get(key);
    if (cur) {
      const vn = cur.value.kind === 'map' ? get(cur.value, 'value') : cur.value;
      return cur.file === ed.file && vn?.kind === 'scalar' && vn.value !== null ? ed.replaceScalar(vn, value) : undefined;
    }
    if (!vars.flow && vars.entries.size === 0) return undefined;
    return ed.insertEntry(vars, key, value);
  }
  if (node.flow) return insertFlowValueEntry(ed, node as YMap, 'variables', `{ ${key}: ${v} }`);
  return ed.insertEntry(node, 'variables', { [key]: value });
}
