/** Catalogue group H. */
import type { Rule } from '../../engine/rule';

export const groupH: Rule[] = [];
