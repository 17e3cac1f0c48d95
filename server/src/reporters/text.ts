/**
 * Human-readable report:
 *
 * ```
 * .gitlab-ci.yml:12:18  error  DOCKER_HOST uses 2375 but dind listens on 2376 (TLS on).  [dind-tls-port-mismatch]
 *   The client fails with `Cannot connect to the Docker daemon at tcp://docker:2375`. Use 2376, or ...
 *   12 |     DOCKER_HOST: tcp://docker:2375
 *      |                  ^^^^^^^^^^^^^^^^^
 *   related: runner/config.toml:8:3  privileged is false here
 *
 * ✖ 1 problem (1 error, 0 warnings, 0 infos)
 * ```
 * The first line carries the finding's headline; its detail follows, indented, then the code frame.
 * Colour (ANSI) only when the context asks for it: the CLI does when stdout is a TTY and NO_COLOR is unset.
 */
import { detailOf, headlineOf, type Finding, type Severity } from '../engine/types';
import { autoFix } from '../engine/fix-policy';
import { countBySeverity, lineOf, oneBased, relativePath, sortFindings, type ReportContext } from './common';

/** Longest code-frame line shown; longer ones are cut around the finding. */
const MAX_FRAME_WIDTH = 160;

const ANSI = { red: 31, yellow: 33, cyan: 36, gray: 90, bold: 1, green: 32 } as const;

export function formatText(findings: readonly Finding[], ctx: ReportContext): string {
  const paint = (code: keyof typeof ANSI, s: string) => (ctx.color ? `\u001b[${ANSI[code]}m${s}\u001b[0m` : s);
  const sevColor: Record<Severity, keyof typeof ANSI> = { error: 'red', warning: 'yellow', info: 'cyan' };
  const sorted = sortFindings(findings, ctx.cwd);
  const out: string[] = [];
  const texts = new Map<string, string | undefined>();
  const textOf = (file: string) => {
    if (!texts.has(file)) {
      let t: string | undefined;
      try { t = ctx.readText?.(file); } catch { t = undefined; }
      texts.set(file, t);
    }
    return texts.get(file);
  };

  for (const f of sorted) {
    const p = oneBased(f.range);
    const where = `${relativePath(ctx.cwd, f.file)}:${p.line}:${p.column}`;
    out.push(`${where}  ${paint(sevColor[f.severity], f.severity)}  ${paint('bold', headlineOf(f))}  ${paint('gray', `[${f.ruleId}]`)}`);
    const detail = detailOf(f);
    if (detail) out.push(`  ${detail}`);
    const frame = codeFrame(textOf(f.file), f, (s) => paint(sevColor[f.severity], s), (s) => paint('gray', s));
    if (frame) out.push(frame);
    for (const r of f.related ?? []) {
      const rp = oneBased(r.range);
      out.push(`  ${paint('gray', 'related:')} ${relativePath(ctx.cwd, r.file)}:${rp.line}:${rp.column}${r.message ? `  ${r.message}` : ''}`);
    }
  }

  const c = countBySeverity(sorted);
  const total = sorted.length;
  if (total === 0) {
    const files = ctx.filesChecked;
    out.push(paint('green', `✔ no problems${files !== undefined ? ` (${files} ${files === 1 ? 'file' : 'files'} checked)` : ''}`));
    return out.join('\n') + '\n';
  }
  const summary = `✖ ${total} ${total === 1 ? 'problem' : 'problems'} (${plural(c.error, 'error')}, ${plural(c.warning, 'warning')}, ${plural(c.info, 'info')})`;
  out.push('');
  out.push(paint(c.error > 0 ? 'red' : c.warning > 0 ? 'yellow' : 'cyan', paint('bold', summary)));
  const fixable = ctx.fixable ?? sorted.filter((f) => autoFix(f, 'safe')).length;
  if (fixable > 0) out.push(`  ${fixable} ${fixable === 1 ? 'problem is' : 'problems are'} fixable with the \`--fix\` option.`);
  return out.join('\n') + '\n';
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/**
 * The finding's first line with a caret underline under its range (to the end of the line when the range spans
 * several lines; one caret for an empty range). Tabs in the line are kept in the underline's indent so the carets
 * line up whatever the tab width.
 */
export function codeFrame(text: string | undefined, f: Finding, mark: (s: string) => string = (s) => s, dim: (s: string) => string = (s) => s): string | undefined {
  let line = lineOf(text, f.range.start.line);
  if (line === undefined) return undefined;
  let start = Math.min(f.range.start.character, line.length);
  let end = f.range.end.line > f.range.start.line ? line.length : Math.min(f.range.end.character, line.length);
  if (end < start) end = start;
  // Cut very long lines around the finding.
  if (line.length > MAX_FRAME_WIDTH) {
    const from = Math.max(0, Math.min(start - 20, line.length - MAX_FRAME_WIDTH));
    const to = Math.min(line.length, from + MAX_FRAME_WIDTH);
    line = (from > 0 ? '…' : '') + line.slice(from, to) + (to < line.length ? '…' : '');
    const shift = from > 0 ? from - 1 : 0;
    start -= shift; end = Math.min(end - shift, line.length);
  }
  const num = String(f.range.start.line + 1);
  const gutter = ' '.repeat(num.length);
  const indent = line.slice(0, start).replace(/[^\t]/g, ' ');
  const carets = '^'.repeat(Math.max(1, end - start));
  return `  ${dim(`${num} |`)} ${line}\n  ${dim(`${gutter} |`)} ${indent}${mark(carets)}`;
}
