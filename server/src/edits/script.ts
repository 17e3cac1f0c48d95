/**
 * Style-keeping edits of script sections and lists: removing a script item, a word of a command or a sequence item;
 * text for a scalar's quoting style; a line run before a command.
 */
import type { SpanEdit } from '../engine/types';
import type { YSeq, YValue } from '../formats/yaml';
import type { YamlEditor } from '../formats/yaml-edit';
import type { JobCommand, ScriptLine } from '../model/pipeline';

/**
 * Removes a whole script item (`- …` in a block sequence, including a block scalar's lines) when the item is the
 * only thing on its lines; undefined otherwise (flow sequences, a scalar script, shared lines).
 */
export function removeScriptItem(ed: YamlEditor, line: ScriptLine): SpanEdit | undefined {
  return ed.removeBlockItem(line.node);
}

/** Removes a word of a script line with the white space before it. */
export function removeWordEdit(file: string, text: string, w: { start: number; end: number }): SpanEdit {
  let s = w.start;
  while (s > 0 && (text[s - 1] === ' ' || text[s - 1] === '\t')) s--;
  // a line continuation left alone on its line: `\` + newline + indentation before the word
  return { file, start: s, end: w.end, newText: '' };
}

/** Renders text to insert into a YAML scalar of the given style (double-quoted scalars need escapes). */
export function inScalar(style: string, s: string): string {
  if (style === 'double') return s.replace(/\\/g, '\\\\').replace(/"/g, '\\"');
  if (style === 'single') return s.replace(/'/g, "''");
  return s;
}

/** Removes an item of a sequence (its line in a block sequence, `, item` in a flow one); never empties a block list. */
export function removeSeqItemEdit(ed: YamlEditor, seq: YSeq, item: YValue): SpanEdit | undefined {
  if (!seq.items.includes(item) || item.file !== ed.file) return undefined;
  if (!seq.flow && seq.items.length === 1) return undefined;
  return ed.removeItem(seq, item);
}

/**
 * Edit that runs `line` (shell text) just before a command: a new script item before a plain `- cmd` item, or a
 * line before it inside the same literal block scalar. Undefined for other layouts.
 */
export function lineBefore(text: string, cmd: JobCommand, line: string): SpanEdit | undefined {
  const file = cmd.line.node.file;
  const lineStart = text.lastIndexOf('\n', cmd.start - 1) + 1;
  const prefix = text.slice(lineStart, cmd.start);
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  if (/^\s*-\s+$/.test(prefix) && cmd.line.node.start === cmd.start && cmd.line.node.style === 'plain') {
    return { file, start: lineStart, end: lineStart, newText: `${prefix}${line}${eol}` };
  }
  if (/^\s+$/.test(prefix) && cmd.line.node.style === 'literal' && cmd.start > cmd.line.node.start) {
    return { file, start: cmd.start, end: cmd.start, newText: `${line}${eol}${prefix}` };
  }
  return undefined;
}
