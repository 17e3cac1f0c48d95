import { ciRule } from '../engine/rule';
import { isKanikoExecutorWord, wordSpan } from '../model/images';
import { jobCommands } from '../model/pipeline';

export const rule = ciRule({
  id: 'kaniko-multiple-builds-without-cleanup',
  severity: 'info',
  summary: 'Several kaniko builds in one job without --cleanup',
  check(ctx) {
    for (const job of ctx.jobs) {
      const runs = jobCommands(job).filter((c) => isKanikoExecutorWord(c.words[0]?.text));
      if (runs.length < 2) continue;
      for (const c of runs.slice(0, -1)) {
        if (c.words.some((w) => w.text === '--cleanup' || w.text.startsWith('--cleanup='))) continue;
        const text = ctx.textOf(c.line.node.file);
        if (text === undefined) continue;
        const w = c.words[0];
        const at = wordSpan(text, c.line, w.start, w.end, w.text);
        if (!at) continue;
        ctx.report({
          at,
          message: `kaniko runs ${runs.length} times without --cleanup: files of one image leak into the next. This job runs kaniko ${runs.length} times; without --cleanup the next build starts from this build's extracted filesystem (files of one image leak into the next). Add --cleanup (credentials in /kaniko/.docker survive it).`,
          fixes: [{ title: 'Add --cleanup', preferred: true, edits: [{ file: at.file, start: at.end, end: at.end, newText: ' --cleanup' }] }],
        });
      }
    }
  },
});
