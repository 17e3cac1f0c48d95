import { ciRule, type ReportFix } from '../engine/rule';
import { exactCommand, mask, soleVariable } from '../model/script-words';
import { loginCommands, passwordArg, stdinLoginEdit } from '../model/registry';
import { progName } from '../model/shell';

export const rule = ciRule({
  id: 'docker-login-password-on-command-line',
  severity: 'info',
  summary: 'docker/buildah/podman login with -p/--password instead of --password-stdin',
  check(ctx) {
    const done = new Set<string>();
    for (const job of ctx.jobs) {
      for (const c of loginCommands(job, ['docker', 'buildah', 'podman'])) {
        const pw = passwordArg(c);
        if (!pw) continue;
        const file = c.line.node.file;
        const text = ctx.textOf(file);
        if (text === undefined) continue;
        const w = pw.value ?? pw.flag;
        const at = { file, start: pw.flag.start, end: Math.max(w.end, pw.flag.end) };
        if (at.end <= at.start || done.has(`${file}:${at.start}`)) continue;
        done.add(`${file}:${at.start}`);
        const tool = progName(c.words[0].text);
        const variable = soleVariable(pw.text);
        const literal = !pw.text.includes('$');
        const what = variable ? `$${variable}` : literal ? `a literal password (${mask(pw.text)})` : 'the password';
        const fixes: ReportFix[] = [];
        const edit = stdinLoginEdit(text, c, pw, exactCommand);
        if (edit) fixes.push({ title: `Pipe the password into ${tool} login --password-stdin`, preferred: true, edits: [{ file, ...edit }] });
        ctx.report({
          at, fixes,
          message: `\`${tool} login\` takes the password on the command line: it leaks into process lists. \`${tool} login\` gets ${what} on the command line: it shows in the process list (\`ps\`, /proc) of the job and its services${tool === 'docker' ? ', and docker warns `WARNING! Using --password via the CLI is insecure. Use --password-stdin.`' : ''}${literal ? '; a password written in the CI file is readable by everyone with access to the repository — move it into a masked CI/CD variable' : ''}. Pipe it in: \`echo "$CI_REGISTRY_PASSWORD" | ${tool} login -u "$CI_REGISTRY_USER" --password-stdin "$CI_REGISTRY"\`.`,
        });
      }
    }
  },
});
