/**
 * Vital statistics by date of occurrence and the population stock. A page of events is
 * applied in a fixed handful of statements: the facts of the records it touches are read
 * at once, the events folded into them in memory, and the difference between each
 * record's old and new contribution written as one upsert of deltas per table. A rebuild
 * writes each row once instead (vital-statistics.rebuild.ts).
 */
import type { DivorceNoted, MarriageNoted } from '../../src/domain';
import type { StoredEvent } from '../../src/eventstore';
import type { Transaction } from '../../src/eventstore/db';
import { defineProjection } from '../../src/projection/projection';
import { contribution } from './contributions';
import { Deltas, divorceCell, marriageCell, onHusbandsRecord } from './counts';
import { applyFact, FACT_EVENT_TYPES, relatedIdcs, type FactEvent, type VitalFact } from './facts';
import { vitalStatisticsRebuilder } from './vital-statistics.rebuild';
import { VITAL_STATISTICS_ENTITIES } from './vital-statistics.entity';

export const VITAL_STATISTICS = 'vital-statistics';
export { durationGroup } from './counts';

async function applyFacts(
  tx: Transaction,
  events: readonly FactEvent[],
  deltas: Deltas,
): Promise<void> {
  if (events.length === 0) return;
  // An act that opens a record finds no fact before it: only the later notes look theirs up.
  const opening = new Set(['BirthRegistered', 'LegacyActDigitised', 'UnidentifiedDeathRegistered']);
  const ids = [...new Set(events.filter((e) => !opening.has(e.type)).flatMap(relatedIdcs))];
  const stored =
    ids.length === 0
      ? []
      : await tx.query<{ idcs: string; fact: VitalFact }>(
          'select idcs, fact from vital_person where idcs = any($1::text[])',
          [ids],
        );
  const before = new Map(stored.map((r) => [r.idcs, r.fact]));
  const facts = new Map(before);
  for (const event of events) applyFact(facts, event);
  const changed = [...facts].filter(([idcs, fact]) => before.get(idcs) !== fact);
  if (changed.length === 0) return;
  for (const [idcs, fact] of changed) {
    deltas.add(contribution(before.get(idcs)), -1);
    deltas.add(contribution(fact), 1);
  }
  // One JSON document for the page: PostgreSQL parses it once, instead of an array literal
  // of escaped JSON strings.
  await tx.query(
    `insert into vital_person (idcs, fact)
     select f->>'idcs', f from json_array_elements($1::json) f
     on conflict (idcs) do update set fact = excluded.fact`,
    [JSON.stringify(changed.map(([, fact]) => fact))],
  );
}

async function applyCouples(
  tx: Transaction,
  events: readonly StoredEvent[],
  deltas: Deltas,
): Promise<void> {
  const marriages = new Map<string, string>();
  const divorces: DivorceNoted['data'][] = [];
  for (const e of events) {
    if (e.type === 'MarriageNoted') {
      const d = e.data as MarriageNoted['data'];
      if (!onHusbandsRecord(e.streamId, d.husband.idcs) || marriages.has(d.marriageId)) continue;
      marriages.set(d.marriageId, d.date.gregorian);
      deltas.marriages.add(marriageCell(d), 1);
    } else if (e.type === 'DivorceNoted') {
      const d = e.data as DivorceNoted['data'];
      if (onHusbandsRecord(e.streamId, d.husband)) divorces.push(d);
    }
  }
  if (marriages.size > 0) {
    await tx.query(
      `insert into vital_marriage (marriage_id, date)
       select * from unnest($1::text[], $2::text[]) on conflict (marriage_id) do nothing`,
      [[...marriages.keys()], [...marriages.values()]],
    );
  }
  const missing = divorces.map((d) => d.marriageId).filter((id) => !marriages.has(id));
  if (missing.length > 0) {
    const rows = await tx.query<{ marriage_id: string; date: string }>(
      'select marriage_id, date from vital_marriage where marriage_id = any($1::text[])',
      [missing],
    );
    for (const r of rows) marriages.set(r.marriage_id, r.date);
  }
  for (const d of divorces)
    deltas.divorces.add(divorceCell(d, marriages.get(d.marriageId) ?? null), 1);
}

export const vitalStatistics = defineProjection({
  name: VITAL_STATISTICS,
  eventTypes: new Set([...FACT_EVENT_TYPES, 'MarriageNoted', 'DivorceNoted']),
  entities: VITAL_STATISTICS_ENTITIES,
  async apply(tx: Transaction, events: readonly StoredEvent[]): Promise<void> {
    const deltas = new Deltas();
    const factEvents = events
      .filter((e) => FACT_EVENT_TYPES.has(e.type))
      .map((e) => ({ type: e.type, data: e.data }) as FactEvent);
    await applyFacts(tx, factEvents, deltas);
    await applyCouples(tx, events, deltas);
    await deltas.write(tx);
  },
  rebuilder: vitalStatisticsRebuilder,
});
