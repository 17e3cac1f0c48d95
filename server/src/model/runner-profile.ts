/**
 * Runner profiles: runners the workspace cannot show, described by their documented settings. `gitlab-hosted-linux`
 * is GitLab.com's hosted Linux runners, as GitLab documents them ("Hosted runners on Linux",
 * https://docs.gitlab.com/ci/runners/hosted_runners/linux/): the `docker+machine` executor, `privileged` mode for
 * runners with a `saas-linux-<size>-<architecture>` tag (untagged jobs run on `saas-linux-small-amd64`), and
 * `ruby:3.1` as the default image. Nothing else is documented for them today, so everything else stays unknown:
 * the runner is built as a fragment (no `[[runners]]` array), which makes rules that judge an absence (volumes,
 * environment, allow-lists) stay quiet.
 */
import { get, items, str } from '../formats/yaml';
import { parseToml, type TomlDoc } from '../formats/toml';
import type { Pipeline } from './pipeline';
import { readRunnerConfig, type Runner } from './runner';

export const RUNNER_PROFILES = ['gitlab-hosted-linux'] as const;
export type RunnerProfile = (typeof RUNNER_PROFILES)[number];

/** Files of profile runners are not files: findings and fixes that point into them are dropped by the engine. */
export const PROFILE_FILE_PREFIX = 'dind-doctor-profile:';
export function isProfileFile(path: string): boolean { return path.startsWith(PROFILE_FILE_PREFIX); }

const HOSTED_LINUX_TOML = `[runners]
  name = "GitLab hosted runners on Linux"
  executor = "docker+machine"
  [runners.docker]
    image = "ruby:3.1"
    privileged = true
`;

let hostedLinux: Runner[] | undefined;

/** The profile's runners (built once; runner facts memoise on them). */
export function profileRunners(profile: RunnerProfile): Runner[] {
  const doc: TomlDoc = parseToml(`${PROFILE_FILE_PREFIX}${profile}.toml`, HOSTED_LINUX_TOML);
  hostedLinux ??= readRunnerConfig(doc, false).runners;
  return hostedLinux;
}

/**
 * Whether every job of the pipeline runs on the hosted Linux runners with `privileged` mode: untagged, or tagged
 * only with `saas-linux-<size>-<amd64|arm64>` tags. A job with any other tag (a project's own runner, `gitlab-org`,
 * the GPU runners' `…-gpu-standard`) may run elsewhere, so the profile is not applied to the pipeline then.
 */
export function profileApplies(profile: RunnerProfile, pipeline: Pipeline): boolean {
  if (profile !== 'gitlab-hosted-linux') return false;
  return pipeline.jobs.every((job) => {
    const t = get(job.config, 'tags');
    if (!t) return true;
    const tags = items(t).map((i) => str(i));
    return tags.every((x) => x !== undefined && /^saas-linux-[a-z0-9]+-(amd64|arm64)$/.test(x));
  });
}
