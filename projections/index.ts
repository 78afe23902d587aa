/**
 * Every read model the register maintains. The application runs each of them; the
 * `projections` CLI rebuilds and reports on them by name.
 */
import type { Projection } from '../src/projection/projection';
import { familyLinks } from './family-links/family-links.projection';
import { nameSearch } from './name-search/name-search.projection';
import { personRecord } from './person-record/person-record.projection';
import { registerIndex } from './register-index/register-index.projection';
import { vitalStatistics } from './vital-statistics/vital-statistics.projection';

export const PROJECTIONS: readonly Projection[] = [
  registerIndex,
  personRecord,
  familyLinks,
  nameSearch,
  vitalStatistics,
];

export function projectionNamed(name: string): Projection {
  const found = PROJECTIONS.find((p) => p.name === name);
  if (!found)
    throw new Error(
      `no projection named ${name}; known: ${PROJECTIONS.map((p) => p.name).join(', ')}`,
    );
  return found;
}
