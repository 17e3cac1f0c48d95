import { ciRule, type ReportFix } from '../engine/rule';
import type { SpanEdit } from '../engine/types';
import { YamlEditor } from '../formats/yaml-edit';
import { commandsOf, flagUses, isRootlessBuildkitImage, varHas, wordSpanOf } from '../model/buildkit';
import { isBuildkitImage } from '../model/docker';
import { dindServices } from '../model/facts';
import { jobCommands } from '../model/pipeline';
import { dockerVolumes, k8sVolumes, runnerServices } from '../model/runner';
import { parseImageRef } from '../model/docker';
import { progName } from '../model/shell';
import { addJobService, addJobVariables } from '../edits/job';
import { mergeSameOffset } from '../edits/merge';

const SERVICE = { name: 'moby/buildkit:latest', alias: 'buildkitd', command: ['--addr', 'tcp://0.0.0.0:1234'] };

export const rule = ciRule({
  id: 'buildctl-without-daemon',
  severity: 'error',
  summary: '`buildctl build` with no buildkitd to talk to',
  check(ctx) {
    const view = ctx.runners;
    // a runner-level buildkitd service, or a socket/volume at /run/buildkit, may provide the daemon
    if (view.runners.some((r) => runnerServices(r).some((s) => s.name.includes('$') || isBuildkitImage(parseImageRef(s.name)))
      || dockerVolumes(r).some((v) => /buildkit/.test(v.raw)) || k8sVolumes(r).some((v) => /buildkit/.test(`${v.mountPath ?? ''} ${v.hostPath ?? ''}`)))) return;
    for (const job of ctx.jobs) {
      if (job.partial) continue;
      const img = job.image;
      if (img && (isRootlessBuildkitImage(img.ref) || img.ref.name.includes('$'))) continue;
      if (job.services.some((s) => isBuildkitImage(s.ref) || s.ref.name.includes('$'))) continue;
      if (varHas(job, view, 'BUILDKIT_HOST', /./).state !== 'no') continue;
      // the script starts a daemon itself
      if (jobCommands(job).some((c) => /^(buildkitd|rootlesskit|buildctl-daemonless\.sh)$/.test(progName(c.words[0]?.text)) || c.words.some((w) => progName(w.text) === 'buildkitd'))) continue;
      for (const c of commandsOf(job, 'buildctl')) {
        const sub = c.words.findIndex((w, i) => i > 0 && !w.text.startsWith('-') && !c.words[i - 1].text.match(/^--(addr|tlscacert|tlscert|tlskey|tlsdir|tlsservername|timeout|wait)$/));
        if (sub < 0 || c.words[sub].text !== 'build') continue;
        if (flagUses(c, ['--addr'], 1).length) continue;
        const word = c.words[0];
        const buildkitImage = img !== undefined && isBuildkitImage(img.ref);
        // Whether GitLab's "Native BuildKit" example (moby/buildkit root image, whose entrypoint is buildkitd) works
        // as documented is not confirmed by a public source: stay cautious there, and without runner facts.
        const cautious = buildkitImage || dindServices(job).length > 0 || view.runners.length === 0;
        const fixes: ReportFix[] = [];
        const file = c.line.node.file;
        const text = ctx.textOf(file);
        if (text !== undefined) {
          if (buildkitImage) fixes.push({ title: 'Use buildctl-daemonless.sh (starts an ephemeral buildkitd)', preferred: true, edits: [{ ...wordSpanOf(c, word), newText: 'buildctl-daemonless.sh' }] });
          const jt = ctx.textOf(job.entry.file);
          if (jt !== undefined) {
            const ed = new YamlEditor(job.entry.file, jt);
            const svc = addJobService(ed, job, SERVICE);
            const vars = addJobVariables(ed, job, [['BUILDKIT_HOST', 'tcp://buildkitd:1234']]);
            if (svc && vars) fixes.push({ title: 'Add a buildkitd service and BUILDKIT_HOST: tcp://buildkitd:1234', preferred: !buildkitImage, kind: 'suggestion', edits: mergeSameOffset([svc, ...vars] as SpanEdit[]) });
          }
        }
        const dind = dindServices(job).length > 0 ? ' A docker:dind service is not a buildkitd endpoint.' : '';
        ctx.report({
          at: wordSpanOf(c, word), fixes, severity: cautious ? 'warning' : 'error',
          message: `\`buildctl\` finds no buildkitd (no --addr, BUILDKIT_HOST or service): the build ${cautious ? 'likely ' : ''}fails. \`buildctl\` is only a client and nothing in this job starts buildkitd (no \`--addr\`, no BUILDKIT_HOST, no buildkitd service${buildkitImage ? ', and the job runs a script instead of the image\'s buildkitd entrypoint' : ''}), so it ${cautious ? 'most likely ' : ''}fails to connect to the default \`unix:///run/buildkit/buildkitd.sock\`.${dind} Use \`buildctl-daemonless.sh build …\`, or add a buildkitd service and set BUILDKIT_HOST: tcp://buildkitd:1234.`,
        });
      }
    }
  },
});
