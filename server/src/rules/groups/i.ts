/** Catalogue group I. */
import type { Rule } from '../../engine/rule';

export const groupI: Rule[] = [];
