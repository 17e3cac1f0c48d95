import { runnerRule } from '../engine/rule';

export const rule = runnerRule({
  id: 'toml-syntax-error',
  severity: 'error',
  summary: 'The runner config is not valid TOML',
  check(ctx) {
    const doc = ctx.config.doc;
    for (const p of doc.problems) {
      const hint = /token\s*=\s*[A-Z_]+\s*$/m.test(doc.fileText.slice(doc.lines.lineStarts[doc.lines.position(p.start).line], doc.lines.lineEnd(doc.lines.position(p.start).line)))
        ? ' Strings must be quoted: `token = "glrt-…"`.' : '';
      if (p.complete) { ctx.report({ at: { file: doc.file, start: p.start, end: p.end }, headline: p.headline, message: p.message }); continue; }
      ctx.report({ at: { file: doc.file, start: p.start, end: p.end }, message: `config.toml does not parse: gitlab-runner fails to load it. config.toml does not parse (${p.message}); gitlab-runner fails with \`decoding configuration file\`.${hint}` });
    }
  },
});
