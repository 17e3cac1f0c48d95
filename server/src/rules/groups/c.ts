/** Catalogue group C. */
import type { Rule } from '../../engine/rule';

export const groupC: Rule[] = [];
