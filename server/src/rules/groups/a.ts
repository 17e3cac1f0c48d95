/** Catalogue group A. */
import type { Rule } from '../../engine/rule';

export const groupA: Rule[] = [];
