/** What makes a finding's message start with a headline (test/headlines.test.ts; also usable from scripts). */
import { firstSentence, type Finding } from '../server/src/engine/types';

export const MAX_HEADLINE = 100;

/** Why a finding's message does not start with a headline, or undefined when it does. */
export function headlineProblem(f: Finding): string | undefined {
  const h = f.headline;
  if (h === undefined) return 'no headline';
  if (!f.message.startsWith(h)) return 'the message does not start with its headline';
  if (f.message.length > h.length && f.message[h.length] !== ' ') return 'the headline is not followed by a space';
  if (h.length > MAX_HEADLINE) return `the headline has ${h.length} characters (at most ${MAX_HEADLINE})`;
  if (h.length < 20) return 'the headline is too short to say what is wrong and what breaks';
  if (!/[.!?]$/.test(h)) return 'the headline does not end a sentence';
  if (firstSentence(f.message) !== h) return `the headline is not one sentence (its first sentence: "${firstSentence(f.message)}")`;
  return undefined;
}
