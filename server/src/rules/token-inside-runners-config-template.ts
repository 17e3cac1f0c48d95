import { runnerRule, type RunnerConfigContext } from '../engine/rule';
import { removeLine, tentry, tstr } from '../formats/toml';
import { entrySpan, isKnown } from '../model/dind-runner';

function check(ctx: RunnerConfigContext): void {
  if (!ctx.config.helm) return;
  for (const r of ctx.config.runners) {
    const e = tentry(r.table, 'token');
    const token = tstr(e?.value);
    if (!e || !isKnown(token) || token.trim() === '' || e.keyEnd <= 0) continue;
    ctx.report({
      at: entrySpan(r.doc, e),
      message: 'A token in the runners.config template is cleared at registration: it has no effect. The chart registers the runner with this config as a template (gitlab-runner register --template-config), and registration clears the template\'s token: the value here is never used, but it is stored in plain text in the chart\'s ConfigMap. Remove the line and give the token through runnerToken or the runners.secret Secret.',
      fixes: [{ kind: 'safe', title: 'Remove the token line from runners.config', preferred: true, edits: [removeLine(r.doc, e.start)] }],
    });
  }
}

export const rule = runnerRule({
  id: 'token-inside-runners-config-template',
  severity: 'warning',
  summary: 'A token written inside Helm runners.config is ignored and sits in plain text in a ConfigMap',
  check,
});
