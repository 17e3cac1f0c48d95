/**
 * The edits of "Convert this job to Buildah / BuildKit rootless / Kaniko" (code actions in lsp/strategy-actions.ts) on
 * a job that builds with dind or socket binding. They rewrite the image, services, the Docker variables and the login/build/push lines, and keep every
 * other key (rules, stage, needs, tags, artifacts…) and line as written. A job is converted only when every docker
 * command is one we can translate faithfully (login, build, push, info, version, each as its own script item);
 * otherwise the action is offered disabled, with the reason.
 */
import type { SpanEdit } from '../engine/types';
import { YamlEditor } from '../formats/yaml-edit';
import { entry, get, type YMap, type YSeq, type YValue } from '../formats/yaml';
import { dockerCommands, dockerSubcommand, dindServices, isDockerBuildJob } from '../model/facts';
import type { Job, JobCommand } from '../model/pipeline';
import { BUILDAH_TAG, BUILDKIT_TAG, KANIKO_IMAGE } from '../../../common/pins';

export type Target = 'buildah' | 'buildkit-rootless' | 'kaniko';
export const TARGET_LABEL: Record<Target, string> = { buildah: 'Buildah', 'buildkit-rootless': 'BuildKit rootless', kaniko: 'Kaniko' };

export interface Conversion { target: Target; title: string; edits?: SpanEdit[]; disabled?: string }

const DOCKER_VARS = new Set(['DOCKER_HOST', 'DOCKER_TLS_CERTDIR', 'DOCKER_TLS_VERIFY', 'DOCKER_CERT_PATH', 'DOCKER_DRIVER', 'DOCKER_BUILDKIT']);
const DROPPED = new Set(['info', 'version']);

interface Build { tags: string[]; dockerfile?: string; context: string; buildArgs: string[]; target?: string; cmd: JobCommand }
interface Login { user?: string; password?: string; registry?: string; cmd: JobCommand }

export function conversions(job: Job, text: string): Conversion[] {
  if (!isDockerBuildJob(job)) return [];
  const targets: Target[] = ['buildah', 'buildkit-rootless', 'kaniko'];
  const why = obstacle(job);
  if (why) return targets.map((t) => ({ target: t, title: `Convert '${job.name}' to ${TARGET_LABEL[t]}`, disabled: why }));
  return targets.map((t) => {
    try { return { target: t, title: `Convert '${job.name}' to ${TARGET_LABEL[t]}`, edits: convert(job, text, t) }; } catch (e) {
      return { target: t, title: `Convert '${job.name}' to ${TARGET_LABEL[t]}`, disabled: (e as Error).message };
    }
  });
}

function obstacle(job: Job): string | undefined {
  const file = job.entry.file;
  for (const c of dockerCommands(job)) {
    const sub = dockerSubcommand(c) ?? '';
    if (!['login', 'build', 'push', ...DROPPED].includes(sub)) return `the script runs \`docker ${sub}\`, which only a Docker daemon can do`;
    if (c.line.node.file !== file) return 'some docker commands come from a template or another file';
    if (c.line.source !== 'own') return 'some docker commands are inherited (default:, extends or !reference)';
    if (c.substituted) return 'a docker command runs inside a command substitution';
    if (sub !== 'login' && !isWholeItem(c)) return 'a docker command shares its script line with other commands';
  }
  const builds = dockerCommands(job).filter((c) => dockerSubcommand(c) === 'build');
  const built = new Set<string>();
  for (const c of builds) {
    const b = parseBuild(c);
    if (!b) return '`docker build` uses options that have no faithful equivalent';
    for (const t of b.tags) built.add(t);
  }
  for (const c of dockerCommands(job)) {
    if (dockerSubcommand(c) === 'push' && !built.has(c.words[c.words.length - 1].text)) return 'the job pushes an image it does not build';
  }
  if (job.image && job.image.nameNode.file !== file && job.keySource.get('image') === 'own') return 'the image is written in another file';
  return undefined;
}

function isWholeItem(c: JobCommand): boolean {
  const words = c.line.text.trim();
  const cmd = c.words.map((w) => w.text).join(' ');
  return words.replace(/\s+/g, ' ').replace(/["']/g, '') === cmd.replace(/["']/g, '');
}

function parseBuild(c: JobCommand): Build | undefined {
  const w = c.words.map((x) => x.text);
  const b: Build = { tags: [], context: '.', buildArgs: [], cmd: c };
  const positional: string[] = [];
  for (let i = 2; i < w.length; i++) {
    const a = w[i];
    const val = (): string | undefined => { const eq = a.indexOf('='); return eq > 0 && a.startsWith('--') ? a.slice(eq + 1) : w[++i]; };
    if (a === '-t' || a.startsWith('--tag')) { const v = val(); if (v) b.tags.push(v); }
    else if (a === '-f' || a.startsWith('--file')) b.dockerfile = val();
    else if (a.startsWith('--build-arg')) { const v = val(); if (v) b.buildArgs.push(v); }
    else if (a.startsWith('--target')) b.target = val();
    else if (a === '--pull' || a === '-q' || a === '--quiet' || a === '--no-cache') continue;
    else if (a.startsWith('-')) return undefined;
    else positional.push(a);
  }
  if (positional.length > 1 || b.tags.length === 0) return undefined;
  b.context = positional[0] ?? '.';
  return b;
}

function parseLogin(c: JobCommand): Login {
  const w = c.words.map((x) => x.text);
  const l: Login = { cmd: c };
  for (let i = 2; i < w.length; i++) {
    const a = w[i];
    if (a === '-u' || a === '--username') l.user = w[++i];
    else if (a.startsWith('--username=')) l.user = a.slice(11);
    else if (a === '-p' || a === '--password') l.password = w[++i];
    else if (a.startsWith('--password=')) l.password = a.slice(11);
    else if (a === '--password-stdin') continue;
    else if (!a.startsWith('-')) l.registry = a;
  }
  if (!l.password) {
    const m = /echo\s+(?:-n\s+)?"?(\$\{?[A-Za-z_][A-Za-z0-9_]*\}?)"?\s*\|/.exec(c.line.text);
    if (m) l.password = m[1];
  }
  return l;
}

const q = (s: string) => `"${s.replace(/"/g, '\\"')}"`;

function convert(job: Job, text: string, target: Target): SpanEdit[] {
  const ed = new YamlEditor(job.entry.file, text);
  const own = job.entry.value as YMap;
  const edits: SpanEdit[] = [];
  const cmds = dockerCommands(job);
  const builds = cmds.filter((c) => dockerSubcommand(c) === 'build').map((c) => parseBuild(c)!);
  const pushed = new Set(cmds.filter((c) => dockerSubcommand(c) === 'push').map((c) => c.words[c.words.length - 1].text));
  const logins = cmds.filter((c) => dockerSubcommand(c) === 'login').map(parseLogin);

  // image
  const image = target === 'buildah' ? `quay.io/buildah/stable:${BUILDAH_TAG}` : target === 'kaniko' ? KANIKO_IMAGE : `moby/buildkit:${BUILDKIT_TAG}`;
  const imageValue: unknown = target === 'buildah' ? image : { name: image, entrypoint: [''] };
  const imgEntry = entry(own, 'image');
  if (imgEntry) edits.push(ed.replaceEntryValue(imgEntry, imageValue, own.flow));
  // services: drop dind; override inherited ones
  const svcEntry = entry(own, 'services');
  const firstKey = [...own.entries.values()].filter((e) => e.file === ed.file).sort((a, b) => a.keyStart - b.keyStart)[0];
  if (svcEntry) edits.push(ed.removeEntry(own, svcEntry));
  else if (dindServices(job).length) edits.push(ed.insertSibling(firstKey, 'services', []));
  // variables
  const varEntry = entry(own, 'variables');
  const extra: Record<string, string> = target === 'buildah' ? { STORAGE_DRIVER: 'vfs', BUILDAH_FORMAT: 'docker', BUILDAH_ISOLATION: 'chroot' } : target === 'buildkit-rootless' ? { BUILDKITD_FLAGS: '--oci-worker-no-process-sandbox' } : {};
  if (varEntry && varEntry.value.kind === 'map') {
    const vm = varEntry.value;
    const kept = [...vm.entries.values()].filter((e) => !DOCKER_VARS.has(e.key));
    if (kept.length === 0 && Object.keys(extra).length === 0) edits.push(ed.removeEntry(own, varEntry));
    else if (kept.length === 0) edits.push(ed.replaceEntryValue(varEntry, extra, vm.flow));
    else {
      for (const e of vm.entries.values()) if (DOCKER_VARS.has(e.key)) edits.push(ed.removeEntry(vm, e));
      const last = kept.sort((a, b) => b.keyStart - a.keyStart)[0];
      for (const [k, v] of Object.entries(extra).reverse()) if (!vm.entries.has(k)) edits.push(ed.insertSibling(last, k, v));
    }
  } else if (Object.keys(extra).length) {
    edits.push(imgEntry ? ed.insertSibling(imgEntry, 'variables', extra) : ed.insertSibling(firstKey, 'variables', extra));
  }
  // script lines; a section whose every item goes is removed as a whole (an empty `before_script:` is invalid)
  const removed = new Map<YSeq, Set<YValue>>();
  const removeItem = (seq: YSeq | undefined, item: YValue) => {
    if (seq?.kind !== 'seq') return;
    if (!removed.has(seq)) removed.set(seq, new Set());
    removed.get(seq)!.add(item);
  };
  for (const c of cmds) {
    const sub = dockerSubcommand(c)!;
    const item = c.line.node;
    const seq = get(own, c.line.section) as YSeq | undefined;
    if (sub === 'info' || sub === 'version' || (sub === 'push' && target !== 'buildah')) { removeItem(seq, item); continue; }
    if (sub === 'push') { edits.push(ed.replaceNode(item, `buildah push ${c.words.slice(2).map((w) => q(w.text)).join(' ')}`, false)); continue; }
    if (sub === 'login') {
      const l = logins.find((x) => x.cmd === c)!;
      if (target === 'buildah') { const w = c.words[0]; edits.push({ file: ed.file, start: w.start, end: w.end, newText: 'buildah' }); continue; }
      const reg = l.registry ?? '$CI_REGISTRY';
      const gitlab = /^\$\{?CI_REGISTRY\}?$/.test(reg);
      if (target === 'kaniko' && gitlab) { removeItem(seq, item); continue; }
      const file = target === 'kaniko' ? '/kaniko/.docker/config.json' : '~/.docker/config.json';
      const json = `{\\"auths\\":{\\"${reg}\\":{\\"username\\":\\"${l.user ?? '$CI_REGISTRY_USER'}\\",\\"password\\":\\"${l.password ?? '$CI_REGISTRY_PASSWORD'}\\"}}}`;
      const line = `${target === 'buildkit-rootless' ? 'mkdir -p ~/.docker && ' : ''}echo "${json}" > ${file}`;
      edits.push(ed.replaceNode(item, line, false));
      continue;
    }
    // build
    const b = builds.find((x) => x.cmd === c)!;
    edits.push(ed.replaceNode(item, buildLine(target, b, pushed), false));
  }
  for (const [seq, items] of removed) {
    const e = [...own.entries.values()].find((x) => x.value === seq);
    if (e && items.size === seq.items.length) edits.push(ed.removeEntry(own, e));
    else for (const it of items) {
      const e = ed.removeItem(seq, it);
      if (!e) throw new Error('a docker command shares its script line with other text');
      edits.push(e);
    }
  }
  return edits;
}

function buildLine(target: Target, b: Build, pushed: Set<string>): string {
  const args = b.buildArgs;
  if (target === 'buildah') {
    return ['buildah build', ...b.tags.map((t) => `-t ${q(t)}`), ...(b.dockerfile ? [`-f ${q(b.dockerfile)}`] : []), ...args.map((a) => `--build-arg ${q(a)}`), ...(b.target ? [`--target ${q(b.target)}`] : []), b.context].join(' ');
  }
  const ctx = b.context === '.' ? '$CI_PROJECT_DIR' : b.context.startsWith('/') || b.context.startsWith('$') ? b.context : `$CI_PROJECT_DIR/${b.context.replace(/^\.\//, '')}`;
  const dests = b.tags.filter((t) => pushed.has(t));
  if (target === 'kaniko') {
    const dockerfile = b.dockerfile ? (b.dockerfile.startsWith('/') || b.dockerfile.startsWith('$') ? b.dockerfile : `$CI_PROJECT_DIR/${b.dockerfile.replace(/^\.\//, '')}`) : `${ctx}/Dockerfile`;
    const dest = dests.length ? dests.map((t) => `--destination ${q(t)}`) : [`--destination ${q(b.tags[0])}`, '--no-push'];
    return ['/kaniko/executor', `--context ${q(ctx)}`, `--dockerfile ${q(dockerfile)}`, ...dest, ...args.map((a) => `--build-arg ${q(a)}`), ...(b.target ? [`--target ${q(b.target)}`] : [])].join(' ');
  }
  const dfDir = b.dockerfile ? (b.dockerfile.includes('/') ? b.dockerfile.slice(0, b.dockerfile.lastIndexOf('/')) || '/' : '.') : b.context;
  const dfName = b.dockerfile ? b.dockerfile.slice(b.dockerfile.lastIndexOf('/') + 1) : undefined;
  const names = (dests.length ? dests : b.tags).join(',');
  return ['buildctl-daemonless.sh build', '--frontend dockerfile.v0', `--local context=${b.context}`, `--local dockerfile=${dfDir}`,
    ...(dfName && dfName !== 'Dockerfile' ? [`--opt filename=${dfName}`] : []), ...args.map((a) => `--opt ${q('build-arg:' + a)}`), ...(b.target ? [`--opt target=${b.target}`] : []),
    `--output ${q(`type=image,name=${names},push=${dests.length ? 'true' : 'false'}`)}`].join(' ');
}

