/**
 * The texts dind-doctor generates for each build strategy: a complete GitLab CI job per strategy × executor, and the
 * runner settings (config.toml `[[runners]]` table, or the TOML of the Helm chart's `runners.config`) the strategy
 * needs, following GitLab's "Use Docker to build Docker images" page
 * (https://docs.gitlab.com/ci/docker/using_docker_build/) and the Buildah, BuildKit and Kaniko pages next to it.
 *
 * Shared by the VS Code client (the build-strategy picker), the language server (the picker's runner edits, job
 * conversions), the snippets (see {@link renderSnippets}) and the tests, so a snippet expanded with its defaults
 * is exactly the job the picker writes. Imports nothing but the pins.
 */
import { BUILDAH_TAG, BUILDKIT_TAG, DOCKER_VERSIONS, KANIKO_IMAGE } from './pins';

export type StrategyId = 'dind-tls' | 'dind-notls' | 'dind-unix-socket' | 'socket-binding' | 'kaniko' | 'buildah' | 'buildkit-rootless';
export type Executor = 'docker' | 'kubernetes';

export interface StrategyInfo {
  id: StrategyId;
  label: string;
  /** One line of trade-offs: privileged? daemon? layer cache? works on Kubernetes? */
  detail: string;
  /** Executors the strategy works on (socket binding and the Unix-socket dind variant: Docker executor only). */
  executors: Executor[];
}

export const STRATEGIES: readonly StrategyInfo[] = [
  {
    id: 'dind-tls',
    label: 'Docker-in-Docker with TLS',
    detail: 'Privileged dind service · full Docker CLI (compose, buildx) · TLS on 2376 · no layer cache between jobs · Docker and Kubernetes',
    executors: ['docker', 'kubernetes'],
  },
  {
    id: 'buildkit-rootless',
    label: 'BuildKit rootless (daemonless)',
    detail: 'Not privileged · no Docker daemon · registry layer cache (--export-cache) · Kubernetes needs unconfined seccomp/AppArmor',
    executors: ['docker', 'kubernetes'],
  },
  {
    id: 'buildah',
    label: 'Buildah',
    detail: 'Not privileged (vfs storage, chroot isolation) · no daemon · no layer cache · slower vfs builds · Docker and Kubernetes',
    executors: ['docker', 'kubernetes'],
  },
  {
    id: 'kaniko',
    label: 'Kaniko (maintained fork)',
    detail: 'Not privileged · no daemon · optional registry cache · upstream archived, community fork image · Docker and Kubernetes',
    executors: ['docker', 'kubernetes'],
  },
  {
    id: 'socket-binding',
    label: 'Docker socket binding',
    detail: "Not privileged, but root-equivalent on the host · host's daemon · host layer cache · Docker executor only",
    executors: ['docker'],
  },
  {
    id: 'dind-notls',
    label: 'Docker-in-Docker without TLS',
    detail: 'Privileged dind service · unauthenticated daemon on 2375 (insecure, deprecated) · no layer cache · Docker and Kubernetes',
    executors: ['docker', 'kubernetes'],
  },
  {
    id: 'dind-unix-socket',
    label: 'Docker-in-Docker over a Unix socket',
    detail: 'Privileged dind service · socket on a shared runner volume, no TCP/TLS · no layer cache · Docker executor only',
    executors: ['docker'],
  },
];

export function strategyInfo(id: StrategyId): StrategyInfo {
  const s = STRATEGIES.find((x) => x.id === id);
  if (!s) throw new Error(`unknown strategy ${id}`);
  return s;
}

// ---------------------------------------------------------------------------------------------------------------
// Defaults and versions

export const DEFAULT_JOB_NAME = 'build-image';
export const DEFAULT_STAGE = 'build';
export const DEFAULT_DESTINATION = '$CI_REGISTRY_IMAGE:$CI_COMMIT_SHA';
/** MTU for dind's inner network on Kubernetes: at most the pod network's (GitLab-hosted runners use 1360). */
export const DIND_MTU = 1360;
/** Where the Unix-socket dind variant shares its socket. */
export const UNIX_SOCKET_DIR = '/runner/services/docker';

export interface JobOptions {
  jobName?: string;
  stage?: string;
  /** Image reference to push, e.g. `$CI_REGISTRY_IMAGE:$CI_COMMIT_SHA`. */
  destination?: string;
  dockerVersion?: string;
  buildahTag?: string;
  buildkitTag?: string;
  /** Spaces per indentation level (2 or 4). */
  indent?: number;
  /**
   * Destination used to derive the registry login and cache reference (defaults to `destination`). The snippet
   * renderer passes the default here while `destination` holds a placeholder.
   */
  deriveFrom?: string;
}

/** How the job logs in to the registry it pushes to. */
export interface RegistryLogin {
  /** Shell word for the registry host, e.g. `"$CI_REGISTRY"`. */
  host: string;
  user: string;
  password: string;
  /** GitLab's own container registry (credentials are predefined variables). */
  gitlab: boolean;
}

/** The registry part of an image reference (Docker's rule: first component with `.` or `:` or `localhost`). */
export function registryLogin(destination: string): RegistryLogin {
  const d = destination.trim();
  if (/^\$\{?CI_REGISTRY(_IMAGE)?\}?([/:]|$)/.test(d) || /^\$\{?CI_REGISTRY_IMAGE\}?/.test(d)) {
    return { host: '"$CI_REGISTRY"', user: '"$CI_REGISTRY_USER"', password: '"$CI_REGISTRY_PASSWORD"', gitlab: true };
  }
  const first = d.split('/')[0];
  const host = d.includes('/') && (first.includes('.') || first.includes(':') || first === 'localhost') ? first : 'docker.io';
  return { host: `"${host}"`, user: '"$REGISTRY_USER"', password: '"$REGISTRY_PASSWORD"', gitlab: false };
}

/** The repository of an image reference (tag and digest removed). */
export function repositoryOf(ref: string): string {
  const at = ref.indexOf('@');
  const noDigest = at >= 0 ? ref.slice(0, at) : ref;
  const slash = noDigest.lastIndexOf('/');
  const colon = noDigest.lastIndexOf(':');
  return colon > slash ? noDigest.slice(0, colon) : noDigest;
}

// ---------------------------------------------------------------------------------------------------------------
// Jobs

/** A tiny line builder: `l(depth, text)` indents by depth levels. */
function lines(indent: number) {
  const out: string[] = [];
  const l = (depth: number, text: string) => { out.push(' '.repeat(indent * depth) + text); };
  /** A line inside a `- ` item written at depth 2 (a service entry, a script continuation), `extra` levels deeper. */
  const li = (extra: number, text: string) => { out.push(' '.repeat(indent * (2 + extra) + 2) + text); };
  return { out, l, li };
}

/** The job, as YAML text ending with a newline, at top level (no leading indentation). */
export function generateJob(id: StrategyId, executor: Executor, o: JobOptions = {}): string {
  const name = o.jobName ?? DEFAULT_JOB_NAME;
  const stage = o.stage ?? DEFAULT_STAGE;
  const dest = o.destination ?? DEFAULT_DESTINATION;
  const v = o.dockerVersion ?? DOCKER_VERSIONS[0];
  const login = registryLogin(o.deriveFrom ?? dest);
  const { out, l, li } = lines(o.indent ?? 2);
  const nonGitlabNote = () => {
    if (!login.gitlab) l(2, '# REGISTRY_USER / REGISTRY_PASSWORD: define them as masked CI/CD variables');
  };
  const dockerLogin = `echo ${login.password} | docker login -u ${login.user} --password-stdin ${login.host}`;
  /**
   * What dind-doctor still says (as info) about a dind service it cannot configure for the user: the registry
   * mirror is site-specific, and so is the network's MTU on the Docker executor.
   */
  const dindNote = (write: (text: string) => void) => write(executor === 'kubernetes'
    ? '# info dind-registry-rate-limits: add "--registry-mirror=https://<your-mirror>" to command if you run a mirror'
    : '# info dind-registry-rate-limits, dind-mtu-not-set: add "--registry-mirror=https://<your-mirror>" and "--mtu=<MTU>" to command when you know them');

  l(0, `${name}:`);
  l(1, `stage: ${stage}`);
  switch (id) {
    case 'dind-tls':
      l(1, `image: docker:${v}-cli`);
      l(1, 'services:');
      l(2, `- name: docker:${v}-dind`);
      li(0, 'alias: docker');
      if (executor === 'kubernetes') {
        li(0, `command: ["--mtu=${DIND_MTU}"]  # <= the pod network's MTU (overlay CNIs: 1440-1450)`);
        li(0, 'variables:');
        li(1, 'HEALTHCHECK_TCP_PORT: "2376"  # the Kubernetes executor waits for dind (runner >= 16.9)');
      }
      dindNote((t) => li(0, t));
      l(1, 'variables:');
      l(2, executor === 'kubernetes' ? "DOCKER_HOST: tcp://docker:2376  # 'docker' is 127.0.0.1 in the pod" : 'DOCKER_HOST: tcp://docker:2376');
      l(2, 'DOCKER_TLS_CERTDIR: "/certs"');
      l(2, executor === 'kubernetes' ? 'DOCKER_TLS_VERIFY: "1"  # required: Kubernetes does not run the image entrypoint' : 'DOCKER_TLS_VERIFY: "1"');
      l(2, 'DOCKER_CERT_PATH: "$DOCKER_TLS_CERTDIR/client"');
      nonGitlabNote();
      l(1, 'before_script:');
      l(2, executor === 'kubernetes' ? '- until docker info >/dev/null 2>&1; do sleep 1; done' : '- docker info');
      l(2, `- ${dockerLogin}`);
      l(1, 'script:');
      l(2, `- docker build --pull -t "${dest}" .`);
      l(2, `- docker push "${dest}"`);
      break;
    case 'dind-notls':
      l(1, `image: docker:${v}-cli`);
      l(1, 'services:');
      l(2, `- name: docker:${v}-dind`);
      li(0, 'alias: docker');
      li(0, executor === 'kubernetes'
        ? `command: ["--tls=false", "--mtu=${DIND_MTU}"]  # explicit: no ~15 s slow start; MTU <= the pod network's`
        : 'command: ["--tls=false"]  # explicit: avoids dockerd\'s ~15 s slow start');
      li(0, 'variables:');
      li(1, 'HEALTHCHECK_TCP_PORT: "2375"  # the Kubernetes executor waits for dind');
      dindNote((t) => li(0, t));
      l(1, 'variables:');
      l(2, 'DOCKER_HOST: tcp://docker:2375');
      l(2, '# TLS off by choice: the daemon is unauthenticated on 2375 (prefer the TLS job)');
      l(2, '# dind-doctor-disable-next-line dind-tls-disabled');
      l(2, 'DOCKER_TLS_CERTDIR: ""');
      nonGitlabNote();
      l(1, 'before_script:');
      l(2, `- ${dockerLogin}`);
      l(1, 'script:');
      l(2, `- docker build --pull -t "${dest}" .`);
      l(2, `- docker push "${dest}"`);
      break;
    case 'dind-unix-socket':
      l(1, `image: docker:${v}-cli`);
      l(1, 'services:');
      l(2, `- docker:${v}-dind`);
      dindNote((t) => l(2, t));
      l(1, 'variables:');
      l(2, `DOCKER_HOST: "unix://${UNIX_SOCKET_DIR}/docker.sock"  # read by both dind and the client`);
      nonGitlabNote();
      l(1, 'before_script:');
      l(2, `- ${dockerLogin}`);
      l(1, 'script:');
      l(2, `- docker build --pull -t "${dest}" .`);
      l(2, `- docker push "${dest}"`);
      break;
    case 'socket-binding':
      l(1, `image: docker:${v}-cli  # the CLI must satisfy the host daemon's minimum API`);
      l(1, '# no services: the runner binds the host\'s /var/run/docker.sock');
      l(1, 'variables:');
      l(2, 'DOCKER_HOST: unix:///var/run/docker.sock');
      nonGitlabNote();
      l(1, 'before_script:');
      l(2, `- ${dockerLogin}`);
      l(1, 'script:');
      l(2, `- docker build --pull -t "${dest}" .`);
      l(2, `- docker push "${dest}"`);
      break;
    case 'kaniko':
      l(1, 'image:');
      l(2, `name: ${KANIKO_IMAGE}  # community fork; pin @sha256:<digest> in production`);
      l(2, 'entrypoint: [""]');
      if (!login.gitlab) {
        l(1, 'before_script:');
        l(2, '# REGISTRY_USER / REGISTRY_PASSWORD: define them as masked CI/CD variables');
        l(2, `- echo "{\\"auths\\":{\\"${unquote(login.host)}\\":{\\"username\\":\\"$REGISTRY_USER\\",\\"password\\":\\"$REGISTRY_PASSWORD\\"}}}" > /kaniko/.docker/config.json`);
      }
      l(1, 'script:');
      l(2, '- /kaniko/executor');
      li(0, '--context "$CI_PROJECT_DIR"');
      li(0, '--dockerfile "$CI_PROJECT_DIR/Dockerfile"');
      li(0, `--destination "${dest}"`);
      break;
    case 'buildah':
      l(1, `image: quay.io/buildah/stable:${o.buildahTag ?? BUILDAH_TAG}`);
      l(1, 'variables:');
      l(2, 'STORAGE_DRIVER: vfs  # no overlay on overlay');
      l(2, 'BUILDAH_FORMAT: docker');
      l(2, 'BUILDAH_ISOLATION: chroot  # no nested runc');
      nonGitlabNote();
      l(1, 'before_script:');
      l(2, '- export REGISTRY_AUTH_FILE="${HOME}/auth.json"');
      l(2, `- echo ${login.password} | buildah login -u ${login.user} --password-stdin ${login.host}`);
      l(1, 'script:');
      l(2, `- buildah build -t "${dest}" .`);
      l(2, `- buildah push "${dest}"`);
      break;
    case 'buildkit-rootless': {
      const cache = `${repositoryOf(o.deriveFrom ?? dest)}:cache`;
      l(1, 'image:');
      l(2, `name: moby/buildkit:${o.buildkitTag ?? BUILDKIT_TAG}`);
      l(2, 'entrypoint: [""]');
      l(1, 'variables:');
      l(2, 'BUILDKITD_FLAGS: --oci-worker-no-process-sandbox');
      nonGitlabNote();
      l(1, 'before_script:');
      l(2, '- mkdir -p ~/.docker');
      const h = unquote(login.host), u = unquote(login.user), p = unquote(login.password);
      l(2, `- echo "{\\"auths\\":{\\"${h}\\":{\\"username\\":\\"${u}\\",\\"password\\":\\"${p}\\"}}}" > ~/.docker/config.json`);
      l(1, 'script:');
      l(2, '- buildctl-daemonless.sh build');
      li(0, '--frontend dockerfile.v0');
      li(0, '--local context=.');
      li(0, '--local dockerfile=.');
      li(0, `--export-cache "type=registry,ref=${cache}"`);
      li(0, `--import-cache "type=registry,ref=${cache}"`);
      li(0, `--output "type=image,name=${dest},push=true"`);
      break;
    }
  }
  return out.join('\n') + '\n';
}

function unquote(s: string): string { return s.replace(/^"|"$/g, ''); }

// ---------------------------------------------------------------------------------------------------------------
// Runner settings

/** One thing the runner must provide for a strategy; rendered as fresh TOML or applied to an existing config. */
export type RunnerNeed =
  /** Docker: `services_privileged` + `allowed_privileged_services`; Kubernetes: the service container security context. */
  | { kind: 'privileged-services' }
  /** Docker: a `volumes` entry for `path`; Kubernetes: an `empty_dir` mounted at `path`. */
  | { kind: 'volume'; path: string; name: string; medium?: string }
  /** Docker: bind the host's Docker socket. */
  | { kind: 'socket-bind' }
  /** Kubernetes: unconfined seccomp and AppArmor for the build container (rootless BuildKit). */
  | { kind: 'build-unconfined' };

/**
 * The `allowed_privileged_services` pattern dind-doctor writes (fresh runner settings, the picker's edits, quick
 * fixes): every official docker dind tag, as job files spell it (`docker:29-dind`). Patterns are matched against
 * the service name exactly as written in the job (https://docs.gitlab.com/runner/configuration/advanced-configuration/).
 */
export const DIND_ALLOW_PATTERN = 'docker:*-dind';
export const SOCKET_BIND = '/var/run/docker.sock:/var/run/docker.sock';
/** Comment lines written above the socket bind: the trade-off was chosen knowingly. */
export const SOCKET_SUPPRESSION = [
  "# socket binding by choice: jobs control the host's daemon (root-equivalent); trusted projects only",
  '# dind-doctor-disable-next-line socket-binding-root-equivalent',
];

/** What the runner needs for a strategy on an executor; empty when the defaults do. */
export function runnerNeeds(id: StrategyId, executor: Executor): RunnerNeed[] {
  const dind = id === 'dind-tls' || id === 'dind-notls' || id === 'dind-unix-socket';
  const needs: RunnerNeed[] = [];
  if (dind) needs.push({ kind: 'privileged-services' });
  if (id === 'dind-tls') needs.push({ kind: 'volume', path: '/certs/client', name: 'docker-certs', medium: 'Memory' });
  if (id === 'dind-unix-socket') needs.push({ kind: 'volume', path: UNIX_SOCKET_DIR, name: 'docker-socket', medium: 'Memory' });
  if (dind && executor === 'kubernetes') needs.push({ kind: 'volume', path: '/var/lib/docker', name: 'dind-storage' });
  if (id === 'socket-binding' && executor === 'docker') needs.push({ kind: 'socket-bind' });
  if (id === 'buildkit-rootless' && executor === 'kubernetes') needs.push({ kind: 'build-unconfined' });
  return needs;
}

export interface RunnerOptions {
  /** `config`: a complete `[[runners]]` table for config.toml; `helm`: the TOML for the chart's `runners.config`. */
  form?: 'config' | 'helm';
  name?: string;
  url?: string;
  token?: string;
  dockerVersion?: string;
  /** Kubernetes namespace (config form; the Helm form uses the release namespace). */
  namespace?: string;
}

/** The runner settings as TOML text (ending with a newline), or undefined when the strategy needs none. */
export function generateRunnerToml(id: StrategyId, executor: Executor, o: RunnerOptions = {}): string | undefined {
  const needs = runnerNeeds(id, executor);
  if (needs.length === 0) return undefined;
  return renderRunner(executor, needs, { name: `${executor === 'kubernetes' ? 'kubernetes' : 'docker'}-${id}`, ...o });
}

export function renderRunner(executor: Executor, needs: RunnerNeed[], o: RunnerOptions): string {
  const v = o.dockerVersion ?? DOCKER_VERSIONS[0];
  const { out, l } = lines(2);
  const has = (k: RunnerNeed['kind']) => needs.some((n) => n.kind === k);
  const volumes = needs.filter((n): n is Extract<RunnerNeed, { kind: 'volume' }> => n.kind === 'volume');
  l(0, '[[runners]]');
  if (o.form !== 'helm') {
    l(1, `name = "${o.name ?? 'runner'}"`);
    l(1, `url = "${o.url ?? 'https://gitlab.example.com/'}"`);
    l(1, `token = "${o.token ?? 'glrt-REPLACE_ME'}"`);
    l(1, `executor = "${executor}"`);
  }
  if (executor === 'docker') {
    l(1, '[runners.docker]');
    l(2, `image = "docker:${v}-cli"`);
    l(2, 'privileged = false');
    if (has('privileged-services')) {
      l(2, 'services_privileged = true  # dind needs a privileged service container');
      l(2, `allowed_privileged_services = ["${DIND_ALLOW_PATTERN}"]`);
    }
    const vols = [...volumes.map((n) => n.path)];
    if (has('socket-bind')) { vols.unshift(SOCKET_BIND); for (const c of SOCKET_SUPPRESSION) l(2, c); }
    vols.push('/cache');
    l(2, `volumes = [${vols.map((p) => `"${p}"`).join(', ')}]`);
  } else {
    l(1, '[runners.kubernetes]');
    l(2, `namespace = "${o.form === 'helm' ? '{{.Release.Namespace}}' : (o.namespace ?? 'gitlab-runner')}"`);
    l(2, `image = "docker:${v}-cli"`);
    l(2, 'privileged = false');
    if (has('privileged-services')) {
      l(2, '[runners.kubernetes.service_container_security_context]');
      l(3, 'privileged = true  # dind needs a privileged service container');
    }
    if (has('build-unconfined')) {
      l(2, '[runners.kubernetes.build_container_security_context]');
      l(3, '[runners.kubernetes.build_container_security_context.seccomp_profile]');
      l(4, 'type = "Unconfined"');
      l(3, '[runners.kubernetes.build_container_security_context.app_armor_profile]');
      l(4, 'type = "Unconfined"  # GitLab Runner >= 18.11, Kubernetes >= 1.30');
    }
    for (const n of volumes) {
      l(2, '[[runners.kubernetes.volumes.empty_dir]]');
      l(3, `name = "${n.name}"`);
      l(3, `mount_path = "${n.path}"`);
      if (n.medium) l(3, `medium = "${n.medium}"`);
    }
  }
  return out.join('\n') + '\n';
}

/** A gitlab-runner Helm chart values file whose `runners.config` holds the runner settings. */
export function generateHelmValues(id: StrategyId, o: RunnerOptions & { gitlabUrl?: string; secret?: string } = {}): string | undefined {
  const toml = generateRunnerToml(id, 'kubernetes', { ...o, form: 'helm' });
  if (toml === undefined) return undefined;
  return [
    `gitlabUrl: ${o.gitlabUrl ?? 'https://gitlab.example.com/'}`,
    'rbac:',
    '  create: true',
    'runners:',
    `  secret: ${o.secret ?? 'gitlab-runner-secret'}  # keys: runner-token (glrt-...), runner-registration-token: ""`,
    '  config: |',
    ...toml.trimEnd().split('\n').map((x) => '    ' + x),
  ].join('\n') + '\n';
}

// ---------------------------------------------------------------------------------------------------------------
// Snippets

export interface SnippetDef {
  name: string;
  prefix: string;
  description: string;
  body: string[];
}

/** Escapes text for VS Code snippet syntax. */
export function escapeSnippet(s: string): string { return s.replace(/[\\$}]/g, (c) => '\\' + c); }

type Field = { default: string; choices?: readonly string[] };

/**
 * Renders with sentinels in place of the fields, escapes, then turns the sentinels into tabstops: the first
 * occurrence `${n:default}` / `${n|a,b|}`, later ones `${n}` (mirrors).
 */
function snippetize(render: (f: (name: string) => string) => string, fields: [string, Field][]): string[] {
  const sentinel = (name: string) => `\u0001${name}\u0002`;
  let text = escapeSnippet(render(sentinel));
  fields.forEach(([name, f], i) => {
    const n = i + 1;
    let first = true;
    text = text.split(sentinel(name)).reduce((acc, part) => {
      const ph = first ? (f.choices ? `\${${n}|${f.choices.join(',')}|}` : `\${${n}:${escapeSnippet(f.default)}}`) : `\${${n}}`;
      first = false;
      return acc + ph + part;
    });
  });
  if (text.includes('\u0001')) throw new Error('unused snippet field');
  return text.replace(/\n$/, '').split('\n');
}

const CI_SNIPPETS: { prefix: string; id: StrategyId; executor: Executor; description: string }[] = [
  { prefix: 'dind-tls-docker', id: 'dind-tls', executor: 'docker', description: 'Build job: Docker-in-Docker with TLS (Docker executor; runner shares /certs/client)' },
  { prefix: 'dind-tls-k8s', id: 'dind-tls', executor: 'kubernetes', description: 'Build job: Docker-in-Docker with TLS (Kubernetes executor: DOCKER_HOST, DOCKER_TLS_VERIFY, DOCKER_CERT_PATH, HEALTHCHECK_TCP_PORT)' },
  { prefix: 'dind-notls', id: 'dind-notls', executor: 'docker', description: 'Build job: Docker-in-Docker without TLS (port 2375; insecure, prefer TLS)' },
  { prefix: 'socket-binding', id: 'socket-binding', executor: 'docker', description: "Build job: Docker socket binding (host's daemon; runner binds /var/run/docker.sock)" },
  { prefix: 'kaniko', id: 'kaniko', executor: 'docker', description: 'Build job: Kaniko (maintained fork debug image, entrypoint reset)' },
  { prefix: 'buildah', id: 'buildah', executor: 'docker', description: 'Build job: Buildah (vfs storage, chroot isolation, no privileges)' },
  { prefix: 'buildkit-rootless', id: 'buildkit-rootless', executor: 'docker', description: 'Build job: BuildKit rootless, daemonless, with a registry cache' },
  { prefix: 'dind-unix-socket', id: 'dind-unix-socket', executor: 'docker', description: 'Build job: Docker-in-Docker over a Unix socket on a shared runner volume (Docker executor)' },
];

const RUNNER_SNIPPETS: { prefix: string; id: StrategyId; executor: Executor; description: string }[] = [
  { prefix: 'runner-docker-dind', id: 'dind-tls', executor: 'docker', description: 'GitLab Runner: Docker executor for Docker-in-Docker with TLS (privileged services, /certs/client volume)' },
  { prefix: 'runner-k8s-dind', id: 'dind-tls', executor: 'kubernetes', description: 'GitLab Runner: Kubernetes executor for Docker-in-Docker with TLS (privileged service, empty_dir at /certs/client)' },
  { prefix: 'runner-socket-binding', id: 'socket-binding', executor: 'docker', description: "GitLab Runner: Docker executor binding the host's Docker socket" },
];

/** The default-filled equivalent of a snippet: what the snippet expands to without edits. */
export interface SnippetSource { prefix: string; kind: 'job' | 'runner' | 'helm'; id: StrategyId; executor: Executor }

export function snippetSources(): SnippetSource[] {
  return [
    ...CI_SNIPPETS.map((s) => ({ prefix: s.prefix, kind: 'job' as const, id: s.id, executor: s.executor })),
    { prefix: 'helm-runners-config-dind', kind: 'helm', id: 'dind-tls', executor: 'kubernetes' },
    ...RUNNER_SNIPPETS.map((s) => ({ prefix: s.prefix, kind: 'runner' as const, id: s.id, executor: s.executor })),
  ];
}

/** The snippets, in VS Code's snippet syntax: job snippets (and the Helm values one) in `ci`, runner TOML in `runner`; the language server offers them (server/src/lsp/snippets.ts). */
export function renderSnippets(): { ci: Record<string, Omit<SnippetDef, 'name'>>; runner: Record<string, Omit<SnippetDef, 'name'>> } {
  const ci: Record<string, Omit<SnippetDef, 'name'>> = {};
  for (const s of CI_SNIPPETS) {
    const fields: [string, Field][] = [
      ['jobName', { default: DEFAULT_JOB_NAME }],
      ['stage', { default: DEFAULT_STAGE }],
    ];
    const docker = s.id.startsWith('dind') || s.id === 'socket-binding';
    if (docker) fields.push(['version', { default: DOCKER_VERSIONS[0], choices: DOCKER_VERSIONS }]);
    if (s.id === 'buildah') fields.push(['buildahTag', { default: BUILDAH_TAG }]);
    if (s.id === 'buildkit-rootless') fields.push(['buildkitTag', { default: BUILDKIT_TAG }]);
    fields.push(['destination', { default: DEFAULT_DESTINATION }]);
    const body = snippetize((f) => generateJob(s.id, s.executor, {
      jobName: f('jobName'), stage: f('stage'), destination: f('destination'), deriveFrom: DEFAULT_DESTINATION,
      dockerVersion: docker ? f('version') : undefined,
      buildahTag: s.id === 'buildah' ? f('buildahTag') : undefined,
      buildkitTag: s.id === 'buildkit-rootless' ? f('buildkitTag') : undefined,
    }), fields);
    ci[strategyInfo(s.id).label + ` (${s.prefix})`] = { prefix: s.prefix, description: s.description, body };
  }
  ci['gitlab-runner Helm values for Docker-in-Docker (helm-runners-config-dind)'] = {
    prefix: 'helm-runners-config-dind',
    description: 'gitlab-runner Helm chart values: runners.config for Docker-in-Docker with TLS on Kubernetes (privileged service, empty_dir at /certs/client)',
    body: snippetize((f) => generateHelmValues('dind-tls', { gitlabUrl: f('url'), secret: f('secret'), dockerVersion: f('version') })!, [
      ['url', { default: 'https://gitlab.example.com/' }],
      ['secret', { default: 'gitlab-runner-secret' }],
      ['version', { default: DOCKER_VERSIONS[0], choices: DOCKER_VERSIONS }],
    ]),
  };
  const runner: Record<string, Omit<SnippetDef, 'name'>> = {};
  for (const s of RUNNER_SNIPPETS) {
    const fields: [string, Field][] = [
      ['name', { default: `${s.executor}-${s.id}` }],
      ['url', { default: 'https://gitlab.example.com/' }],
      ['token', { default: 'glrt-REPLACE_ME' }],
    ];
    if (s.executor === 'kubernetes') fields.push(['namespace', { default: 'gitlab-runner' }]);
    fields.push(['version', { default: DOCKER_VERSIONS[0], choices: DOCKER_VERSIONS }]);
    runner[`GitLab Runner: ${s.prefix}`] = {
      prefix: s.prefix,
      description: s.description,
      body: snippetize((f) => generateRunnerToml(s.id, s.executor, {
        name: f('name'), url: f('url'), token: f('token'), dockerVersion: f('version'),
        namespace: s.executor === 'kubernetes' ? f('namespace') : undefined,
      })!, fields),
    };
  }
  return { ci, runner };
}
