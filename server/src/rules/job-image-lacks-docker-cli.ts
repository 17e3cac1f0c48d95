import type { Rule } from '../engine/rule';
import { YamlEditor } from '../formats/yaml-edit';
import { dockerCommands } from '../model/facts';
import { valueSpan } from '../model/pipeline';
import { DOCKER_MAJOR } from '../../../common/pins';

/** Docker Hub official images known to ship no Docker CLI (only these are judged: custom images may contain it). */
const NO_CLI = new Set(['alpine', 'ubuntu', 'debian', 'centos', 'fedora', 'rockylinux', 'almalinux', 'amazonlinux', 'oraclelinux', 'busybox', 'archlinux',
  'node', 'python', 'golang', 'maven', 'gradle', 'openjdk', 'eclipse-temurin', 'amazoncorretto', 'ruby', 'php', 'rust', 'gcc', 'perl', 'bash', 'composer',
  'elixir', 'erlang', 'haskell', 'julia', 'r-base', 'swift', 'dart', 'clojure', 'groovy', 'buildpack-deps', 'mono', 'pypy']);
/** Images where `docker:<v>-cli` loses nothing (docker:cli is Alpine based). */
const SWAPPABLE = new Set(['alpine', 'busybox']);

/** The script installs or fetches a Docker CLI, or only runs docker when present. */
const INSTALLS = /\b(apk|apt-get|apt|yum|dnf|microdnf|zypper|pacman|pip3?|brew|snap|nix-env)\b[^\n]*\bdocker\b|docker-ce|docker\.io\b|get\.docker\.com|download\.docker\.com|\/docker\/docker-|command -v docker|which docker|type docker|hash docker/;

const DEFINES_FUNCTION = /(^|\n)\s*(function\s+[\w-]+|[\w-]+\s*\(\s*\)\s*\{?)/;

export const rule: Rule = {
  id: 'job-image-lacks-docker-cli',
  fileKinds: ['gitlab-ci'],
  severity: 'warning',
  summary: 'The job runs docker in an image without the Docker CLI',
  check(ctx) {
    if (ctx.kind !== 'gitlab-ci' || ctx.runners.executor === 'shell') return;
    for (const job of ctx.jobs) {
      const img = job.image;
      if (!img || img.ref.hasVariables) continue;
      const m = /^(?:(?:docker\.io|index\.docker\.io|registry-1\.docker\.io)\/)?(?:library\/)?([a-z0-9._-]+)$/.exec(img.ref.name);
      if (!m || !NO_CLI.has(m[1])) continue;
      // docker calls inside shell function definitions (e.g. a shared `before_script` library) may never run here
      const cmds = dockerCommands(job).filter((c) => !DEFINES_FUNCTION.test(c.line.text));
      if (cmds.length === 0) continue;
      if (job.scripts.some((l) => INSTALLS.test(l.text))) continue;
      const first = cmds[0];
      const text = ctx.textOf(img.nameNode.file);
      const to = `docker:${DOCKER_MAJOR}-cli`;
      ctx.report({
        at: valueSpan(img.nameNode),
        message: `The job runs \`${first.words[0].text}\` but its image '${img.ref.raw}' has no Docker CLI, and services do not add binaries to the job container: \`${first.words[0].text}: command not found\`. Use ${to} as the job image, or install the CLI in before_script.`,
        related: [{ at: { file: first.line.node.file, start: first.words[0].start, end: first.words[0].end }, message: 'docker is called here' }],
        fixes: text !== undefined && SWAPPABLE.has(m[1]) ? [{ title: `Use ${to} as the job image`, preferred: true, edits: [new YamlEditor(img.nameNode.file, text).replaceScalar(img.nameNode, to)] }] : [],
      });
    }
  },
};
