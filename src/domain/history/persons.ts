import { isValidIdcs } from '../shared/idcs';

const IDCS_RUN = /(?<!\d)\d{10}(?!\d)/g;

/**
 * Every IDCS a reply names (spouses, parents, kafil, the deceased a marriage ended with),
 * wherever it sits: in a value, a field name or a description. The access log must record
 * each person whose data is shown, and over-counting a ten-digit run that happens to pass
 * the check digit is safer than missing a spouse.
 */
export function personsNamed(reply: unknown, found: Set<string> = new Set()): Set<string> {
  if (typeof reply === 'string') {
    for (const [run] of reply.matchAll(IDCS_RUN)) if (isValidIdcs(run)) found.add(run);
  } else if (Array.isArray(reply)) {
    for (const item of reply) personsNamed(item, found);
  } else if (typeof reply === 'object' && reply !== null) {
    for (const value of Object.values(reply)) personsNamed(value, found);
  }
  return found;
}
