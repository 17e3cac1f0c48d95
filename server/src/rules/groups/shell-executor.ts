/** The shell executor: no containers, the host's Docker daemon, the gitlab-runner user's home shared by every job. */
import type { Rule } from '../../engine/rule';
import { rule as shellExecutorIgnoresImageAndServices } from '../shell-executor-ignores-image-and-services';
import { rule as shellExecutorDaemonHostname } from '../shell-executor-daemon-hostname';
import { rule as shellExecutorDockerLoginPersists } from '../shell-executor-docker-login-persists';
import { rule as shellExecutorDockerGroupRoot } from '../shell-executor-docker-group-root';

export const shellExecutorRules: Rule[] = [shellExecutorIgnoresImageAndServices, shellExecutorDaemonHostname, shellExecutorDockerLoginPersists, shellExecutorDockerGroupRoot];
