import { ciRule, type ReportFix, clip } from '../engine/rule';
import type { SpanEdit } from '../engine/types';
import { commandsOf, flagUses } from '../model/buildkit';
import { wordSpan } from '../model/images';

const FILE_NAME = /(^|\/)(Dockerfile|Containerfile|[^/]*\.(Dockerfile|dockerfile|Containerfile|containerfile))$/;

export const rule = ciRule({
  id: 'buildkit-local-dockerfile-is-file',
  severity: 'error',
  summary: '`buildctl build --local dockerfile=` points at a file instead of a directory',
  check(ctx) {
    for (const job of ctx.jobs) {
      for (const c of commandsOf(job, 'buildctl', 'buildctl-daemonless.sh')) {
        const sub = c.words.findIndex((w, i) => i > 0 && w.text === 'build');
        if (sub < 0) continue;
        for (const u of flagUses(c, ['--local'], sub + 1)) {
          const m = /^dockerfile=(.+)$/.exec(u.value ?? '');
          if (!m || !u.valueWord) continue;
          const path = m[1];
          if (!FILE_NAME.test(path)) continue;
          const text = ctx.textOf(c.line.node.file);
          if (text === undefined) continue;
          const at = wordSpan(text, c.line, u.valueWord.start, u.valueWord.end, path);
          if (!at) continue;
          const slash = path.lastIndexOf('/');
          const dir = slash < 0 ? '.' : slash === 0 ? '/' : path.slice(0, slash);
          const base = path.slice(slash + 1);
          const edits: SpanEdit[] = [{ ...at, newText: dir }];
          let title = `Use the directory: --local dockerfile=${dir}`;
          if (base !== 'Dockerfile') {
            let end = at.end;
            if (text[end] === '"' || text[end] === "'") end++;
            edits.push({ file: at.file, start: end, end, newText: ` --opt filename=${base}` });
            title += ` --opt filename=${base}`;
          }
          const fixes: ReportFix[] = [{ title, preferred: true, edits }];
          ctx.report({
            at, fixes,
            message: `\`--local dockerfile=${clip(path, 40)}\` names a file, not a directory: buildctl fails. \`--local dockerfile=\` takes the directory that holds the Dockerfile, not the file: buildctl fails with \`invalid local: stat ${path}: not a directory\`. Use \`--local dockerfile=${dir}\`${base !== 'Dockerfile' ? ` and \`--opt filename=${base}\` for the file name` : ''}.`,
          });
        }
      }
    }
  },
});
