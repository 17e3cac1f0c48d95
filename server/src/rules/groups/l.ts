/** Pipeline structure: deprecated keywords, default lists replaced by a job's own, variables and inherited scripts. */
import type { Rule } from '../../engine/rule';
import { rule as l2 } from '../deprecated-global-keywords';
import { rule as l3 } from '../job-services-override-drops-dind';
import { rule as l5 } from '../self-referencing-job-variable';
import { rule as l6 } from '../inherited-docker-script-in-non-docker-image';
import { rule as l7 } from '../dind-service-defined-only-in-ui-variable';

export const groupL: Rule[] = [l2, l3, l5, l6, l7];
