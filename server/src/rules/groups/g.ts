/** Catalogue group G. */
import type { Rule } from '../../engine/rule';

export const groupG: Rule[] = [];
