import { ciRule, clip } from '../engine/rule';
import { tstr, tget } from '../formats/toml';
import { dockerCommands } from '../model/facts';
import { defaultDaemon, dockerPath, hostDaemonOf, isRunOrCreate, optionText, optionValueSpan, runOptions, type RunOption } from '../model/host-daemon';
import { dockerVolumes, type Runner } from '../model/runner';

/** Bind-mount sources that name the job's own files (its checkout under the builds directory). */
const JOB_RELATIVE = /^(\$(CI_PROJECT_DIR|CI_BUILDS_DIR|PWD)(?![A-Za-z0-9_])|\$\{(CI_PROJECT_DIR|CI_BUILDS_DIR|PWD)\}|\$\(\s*pwd\s*\)|`\s*pwd\s*`|\.{1,2}(\/|$)|\/builds(\/|$))/;

/** The host-side source of a `-v`/`--volume`/`--mount type=bind` option, when it is a bind mount. */
function bindSource(o: RunOption): string | undefined {
  const v = optionText(o);
  if (v === undefined) return undefined;
  if (o.flag === '-v' || o.flag === '--volume') {
    const i = v.indexOf(':', v.startsWith('$(') ? v.indexOf(')') : 0);
    return i > 0 ? v.slice(0, i) : undefined; // a single path is an anonymous volume
  }
  if (o.flag === '--mount') {
    const kv = new Map(v.split(',').map((p) => { const e = p.indexOf('='); return e < 0 ? [p, ''] : [p.slice(0, e), p.slice(e + 1)]; }));
    if (kv.get('type') !== 'bind') return undefined;
    return kv.get('source') ?? kv.get('src');
  }
  return undefined;
}

/** The runner binds its builds directory from the host at the same path (`"/builds:/builds"`): job paths exist on the host. */
function sharesBuildsDir(r: Runner): boolean {
  const builds = (tstr(tget(r.table, 'builds_dir')) ?? '/builds').replace(/\/+$/, '');
  return dockerVolumes(r).some((v) => v.host !== undefined && v.host.replace(/\/+$/, '') === v.container.replace(/\/+$/, '') && (builds === v.container.replace(/\/+$/, '') || builds.startsWith(v.container.replace(/\/+$/, '') + '/')));
}

export const rule = ciRule({
  id: 'socket-binding-host-relative-mounts',
  severity: 'warning',
  summary: 'A bind mount of the job\'s own files while the job uses the host\'s Docker daemon (socket binding)',
  check(ctx) {
    for (const job of ctx.jobs) {
      const cmds = dockerCommands(job).filter(defaultDaemon);
      if (cmds.length === 0) continue;
      // shell executor: the job's files are on the host, so host-relative mounts work there
      const host = hostDaemonOf(job, ctx, { shell: false });
      if (!host || (host.runners.length > 0 && host.runners.every(sharesBuildsDir))) continue;
      for (const c of cmds) {
        const { path, next } = dockerPath(c);
        if (!isRunOrCreate(path) && !(path[0] === 'compose' && path[1] === 'run')) continue;
        for (const o of runOptions(c, next)) {
          const src = bindSource(o);
          if (src === undefined || !JOB_RELATIVE.test(src)) continue;
          const file = c.line.node.file;
          ctx.report({
            at: optionValueSpan(o, file, ctx.textOf(file)),
            headline: `Bind mount '${clip(src, 30)}' comes from the host, not the job: the job's files are missing.`,
            message: `\`${c.words[0].text} ${path.join(' ')}\` bind-mounts "${src}", but this job uses the host's Docker daemon (socket binding): the daemon resolves bind-mount sources on the host, not inside the job container. The job's files (its checkout under /builds) are not at that path on the host, so the container sees an empty directory, or an unrelated host directory. Copy the files into an image (\`docker build\`), use \`docker cp\`, or use dind, where /builds is shared with the service container.`,
            related: host.related,
          });
        }
      }
    }
  },
});
