/**
 * The rebuild of the vital statistics from position zero. Instead of reading and rewriting
 * each record's fact and every touched cell page after page, the facts of the records
 * still open are kept in memory and folded with the same applyFact; when a record's stream
 * has no more events its fact is final: its contribution is added once to counts summed in
 * memory, its row is written with COPY, and it is forgotten. The count and stock tables are
 * written once, at the end. Counts are sums of the records' contributions, so the rows are
 * those that `apply`'s deltas leave.
 *
 * What a stream's end does not settle:
 * - an unidentified body's fact: an identification is a DeathRegistered on the identified
 *   person's record (`identifiedFrom`) that changes the unidentified act's fact too, and it
 *   may come after that act's stream has ended. Such acts are few: they stay to the end;
 * Every other event changes only the fact of the record it is written on, and a marriage's
 * date serves only the divorces noted on the husband's record (the only ones counted): it
 * is forgotten with the husband's stream.
 */
import type { DivorceNoted, MarriageNoted } from '../../src/domain';
import type { Transaction } from '../../src/eventstore/db';
import { copyField, copyJson } from '../../src/projection/copy';
import type { RebuildEvent, Rebuilder } from '../../src/projection/projection';
import { contribution } from './contributions';
import { SortedBatch } from './copy';
import { Deltas, divorceCell, isRecordOf, marriageCell, onHusbandsRecord } from './counts';
import { applyFact, FACT_EVENT_TYPES, type FactEvent, type VitalFact } from './facts';
import { StockDeltas } from './stock';

const PERSON = 'person-';
/** Rows held for a sorted batch: about 60 MB of facts. */
const BATCH = 200_000;

const personLine = (fact: VitalFact) => `${copyField(fact.idcs)}\t${copyJson(fact)}\n`;

export function vitalStatisticsRebuilder(): Rebuilder {
  const facts = new Map<string, VitalFact>();
  const totals = new Deltas(new StockDeltas('marks'));
  /** Marriage id → date, while the husband's stream is open. */
  const marriages = new Map<string, string>();
  /** Husband's IDCS → the marriages noted on his record. */
  const marriagesOf = new Map<string, string[]>();
  const persons = new SortedBatch('vital_person', ['idcs', 'fact'], BATCH);
  const couples = new SortedBatch('vital_marriage', ['marriage_id', 'date'], BATCH);

  /** Counts a final fact once and writes it; an unidentified body's fact stays. */
  const close = (idcs: string): void => {
    const fact = facts.get(idcs);
    if (fact?.kind !== 'person') return;
    facts.delete(idcs);
    totals.add(contribution(fact), 1);
    persons.add(personLine(fact));
  };

  return {
    // A record whose last event is of another type (a widowhood, a name change) is then
    // closed at that event instead of held to the end.
    streamEnds: true,
    async apply(tx: Transaction, events: readonly RebuildEvent[]): Promise<void> {
      const divorces: DivorceNoted['data'][] = [];
      const ended: string[] = [];
      for (const e of events) {
        if (FACT_EVENT_TYPES.has(e.type)) {
          const event = { type: e.type, data: e.data } as FactEvent;
          // A fact closed with one stream must be changed by that stream's events only.
          if (!isRecordOf(e.streamId, event.data.idcs))
            throw new Error(
              `vital-statistics rebuild: ${e.type} at ${e.position} on ${e.streamId} is about person-${event.data.idcs}`,
            );
          applyFact(facts, event);
        } else if (e.type === 'MarriageNoted') {
          const d = e.data as MarriageNoted['data'];
          const husband = d.husband.idcs;
          // Noted once per record (its id is the command's): `apply`'s check per page and
          // this one per husband's record agree.
          if (onHusbandsRecord(e.streamId, husband) && !marriages.has(d.marriageId)) {
            marriages.set(d.marriageId, d.date.gregorian);
            const his = marriagesOf.get(husband);
            if (his) his.push(d.marriageId);
            else marriagesOf.set(husband, [d.marriageId]);
            couples.add(`${copyField(d.marriageId)}\t${copyField(d.date.gregorian)}\n`);
            totals.marriages.add(marriageCell(d), 1);
          }
        } else if (e.type === 'DivorceNoted') {
          const d = e.data as DivorceNoted['data'];
          if (onHusbandsRecord(e.streamId, d.husband)) divorces.push(d);
        }
        if (e.lastOfStream && e.streamId.startsWith(PERSON))
          ended.push(e.streamId.slice(PERSON.length));
      }
      // As `apply` does, a divorce finds a marriage noted later on the same page.
      for (const d of divorces)
        totals.divorces.add(divorceCell(d, marriages.get(d.marriageId) ?? null), 1);
      for (const idcs of ended) {
        close(idcs);
        for (const id of marriagesOf.get(idcs) ?? []) marriages.delete(id);
        marriagesOf.delete(idcs);
      }
      await couples.flush(tx);
      await persons.flush(tx);
    },

    async finish(tx: Transaction): Promise<void> {
      const open = [...facts.values()];
      facts.clear();
      marriages.clear();
      marriagesOf.clear();
      for (const fact of open) {
        totals.add(contribution(fact), 1);
        persons.add(personLine(fact));
        if (persons.size >= BATCH) await persons.flush(tx);
      }
      await couples.flush(tx, true);
      await persons.flush(tx, true);
      await totals.copy(tx);
    },
  };
}
