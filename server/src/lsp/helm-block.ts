/**
 * The runner config inside gitlab-runner Helm values: the lines of the `runners.config: |` block scalar around a
 * position, without their indentation, so that runner completion and hover work there as in config.toml.
 */
import type { LineIndex } from '../formats/text';
import { isBlockScalar, parentsOf, readLine } from './yaml-cursor';

export interface HelmBlock {
  /** The block's lines, de-indented (index 0 = the first line after `config: |`). */
  lines: string[];
  /** The position in those lines. */
  line: number;
  character: number;
  /** Where that line is in the file, and the indentation removed from it. */
  at: { line: number; column: number };
}

/** The `runners.config` block holding `line`/`character` (at the values root or one level down), if any. */
export function helmRunnerBlock(lines: LineIndex, line: number, character: number): HelmBlock | undefined {
  // the nearest `config: |` above whose block reaches this line
  let header = -1;
  for (let l = line - 1; l >= 0; l--) {
    const t = lines.lineText(l);
    if (t.trim() === '') continue;
    const info = readLine(t);
    if (info.key === 'config' && !info.dashes.length && isBlockScalar(info.value)) { header = l; break; }
    if (info.indent === 0 && t.trim() !== '') return undefined;
  }
  if (header < 0) return undefined;
  const headerIndent = readLine(lines.lineText(header)).indent;
  const parents = parentsOf(lines, header, headerIndent, false);
  const p = parents?.path;
  if (!p || p.length < 1 || p.length > 2 || p[p.length - 1] !== 'runners') return undefined;
  let indent = -1;
  const out: string[] = [];
  for (let l = header + 1; l < lines.lineCount; l++) {
    const t = lines.lineText(l);
    if (t.trim() === '') { out.push(''); continue; }
    const i = /^ */.exec(t)![0].length;
    if (indent < 0) indent = i;
    if (i <= headerIndent || i < indent) break;
    out.push(t.slice(indent));
  }
  if (indent < 0 || line - header - 1 >= out.length) return undefined;
  if (character < indent && lines.lineText(line).trim() !== '') return undefined;
  const body = line - header - 1;
  const col = Math.max(0, character - indent);
  if (lines.lineText(line).trim() === '') out[body] = ' '.repeat(col);
  return { lines: out, line: body, character: col, at: { line, column: indent } };
}
