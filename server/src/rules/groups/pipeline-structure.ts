/** Pipeline structure: deprecated keywords, default lists replaced by a job's own, variables and inherited scripts. */
import type { Rule } from '../../engine/rule';
import { rule as deprecatedGlobalKeywords } from '../deprecated-global-keywords';
import { rule as jobServicesOverrideDropsDind } from '../job-services-override-drops-dind';
import { rule as selfReferencingJobVariable } from '../self-referencing-job-variable';
import { rule as inheritedDockerScriptInNonDockerImage } from '../inherited-docker-script-in-non-docker-image';
import { rule as dindServiceDefinedOnlyInUiVariable } from '../dind-service-defined-only-in-ui-variable';

export const pipelineStructureRules: Rule[] = [deprecatedGlobalKeywords, jobServicesOverrideDropsDind, selfReferencingJobVariable, inheritedDockerScriptInNonDockerImage, dindServiceDefinedOnlyInUiVariable];
