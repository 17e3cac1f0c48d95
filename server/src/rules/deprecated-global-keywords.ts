import { ciRule, type CiContext, type ReportFix } from '../engine/rule';
import type { SpanEdit } from '../engine/types';
import { YamlEditor } from '../formats/yaml-edit';
import { entry, get, type ParsedYaml, type YEntry, type YMap } from '../formats/yaml';
import { GLOBAL_KEYWORDS, TOP_LEVEL_DEFAULTS, keySpan } from '../model/pipeline';

/** Anchors, aliases and merge keys tie text to its place in the file: such entries are not moved. */
const POSITIONAL = /(^|[\s[{,:-])[&*][\w.-]|<<\s*:/;

/** One fix per file: move every deprecated top-level keyword of the file into `default:`. */
function moveIntoDefault(parsed: ParsedYaml, root: YMap, moved: YEntry[]): ReportFix | undefined {
  const ed = new YamlEditor(parsed.file, parsed.text);
  const eol = parsed.text.includes('\r\n') ? '\r\n' : '\n';
  const parts = moved.map((e) => {
    const span = ed.removeEntry(root, e);
    let text = parsed.text.slice(span.start, span.end);
    if (!text.endsWith('\n')) text += eol;
    return { e, span, text };
  });
  if (parts.some((p) => POSITIONAL.test(p.text) || ed.column(p.e.keyStart) !== 0)) return undefined;
  const indent = (text: string, pad: string) => text.split(/(?<=\n)/).map((l) => (l.trim() === '' ? l : pad + l)).join('');
  const dflt = entry(root, 'default');
  const edits: SpanEdit[] = [];
  if (!dflt) {
    const pad = ' '.repeat(ed.step);
    const body = parts.map((p) => indent(p.text, pad)).join('');
    edits.push({ ...parts[0].span, newText: `default:${eol}${body}` });
    for (const p of parts.slice(1)) edits.push({ ...p.span, newText: '' });
  } else {
    const map = dflt.value;
    if (dflt.file !== parsed.file || map.kind !== 'map' || map.flow || map.entries.size === 0) return undefined;
    const own = [...map.entries.values()].filter((x) => x.file === parsed.file);
    if (own.length !== map.entries.size) return undefined;
    const last = own.sort((a, b) => b.keyStart - a.keyStart)[0];
    const at = ed.removeEntry(map, last).end;
    if (parts.some((p) => p.span.start < at && p.span.end > at)) return undefined;
    const lead = at > 0 && parsed.text[at - 1] !== '\n' ? eol : '';
    const pad = ' '.repeat(ed.column(last.keyStart));
    edits.push({ file: parsed.file, start: at, end: at, newText: lead + parts.map((p) => indent(p.text, pad)).join('') });
    for (const p of parts) edits.push({ ...p.span, newText: '' });
  }
  return { kind: 'safe', title: `Move top-level ${moved.map((e) => e.key).join(', ')} into default:`, preferred: true, edits };
}

function check(ctx: CiContext): void {
  const p = ctx.pipeline;
  const mergedDefault = get(p.config, 'default');
  for (const [file, parsed] of p.parsed) {
    const root = parsed.root;
    if (root?.kind !== 'map') continue;
    const own = (e: YEntry | undefined): e is YEntry => !!e && e.file === file;
    // keywords that are also in default: are a configuration error (top-level-and-default-conflict)
    const moved = TOP_LEVEL_DEFAULTS.map((k) => entry(root, k)).filter(own).filter((e) => !entry(mergedDefault, e.key));
    const fix = moved.length && !root.flow ? moveIntoDefault(parsed, root, moved) : undefined;
    for (const e of moved) {
      ctx.report({
        at: keySpan(e),
        message: `Top-level \`${e.key}:\` is deprecated: a future GitLab major release may reject it. A top-level \`${e.key}:\` is deprecated (GitLab may remove it in a future major release); it works as a default for every job. Write it under \`default:\` instead — same effect, including for \`inherit: default:\`.`,
        fixes: fix ? [fix] : [],
      });
    }
    for (const job of root.entries.values()) {
      if (job.file !== file || GLOBAL_KEYWORDS.has(job.key) || job.value.kind !== 'map') continue;
      for (const k of ['only', 'except']) {
        const e = entry(job.value, k);
        if (!own(e)) continue;
        ctx.report({
          at: keySpan(e),
          message: `\`${k}:\` is deprecated and gets no new features: use \`rules:\` to decide when jobs run. \`${k}:\` is deprecated and no longer developed; GitLab recommends \`rules:\` to decide when a job runs (e.g. \`rules: [{ if: '$CI_COMMIT_BRANCH == "main"' }]\`). \`only\`/\`except\` cannot be mixed with \`rules\` in one job.`,
        });
      }
    }
  }
}

export const rule = ciRule({
  id: 'deprecated-global-keywords',
  severity: 'info',
  summary: 'Deprecated keywords: top-level image/services/cache/before_script/after_script, only/except',
  check,
});
