import type { Rule } from '../engine/rule';
import { LineIndex } from '../formats/text';

export const rule: Rule = {
  id: 'yaml-syntax-error',
  fileKinds: ['gitlab-ci', 'helm-values'],
  severity: 'error',
  summary: 'The file is not valid YAML',
  check(ctx) {
    const files = ctx.kind === 'gitlab-ci' ? [...ctx.pipeline.parsed.values()] : ctx.kind === 'helm-values' ? [ctx.yaml] : [];
    for (const y of files) {
      for (const p of y.problems) {
        if (p.code !== 'yaml-syntax-error') continue;
        let end = p.end;
        if (end <= p.start) { const li = LineIndex.of(y.text); end = li.lineEnd(li.position(p.start).line); }
        ctx.report({ at: { file: y.file, start: p.start, end }, message: p.complete ? p.message : `${p.message.replace(/[.\s]*$/, '.')} GitLab rejects a file that does not parse.` });
      }
    }
  },
};
