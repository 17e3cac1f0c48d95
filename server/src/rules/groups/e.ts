/** Catalogue group E. */
import type { Rule } from '../../engine/rule';

export const groupE: Rule[] = [];
