import { ciRule, type ReportFix } from '../engine/rule';
import type { Span } from '../engine/types';
import { exactCommand, exactWord } from '../model/script-words';
import { wordSpan } from '../model/images';
import { jobCommands } from '../model/pipeline';
import { loginCommands, passwordArg, stdinLoginEdit } from '../model/registry';
import { inScalar } from '../edits/script';

const REF = /\$\{CI_BUILD_TOKEN\}|\$CI_BUILD_TOKEN(?![A-Za-z0-9_])/;
const message = 'CI_BUILD_TOKEN was removed in GitLab 9.0: it expands to nothing, so the login fails. CI_BUILD_TOKEN no longer exists (removed with the other CI_BUILD_* variables in GitLab 9.0): it expands to an empty string, so the login fails with `unauthorized: incorrect username or password` (or `HTTP Basic: Access denied`). Use CI_JOB_TOKEN, or for the registry `echo "$CI_REGISTRY_PASSWORD" | docker login -u "$CI_REGISTRY_USER" --password-stdin "$CI_REGISTRY"`.';

export const rule = ciRule({
  id: 'deprecated-ci-build-token',
  severity: 'error',
  summary: 'Reference to the removed $CI_BUILD_TOKEN variable',
  check(ctx) {
    const done = new Set<string>();
    const report = (at: Span, fixes: ReportFix[]) => {
      const key = `${at.file}:${at.start}`;
      if (done.has(key)) return;
      done.add(key);
      ctx.report({ at, message, fixes });
    };
    for (const job of ctx.jobs) {
      if (job.variables.has('CI_BUILD_TOKEN')) continue; // defined in the YAML: a variable of the project's own
      const logins = new Set(loginCommands(job, ['docker', 'buildah', 'podman']));
      for (const c of jobCommands(job)) {
        const file = c.line.node.file;
        const text = ctx.textOf(file);
        if (text === undefined) continue;
        for (const w of [...c.assignments, ...c.words]) {
          const m = REF.exec(w.text);
          if (!m) continue;
          const at = wordSpan(text, c.line, w.start, w.end, m[0]);
          if (!at) continue;
          const fixes: ReportFix[] = [];
          const pw = logins.has(c) ? passwordArg(c) : undefined;
          if (pw && (pw.value ?? pw.flag) === w) {
            const edit = stdinLoginEdit(text, c, pw, exactCommand, '"$CI_REGISTRY_PASSWORD"');
            if (edit) fixes.push({ title: 'Log in with CI_REGISTRY_PASSWORD through --password-stdin', preferred: true, edits: [{ file, ...edit }] });
          }
          if (exactWord(text, w)) fixes.push({ title: 'Use CI_JOB_TOKEN', preferred: fixes.length === 0, edits: [{ file, start: at.start, end: at.end, newText: inScalar(c.line.node.style, m[0].replace('CI_BUILD_TOKEN', 'CI_JOB_TOKEN')) }] });
          report(at, fixes);
        }
      }
      for (const v of job.variables.values()) {
        if (v.value === undefined || v.valueNode.kind !== 'scalar') continue;
        const text = ctx.textOf(v.valueNode.file);
        const m = REF.exec(v.value);
        if (!m || text === undefined) continue;
        const src = text.slice(v.valueNode.start, v.valueNode.end);
        const i = src.indexOf(m[0]);
        if (i < 0 || src.indexOf(m[0], i + 1) >= 0) continue;
        const at = { file: v.valueNode.file, start: v.valueNode.start + i, end: v.valueNode.start + i + m[0].length };
        report(at, [{ title: 'Use CI_JOB_TOKEN', preferred: true, edits: [{ ...at, newText: m[0].replace('CI_BUILD_TOKEN', 'CI_JOB_TOKEN') }] }]);
      }
    }
  },
});
