// The patience message, worded from the crate's own template (src/patience.rs, generated into
// the facts): "This is your third note to Dana since 2 November with no reply. …"
import { PATIENCE } from '../../../target/generated/facts';
import type { Patience } from '../protocol';

function ordinal(n: number): string {
  if (n >= 1 && n <= PATIENCE.ordinals.length) return PATIENCE.ordinals[n - 1];
  const suffix = n % 100 >= 11 && n % 100 <= 13 ? 'th' : (['th', 'st', 'nd', 'rd'][n % 10] ?? 'th');
  return `${n}${suffix}`;
}

/** "2 November" (with the year when it is not this one) of a day number. */
function human(day: number, today: Date): string {
  const d = new Date(day * 86_400_000);
  const year = d.getUTCFullYear() === today.getUTCFullYear() ? '' : ` ${d.getUTCFullYear()}`;
  return `${d.getUTCDate()} ${PATIENCE.months[d.getUTCMonth()]}${year}`;
}

/** What to tell the writer, when the note reaches their count; null otherwise. `name` is how
 *  the page names the recipient (never stored). */
export function patienceMessage(p: Patience | undefined, name: string | null, today = new Date()): string | null {
  if (!p?.warn || !p.unanswered_days.length) return null;
  return PATIENCE.message
    .replace('{nth}', ordinal(p.nth))
    .replace('{name}', name?.trim() || 'them')
    .replace('{since}', human(p.unanswered_days[0], today));
}
