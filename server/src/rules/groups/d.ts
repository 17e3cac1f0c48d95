/** Catalogue group D. */
import type { Rule } from '../../engine/rule';

export const groupD: Rule[] = [];
