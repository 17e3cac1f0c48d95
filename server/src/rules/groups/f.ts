/** Catalogue group F. */
import type { Rule } from '../../engine/rule';

export const groupF: Rule[] = [];
