import { defineRule, type BaseContext } from '../engine/rule';
import type { ParsedYaml } from '../formats/yaml';
import { LineIndex } from '../formats/text';
import { firstSentence } from '../engine/types';

function check(ctx: BaseContext, files: Iterable<ParsedYaml>) {
  for (const y of files) {
    for (const p of y.problems) {
      if (p.code !== 'yaml-syntax-error') continue;
      let end = p.end;
      if (end <= p.start) { const li = LineIndex.of(y.text); end = li.lineEnd(li.position(p.start).line); }
      const at = { file: y.file, start: p.start, end };
      const said = p.message.replace(/[.\s]*$/, '');
      if (p.headline) ctx.report({ at, headline: p.headline, message: p.message });
      // a parser's one-sentence message: what breaks after it, in the same sentence
      else if (!p.complete && firstSentence(`${said}.`) === `${said}.` && said.length <= 72) ctx.report({ at, headline: `${said}; GitLab rejects the file.`, message: '' });
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
