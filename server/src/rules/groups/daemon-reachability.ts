/** Whether the job reaches a Docker daemon: DOCKER_HOST, service hostnames and aliases, the daemon a job needs. */
import type { Rule } from '../../engine/rule';
import { rule as dindHostWithoutService } from '../dind-host-without-service';
import { rule as dindServiceAliasNotDocker } from '../dind-service-alias-not-docker';
import { rule as serviceAliasInvalidDns } from '../service-alias-invalid-dns';
import { rule as dockerHostLocalhostOnDockerExecutor } from '../docker-host-localhost-on-docker-executor';
import { rule as dockerCliWithoutDaemon } from '../docker-cli-without-daemon';
import { rule as k8sDindDockerHostUnset } from '../k8s-dind-docker-host-unset';
import { rule as unixSocketDindVolumeMissing } from '../unix-socket-dind-volume-missing';
import { rule as legacyLinkEnvVars } from '../legacy-link-env-vars';

export const daemonReachabilityRules: Rule[] = [dindHostWithoutService, dindServiceAliasNotDocker, serviceAliasInvalidDns, dockerHostLocalhostOnDockerExecutor, dockerCliWithoutDaemon, k8sDindDockerHostUnset, unixSocketDindVolumeMissing, legacyLinkEnvVars];
