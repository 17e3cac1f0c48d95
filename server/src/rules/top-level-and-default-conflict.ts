import { ciRule } from '../engine/rule';
import { YamlEditor } from '../formats/yaml-edit';
import { entry } from '../formats/yaml';

export const rule = ciRule({
  id: 'top-level-and-default-conflict',
  severity: 'error',
  summary: 'The same keyword is set at the top level and in `default:`',
  check(ctx) {
    for (const p of ctx.pipeline.problems) {
      if (p.code !== 'top-level-default-conflict') continue;
      const key = ctx.textOf(p.at.file)?.slice(p.at.start, p.at.end) ?? '';
      const e = entry(ctx.pipeline.config, key);
      const text = ctx.textOf(p.at.file);
      const fixes = e && text !== undefined && e.file === p.at.file
        ? [{ title: `Remove the top-level \`${key}\` (keep \`default:${key}\`)`, preferred: true, edits: [new YamlEditor(p.at.file, text).removeEntry(ctx.pipeline.config, e)] }]
        : undefined;
      ctx.report({ at: p.at, message: p.message, fixes });
    }
  },
});
