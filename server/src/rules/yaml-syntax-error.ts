import { defineRule, type BaseContext } from '../engine/rule';
import type { ParsedYaml } from '../formats/yaml';
import { LineIndex } from '../formats/text';

function check(ctx: BaseContext, files: Iterable<ParsedYaml>) {
  for (const y of files) {
    for (const p of y.problems) {
      if (p.code !== 'yaml-syntax-error') continue;
      let end = p.end;
      if (end <= p.start) { const li = LineIndex.of(y.text); end = li.lineEnd(li.position(p.start).line); }
      const at = { file: y.file, start: p.start, end };
      if (p.headline) ctx.report({ at, headline: p.headline, message: p.message });
      else ctx.report({ at, message: p.complete ? p.message : `${p.message.replace(/[.\s]*$/, '.')} GitLab rejects a file that does not parse.` });
    }
  }
}

export const rule = defineRule({
  id: 'yaml-syntax-error',
  severity: 'error',
  summary: 'The file is not valid YAML',
  ci: (ctx) => check(ctx, ctx.pipeline.parsed.values()),
  helm: (ctx) => check(ctx, [ctx.yaml]),
});
