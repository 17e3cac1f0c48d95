import { ciRule, type ReportFix, clip } from '../engine/rule';
import type { Span } from '../engine/types';
import { YamlEditor } from '../formats/yaml-edit';
import { effVar } from '../model/facts';
import { jobIncomplete } from '../model/daemon';

const LINK = /\$\{?([A-Z][A-Z0-9_]*_PORT_(\d+)_TCP(?:_ADDR|_PORT|_PROTO)?)\b\}?/g;

export const rule = ciRule({
  id: 'legacy-link-env-vars',
  severity: 'warning',
  summary: 'Docker link variables (DOCKER_PORT_2375_TCP…) are used to find the daemon',
  check(ctx) {
    for (const job of ctx.jobs) {
      if (jobIncomplete(job, ctx.pipeline)) continue;
      const dh = effVar(job, 'DOCKER_HOST');
      if (dh.state === 'unknown') continue;
      const hostUsesLink = dh.state === 'set' && dh.value !== undefined && new RegExp(LINK.source).test(dh.value);
      if (dh.state === 'set' && !hostUsesLink) continue;
      const hits: { at: Span; name: string; port: string; fix?: ReportFix }[] = [];
      for (const line of job.scripts) {
        for (const m of line.text.matchAll(LINK)) hits.push({ at: { file: line.node.file, start: line.toFile(m.index!), end: line.toFile(m.index! + m[0].length) }, name: m[1], port: m[2] });
      }
      for (const v of job.variables.values()) {
        const vn = v.valueNode;
        const text = ctx.textOf(vn.file);
        if (v.value === undefined || text === undefined) continue;
        const src = text.slice(vn.start, vn.end);
        for (const m of src.matchAll(LINK)) {
          let fix: ReportFix | undefined;
          if (v.name === 'DOCKER_HOST' && vn.kind === 'scalar') fix = { title: `Set DOCKER_HOST to tcp://docker:${m[2]}`, preferred: true, edits: [new YamlEditor(vn.file, text).replaceScalar(vn, `tcp://docker:${m[2]}`)] };
          hits.push({ at: { file: vn.file, start: vn.start + m.index!, end: vn.start + m.index! + m[0].length }, name: m[1], port: m[2], fix });
        }
      }
      for (const h of hits) {
        ctx.report({
          at: h.at,
          message: `\`${clip(h.name, 40)}\` is a legacy link variable: GitLab Runner no longer sets it. \`${h.name}\` is a legacy Docker link variable: GitLab Runner does not set link variables when FF_NETWORK_PER_BUILD is on (and Kubernetes never does), so it expands to nothing and the client falls back to the Unix socket (\`Cannot connect to the Docker daemon at unix:///var/run/docker.sock\`). Set DOCKER_HOST explicitly (e.g. tcp://docker:${h.port}) and stop reading *_PORT_* variables.`,
          fixes: h.fix ? [h.fix] : undefined,
        });
      }
    }
  },
});
