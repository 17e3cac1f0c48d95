import { ciRule, type ReportFix, clip } from '../engine/rule';
import type { SpanEdit } from '../engine/types';
import { YamlEditor } from '../formats/yaml-edit';
import { dockerVersion, isDockerLibraryImage, type ImageRef } from '../model/docker';
import { dockerVariant, wordSpan } from '../model/images';
import { jobCommands } from '../model/pipeline';
import { removeScriptItem } from '../edits/script';

const APK_PKGS = new Set(['docker', 'docker-cli', 'docker-compose', 'docker-cli-compose', 'docker-cli-buildx']);
const PIP_PKGS = new Set(['docker-compose']);
const VALUE_FLAGS = new Set(['-X', '--repository', '-t', '--virtual', '-p', '--root', '--arch', '-r', '--requirement', '-c', '--constraint', '-i', '--index-url']);

/** The official docker image in a current release (≥ 24) or a moving tag: ships docker, buildx and compose. */
function shipsTools(ref: ImageRef): boolean {
  if (!isDockerLibraryImage(ref)) return false;
  const variant = dockerVariant(ref);
  if (variant === 'other') return false;
  const v = dockerVersion(ref);
  if (v) return v.major >= 24;
  return !ref.tag?.includes('$') && (ref.tag === undefined || ['latest', 'cli', 'dind', 'dind-rootless'].includes(ref.tag));
}

export const rule = ciRule({
  id: 'redundant-docker-tool-install',
  severity: 'info',
  summary: 'Installs docker, compose or buildx into the docker image that already ships them',
  check(ctx) {
    for (const job of ctx.jobs) {
      if (!job.image || !shipsTools(job.image.ref)) continue;
      for (const c of jobCommands(job)) {
        const w0 = c.words[0]?.text;
        let args: typeof c.words;
        let pkgs: Set<string>;
        if (w0 === 'apk' && c.words[1]?.text === 'add') { args = c.words.slice(2); pkgs = APK_PKGS; }
        else if ((w0 === 'pip' || w0 === 'pip3') && c.words[1]?.text === 'install') { args = c.words.slice(2); pkgs = PIP_PKGS; }
        else if (/^python3?$/.test(w0 ?? '') && c.words[1]?.text === '-m' && /^pip3?$/.test(c.words[2]?.text ?? '') && c.words[3]?.text === 'install') { args = c.words.slice(4); pkgs = PIP_PKGS; }
        else continue;
        const packages: typeof c.words = [];
        for (let i = 0; i < args.length; i++) {
          const t = args[i].text;
          if (t.startsWith('-')) { if (VALUE_FLAGS.has(t)) i++; continue; }
          if (/^[<>|&]/.test(t)) break;
          packages.push(args[i]);
        }
        const text = ctx.textOf(c.line.node.file);
        if (text === undefined) continue;
        const ed = new YamlEditor(c.line.node.file, text);
        for (const p of packages) {
          const name = p.text.replace(/[=<>~!].*$/, '');
          if (!pkgs.has(name)) continue;
          const at = wordSpan(text, c.line, p.start, p.end, p.text);
          if (!at) continue;
          const fixes: ReportFix[] = [];
          let edit: SpanEdit | undefined;
          if (packages.length > 1) {
            let s = at.start;
            while (s > 0 && (text[s - 1] === ' ' || text[s - 1] === '\t')) s--;
            edit = { file: at.file, start: s, end: at.end, newText: '' };
          } else if (jobCommands(job).filter((x) => x.line === c.line && !x.substituted).length === 1) edit = removeScriptItem(ed, c.line);
          if (edit) fixes.push({ title: packages.length > 1 ? `Remove ${p.text} from the install` : 'Remove the install line', preferred: true, edits: [edit] });
          ctx.report({
            at,
            message: `'${clip(job.image.ref.raw, 30)}' already has the Docker CLI: installing ${clip(p.text, 20)} wastes time. '${job.image.ref.raw}' already ships the Docker CLI, buildx and compose (\`docker compose\`, \`docker buildx\`); installing ${p.text} again costs time on every job${name === 'docker-compose' ? ' (and `pip install docker-compose` brings back the unmaintained Compose v1)' : ''}. Remove it and call \`docker compose\` / \`docker buildx\`.`,
            fixes,
          });
        }
      }
    }
  },
});
