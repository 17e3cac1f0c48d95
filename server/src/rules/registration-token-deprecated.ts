import { defineRule, type HelmContext, type RunnerConfigContext } from '../engine/rule';
import { tentry, tstr } from '../formats/toml';
import { entrySpan, isKnown } from '../model/dind-runner';
import { knownText, valuesEntry } from '../model/helm-chart';
import { valueSpan } from '../model/pipeline';

/** GitLab's prefix of (legacy) runner registration tokens; runner authentication tokens start with `glrt-`. */
const REGISTRATION_PREFIX = 'GR1348941';

function checkHelm(ctx: HelmContext): void {
  const e = valuesEntry(ctx.helm, 'runnerRegistrationToken');
  const token = knownText(e?.value);
  if (!e || token === undefined) return;
  if (token.startsWith('glrt-')) {
    ctx.report({
      at: valueSpan(e.value),
      message: 'runnerRegistrationToken holds an authentication token: put it in runnerToken. runnerRegistrationToken holds a runner authentication token (glrt-…): registration goes through the legacy-compatible path, which GitLab Runner announces for removal. Put the token in runnerToken (or the runner-token key of the runners.secret Secret) and leave runnerRegistrationToken empty.',
    });
    return;
  }
  ctx.report({
    at: valueSpan(e.value),
    message: 'Registration tokens are deprecated and off by default since GitLab 17.0: registration fails. runnerRegistrationToken uses a registration token: registration tokens are deprecated since GitLab 16.0 and disabled by default since GitLab 17.0, so registration fails on instances that have not re-enabled them. Create the runner in GitLab (Settings > CI/CD > Runners), then set its glrt-… token as runnerToken (or the runner-token key of the runners.secret Secret).',
  });
}

function checkRunner(ctx: RunnerConfigContext): void {
  if (ctx.config.helm) return; // the token of a Helm template is cleared at registration (token-inside-runners-config-template)
  for (const r of ctx.config.runners) {
    const e = tentry(r.table, 'token');
    const token = tstr(e?.value);
    if (!e || !isKnown(token) || !token.startsWith(REGISTRATION_PREFIX)) continue;
    ctx.report({
      at: entrySpan(r.doc, e),
      severity: 'error',
      message: `token is a registration token, not an authentication token: GitLab answers 403. token = "${REGISTRATION_PREFIX}…" is a registration token, not a runner authentication token: the runner sends it when it asks for jobs and GitLab answers 403 Forbidden, so no job ever starts. Register the runner (gitlab-runner register with a glrt-… token created under Settings > CI/CD > Runners) and use the token it writes to config.toml.`,
    });
  }
}

export const rule = defineRule({
  id: 'registration-token-deprecated',
  severity: 'warning',
  summary: 'A runner registration token where a runner authentication token (glrt-…) belongs',
  runner: checkRunner,
  helm: checkHelm,
});
