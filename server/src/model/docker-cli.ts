/**
 * The Docker CLI in jobs: which job images are known to have no Docker CLI, which docker calls a job really makes
 * there, and which docker commands talk to a daemon (`docker build` does; `docker login`, `docker manifest`,
 * `docker --version` do not).
 */
import type { ImageRef } from './docker';
import { dockerCommands, dockerSubcommand } from './facts';
import type { Job, JobCommand } from './pipeline';

/** Docker Hub official images known to ship no Docker CLI (only these are judged: custom images may contain it). */
const NO_CLI = new Set(['alpine', 'ubuntu', 'debian', 'centos', 'fedora', 'rockylinux', 'almalinux', 'amazonlinux', 'oraclelinux', 'busybox', 'archlinux',
  'node', 'python', 'golang', 'maven', 'gradle', 'openjdk', 'eclipse-temurin', 'amazoncorretto', 'ruby', 'php', 'rust', 'gcc', 'perl', 'bash', 'composer',
  'elixir', 'erlang', 'haskell', 'julia', 'r-base', 'swift', 'dart', 'clojure', 'groovy', 'buildpack-deps', 'mono', 'pypy']);

/** The script installs or fetches a Docker CLI, or only runs docker when present. */
const INSTALLS = /\b(apk|apt-get|apt|yum|dnf|microdnf|zypper|pacman|pip3?|brew|snap|nix-env)\b[^\n]*\bdocker\b|docker-ce|docker\.io\b|get\.docker\.com|download\.docker\.com|\/docker\/docker-|command -v docker|which docker|type docker|hash docker/;

const DEFINES_FUNCTION = /(^|\n)\s*(function\s+[\w-]+|[\w-]+\s*\(\s*\)\s*\{?)/;

/** The Docker Hub official image's short name when it is one known to lack the Docker CLI (`maven` for `maven:3-jdk-17`). */
export function imageWithoutDockerCli(ref: ImageRef): string | undefined {
  if (ref.hasVariables) return undefined;
  const m = /^(?:(?:docker\.io|index\.docker\.io|registry-1\.docker\.io)\/)?(?:library\/)?([a-z0-9._-]+)$/.exec(ref.name);
  return m && NO_CLI.has(m[1]) ? m[1] : undefined;
}

/**
 * The docker calls that would run in a job image without the CLI: none when the job installs the CLI (or only
 * calls docker when it is present); calls inside shell function definitions (a shared library) are left out.
 */
export function dockerCallsWithoutCli(job: Job): JobCommand[] {
  if (job.scripts.some((l) => INSTALLS.test(l.text))) return [];
  return dockerCommands(job).filter((c) => !DEFINES_FUNCTION.test(c.line.text));
}

/** A docker call that comes from an inherited `before_script`/`after_script` (`default:`, top level, `extends`). */
export function inheritedHookCall(c: JobCommand): boolean {
  return (c.line.section === 'before_script' || c.line.section === 'after_script') && (c.line.source === 'default' || c.line.source === 'extends');
}

/** Docker CLI subcommands that never talk to the daemon. */
const DAEMONLESS = new Set(['help', 'manifest', 'context', 'login', 'logout', 'trust', 'scout', 'sbom', 'plugin', 'completion']);
const BUILDX_DAEMONLESS = new Set(['imagetools', 'version', 'ls', 'rm', 'stop', 'prune', 'du', 'use']);
const COMPOSE_DAEMONLESS = new Set(['version', 'config', 'convert', 'ls']);

/** A docker command that needs a daemon (not `docker --version`, `docker login`, `docker manifest`, …). */
export function needsDaemon(c: JobCommand): boolean {
  const w = c.words.map((x) => x.text);
  if (w.some((x) => x === '--help' || x === '-h') || c.assignments.some((a) => a.text.startsWith('DOCKER_HOST='))) return false;
  if (w.slice(1).some((x) => /^(-H|--host|--context|-c)(=|$)/.test(x))) return false;
  const sub = dockerSubcommand(c);
  if (sub === undefined) return false; // `docker`, `docker --version`
  const i = w.indexOf(sub);
  const next = w.slice(i + 1).find((x) => !x.startsWith('-'));
  if (/docker-compose$/.test(w[0])) return !COMPOSE_DAEMONLESS.has(sub);
  if (DAEMONLESS.has(sub)) return false;
  if (sub === 'buildx') return next !== undefined && !BUILDX_DAEMONLESS.has(next);
  if (sub === 'compose') return next !== undefined && !COMPOSE_DAEMONLESS.has(next);
  return true;
}
