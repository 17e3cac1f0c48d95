/** Speed and hygiene: redundant settings, image tags, MTU, pull limits, dind where it is not needed. */
import type { Rule } from '../../engine/rule';
import { rule as redundantDockerEnvVars } from '../redundant-docker-env-vars';
import { rule as pushMutableTagOnly } from '../push-mutable-tag-only';
import { rule as dindMtuNotSet } from '../dind-mtu-not-set';
import { rule as dindRegistryRateLimits } from '../dind-registry-rate-limits';
import { rule as dindOnEveryJob } from '../dind-on-every-job';
import { rule as beforeScriptPackageInstallEveryJob } from '../before-script-package-install-every-job';

export const performanceAndHygieneRules: Rule[] = [redundantDockerEnvVars, pushMutableTagOnly, dindMtuNotSet, dindRegistryRateLimits, dindOnEveryJob, beforeScriptPackageInstallEveryJob];
