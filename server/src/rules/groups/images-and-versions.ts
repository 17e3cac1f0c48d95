/** Which docker images a job uses, and CLI/daemon versions. */
import type { Rule } from '../../engine/rule';
import { rule as dockerImageUnpinned } from '../docker-image-unpinned';
import { rule as dockerCliTooOldForDaemon } from '../docker-cli-too-old-for-daemon';
import { rule as dockerCliDindVersionSkew } from '../docker-cli-dind-version-skew';
import { rule as dindTooOld } from '../dind-too-old';
import { rule as dockerServiceNotDind } from '../docker-service-not-dind';
import { rule as jobImageDindWithoutDaemon } from '../job-image-dind-without-daemon';
import { rule as jobImageLacksDockerCli } from '../job-image-lacks-docker-cli';
import { rule as obsoleteDockerComposeImage } from '../obsolete-docker-compose-image';
import { rule as redundantDockerToolInstall } from '../redundant-docker-tool-install';

export const imageAndVersionRules: Rule[] = [dockerImageUnpinned, dockerCliTooOldForDaemon, dockerCliDindVersionSkew, dindTooOld, dockerServiceNotDind, jobImageDindWithoutDaemon, jobImageLacksDockerCli, obsoleteDockerComposeImage, redundantDockerToolInstall];
