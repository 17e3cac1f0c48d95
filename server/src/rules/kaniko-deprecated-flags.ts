import { ciRule } from '../engine/rule';
import { isKanikoExecutorWord, wordSpan } from '../model/images';
import { jobCommands } from '../model/pipeline';

const RENAMED: Record<string, string> = { '--snapshotMode': '--snapshot-mode', '--customPlatform': '--custom-platform', '--tarPath': '--tar-path' };

export const rule = ciRule({
  id: 'kaniko-deprecated-flags',
  severity: 'info',
  summary: 'Deprecated camelCase kaniko flags',
  check(ctx) {
    for (const job of ctx.jobs) {
      for (const c of jobCommands(job)) {
        if (!isKanikoExecutorWord(c.words[0]?.text)) continue;
        const text = ctx.textOf(c.line.node.file);
        if (text === undefined) continue;
        for (const w of c.words.slice(1)) {
          const m = /^(--snapshotMode|--customPlatform|--tarPath)(=|$)/.exec(w.text);
          if (!m) continue;
          const at = wordSpan(text, c.line, w.start, w.end, m[1]);
          if (!at) continue;
          const to = RENAMED[m[1]];
          ctx.report({
            at,
            message: `kaniko flag ${m[1]} is deprecated: use ${to}. Deprecated kaniko flag ${m[1]} ("This flag is deprecated. Please use '${to}'."): use ${to}.`,
            fixes: [{ title: `Rename to ${to}`, preferred: true, edits: [{ ...at, newText: to }] }],
          });
        }
      }
    }
  },
});
