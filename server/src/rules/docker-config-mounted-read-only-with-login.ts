import { ciRule, type ReportFix, clip } from '../engine/rule';
import type { Span } from '../engine/types';
import { YamlEditor } from '../formats/yaml-edit';
import { dockerReadOnly, normPath } from '../model/dind-runner';
import { exactWord } from '../model/script-words';
import { jobCommands, type Job } from '../model/pipeline';
import { loginCommands } from '../model/registry';
import { dockerVolumes, k8sVolumes, type Runner } from '../model/runner';
import { addJobVariables } from '../edits/job';
import { removeScriptItem } from '../edits/script';

const PATHS = new Set(['/root/.docker/config.json', '/root/.docker']);

/** The runner's read-only mount of the Docker client config, if any. */
function readOnlyConfigMount(r: Runner): { at: Span; what: string; path: string } | undefined {
  if (r.executor === 'docker') {
    for (const v of dockerVolumes(r)) {
      const p = normPath(v.container);
      if (p && PATHS.has(p) && v.host !== undefined && dockerReadOnly(v)) return { at: { file: r.file, start: v.node.start, end: v.node.end }, what: `the volume "${v.raw}"`, path: p };
    }
  } else if (r.executor === 'kubernetes') {
    for (const v of k8sVolumes(r)) {
      const p = normPath(v.mountPath);
      if (!p || !PATHS.has(p) || !(v.type === 'secret' || v.type === 'config_map' || v.readOnly)) continue;
      const e = v.mountPathEntry;
      return { at: e ? { file: r.file, start: e.value.start, end: e.value.end } : { file: r.file, start: v.table.start, end: v.table.start }, what: `the ${v.type} volume${v.name ? ` '${v.name}'` : ''} at ${p}`, path: p };
    }
  }
  return undefined;
}

/** The job points docker at another config directory. */
function ownConfigDir(job: Job): boolean {
  if (job.variables.has('DOCKER_CONFIG')) return true;
  return jobCommands(job).some((c) => c.assignments.some((a) => a.text.startsWith('DOCKER_CONFIG='))
    || (c.words[0]?.text === 'export' && c.words.some((w) => w.text.startsWith('DOCKER_CONFIG=')))
    || (/(^|\/)docker$/.test(c.words[0]?.text ?? '') && c.words.some((w) => w.text === '--config' || w.text.startsWith('--config='))));
}

export const rule = ciRule({
  id: 'docker-config-mounted-read-only-with-login',
  severity: 'error',
  summary: 'docker login in a job whose runner mounts ~/.docker/config.json read-only',
  check(ctx) {
    const runners = ctx.runners.runners;
    if (!runners.length) return;
    const mounts = runners.map((r) => ({ r, m: readOnlyConfigMount(r) })).filter((x) => x.m);
    if (!mounts.length) return;
    const all = mounts.length === runners.length;
    const done = new Set<string>();
    for (const job of ctx.jobs) {
      if (job.partial || ownConfigDir(job)) continue;
      for (const c of loginCommands(job, ['docker'])) {
        const file = c.line.node.file;
        const text = ctx.textOf(file);
        if (text === undefined) continue;
        const login = c.words.find((w) => w.text === 'login')!;
        const at: Span = exactWord(text, c.words[0]) && exactWord(text, login) ? { file, start: c.words[0].start, end: login.end } : { file, start: c.line.node.start, end: c.line.node.end };
        if (done.has(`${at.file}:${at.start}`)) continue;
        done.add(`${at.file}:${at.start}`);
        const m = mounts[0].m!;
        const fixes: ReportFix[] = [];
        const jtext = ctx.textOf(job.entry.file);
        if (jtext !== undefined) {
          const edits = addJobVariables(new YamlEditor(job.entry.file, jtext), job, [['DOCKER_CONFIG', '$CI_PROJECT_DIR/.docker']]);
          if (edits) fixes.push({ title: 'Keep the login job-local: DOCKER_CONFIG: $CI_PROJECT_DIR/.docker', preferred: true, edits });
        }
        if (jobCommands(job).filter((x) => x.line === c.line).every((x) => x === c || ['echo', 'printf', 'cat'].includes(x.words[0]?.text ?? ''))) {
          const rm = removeScriptItem(new YamlEditor(file, text), c.line);
          if (rm) fixes.push({ title: 'Remove the docker login (the mounted config already authenticates)', edits: [rm] });
        }
        ctx.report({
          at, fixes,
          severity: all ? 'error' : 'warning',
          headline: `\`docker login\` cannot write ${clip(m.path)}, mounted read-only: the login fails.`,
          message: `${all ? 'The runner' : `If this job runs on runner ${mounts[0].r.name ? `'${mounts[0].r.name}'` : `#${mounts[0].r.index + 1}`}, it`} mounts ${m.what} read-only, and \`docker login\` must rewrite ~/.docker/config.json: it fails (\`Error saving credentials: … read-only file system\`). Drop the login if the mounted config already authenticates to this registry, or write the credentials to a job-local directory with DOCKER_CONFIG (the mounted credentials are then not used).`,
          related: mounts.map((x) => ({ at: x.m!.at, message: 'Docker client config mounted read-only here' })),
        });
      }
    }
  },
});
