import { ciRule, clip } from '../engine/rule';
import { YamlEditor } from '../formats/yaml-edit';
import { isKanikoImage } from '../model/docker';
import { wordSpan } from '../model/images';
import { jobCommands } from '../model/pipeline';
import { removeScriptItem } from '../edits/script';

const CONFIG_TARGET = /^(\/kaniko\/\.docker|\$\{?DOCKER_CONFIG\}?)\/config\.json$/;

/** The registries an auths JSON text names; undefined when none can be read. */
function authKeys(content: string): string[] {
  const keys: string[] = [];
  const re = /"([^"]+)"\s*:\s*\{\s*"(?:auth|username|password|identitytoken)"/g;
  for (let m; (m = re.exec(content));) keys.push(m[1]);
  return keys;
}

/** kaniko with the built-in GitLab credential helper: ≥ 1.9.0 upstream, any fork; unknown versions count as current. */
function hasGitlabHelper(tag: string | undefined): boolean {
  const m = /^v?(\d+)\.(\d+)/.exec(tag ?? '');
  return !m || +m[1] > 1 || (+m[1] === 1 && +m[2] >= 9);
}

export const rule = ciRule({
  id: 'kaniko-manual-registry-config-unneeded',
  severity: 'info',
  summary: 'Hand-written kaniko config.json only for the GitLab registry',
  check(ctx) {
    for (const job of ctx.jobs) {
      const img = job.image;
      if (!img || !isKanikoImage(img.ref) || !hasGitlabHelper(img.ref.tag)) continue;
      const cmds = jobCommands(job);
      for (const c of cmds) {
        const i = c.words.findIndex((w) => w.text === '>' || w.text === '>>');
        const target = i >= 0 ? c.words[i + 1] : undefined;
        if (!target || !CONFIG_TARGET.test(target.text)) continue;
        const content = c.heredocs.length ? c.heredocs.map((h) => h.body).join('\n') : c.words.slice(1, i).map((w) => w.text).join(' ');
        const keys = authKeys(content);
        if (keys.length === 0 || !keys.every((k) => /^\$\{?CI_REGISTRY\}?$/.test(k))) continue;
        const text = ctx.textOf(c.line.node.file);
        if (text === undefined) continue;
        const at = wordSpan(text, c.line, target.start, target.end, target.text);
        if (!at) continue;
        const only = cmds.filter((x) => x.line === c.line && !x.substituted).length === 1;
        const rm = only ? removeScriptItem(new YamlEditor(c.line.node.file, text), c.line) : undefined;
        ctx.report({
          at,
          message: `kaniko reads CI_REGISTRY credentials itself: writing ${clip(target.text, 30)} is unneeded. kaniko ≥ 1.9.0 (and its forks) reads CI_REGISTRY, CI_REGISTRY_USER and CI_REGISTRY_PASSWORD itself through its built-in GitLab credential helper: writing ${target.text} only for $CI_REGISTRY is unnecessary and a common source of quoting bugs. Remove it (keep it only for other registries or the dependency proxy).`,
          fixes: rm ? [{ title: 'Remove the config.json line', preferred: true, edits: [rm] }] : [],
        });
      }
    }
  },
});
