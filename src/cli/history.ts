/**
 * `npx sijill history <IDCS> [--as-of T] [--valid-at D] [--json]`: a person's legal history
 * in a terminal, read straight from the event store: every event with who recorded it, when,
 * on what basis and what it changed, then the record at the point asked with the event that
 * set each field. The read is written to the access log like any read through the API.
 */
import type { Command } from 'commander';
import { userInfo } from 'node:os';
import { AccessLog } from '../api/queries/access-log';
import { assertNever, isIsoDate, parseIdcs, personStream } from '../domain';
import {
  parseInstant,
  personsNamed,
  provenance,
  recordAt,
  timeline,
  type BasisOfRecord,
  type Effect,
  type TimelineEntry,
  type TimePoint,
} from '../domain/history';
import type { Actor } from '../domain';
import { EventStore } from '../eventstore';
import { openStoreDatabase } from '../infrastructure/store.module';

interface HistoryOptions {
  asOf?: string;
  validAt?: string;
  purpose?: string;
  json?: boolean;
}

const NONE = '—';

export function valueLabel(value: unknown): string {
  if (value === null || value === undefined) return NONE;
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}

export function actorLabel(actor: Actor | null): string {
  if (!actor) return NONE;
  return `${actor.userId} (${actor.role}${actor.office ? `, ${actor.office}` : ''})`;
}

export function basisLabel(basis: BasisOfRecord | null): string {
  if (!basis) return NONE;
  const parts = [basis.kind];
  if (basis.reference) parts.push(basis.reference);
  if (basis.date) parts.push(`of ${basis.date}`);
  const by = basis.court ?? basis.authority ?? basis.source;
  return by ? `${parts.join(' ')}, ${by}` : parts.join(' ');
}

export function effectLabel(effect: Effect): string {
  switch (effect.kind) {
    case 'dated':
      return `from ${effect.from}`;
    case 'retroactive':
      return `from the start (${effect.because})`;
    case 'undated':
      return 'undated';
    default:
      return assertNever(effect);
  }
}

/** `2026-05-01T10:00:00.123456Z` → `2026-05-01 10:00:00.123456`, all UTC. */
const when = (instant: string): string => instant.replace('T', ' ').replace(/Z$/, '');

/** Columns padded to their widest cell; the last one is left as it is. */
export function table(rows: readonly (readonly string[])[], indent = ''): string[] {
  const widths: number[] = [];
  for (const row of rows)
    row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, [...cell].length)));
  return rows.map(
    (row) =>
      indent +
      row
        .map((cell, i) =>
          i === row.length - 1 ? cell : cell + ' '.repeat(widths[i]! - [...cell].length),
        )
        .join('  ')
        .trimEnd(),
  );
}

function eventLines(entries: readonly TimelineEntry[]): string[] {
  const lines: string[] = [];
  const header = ['#', 'Recorded (UTC)', 'In effect', 'Event', 'Actor', 'Legal basis'];
  const rows = entries.map((e) => [
    String(e.version),
    when(e.recordedAt),
    effectLabel(e.effect),
    e.type,
    actorLabel(e.actor),
    basisLabel(e.legalBasis),
  ]);
  const rendered = table([header, ...rows]);
  lines.push(rendered[0]!);
  entries.forEach((e, i) => {
    lines.push(rendered[i + 1]!, `    ${e.description}`);
    const changes = e.changes.map((c) => [
      c.field,
      `${valueLabel(c.before)} → ${valueLabel(c.after)}`,
    ]);
    lines.push(...table(changes, '      '));
  });
  return lines;
}

export function renderHistory(
  idcs: string,
  events: Parameters<typeof timeline>[0],
  point: TimePoint,
): string {
  const entries = timeline(events, point.asOf);
  const at = recordAt(events, point);
  const fields = provenance(events, point);
  const lines = [
    `Legal history of ${idcs}: ${
      point.asOf ? `events recorded by ${when(point.asOf)} UTC` : 'every event recorded'
    } (${entries.length})`,
    '',
    ...eventLines(entries),
    '',
    `Record ${point.asOf ? `as of ${when(point.asOf)} UTC` : 'as recorded today'}, ${
      point.validAt ? `valid at ${point.validAt}` : 'with every known event in effect'
    }: ${at.state.status}`,
  ];
  if (at.notYetInEffect.length > 0)
    lines.push(
      `Not yet in effect on ${point.validAt ?? ''}: ${at.notYetInEffect
        .map((e) => `#${e.version} ${e.type} (${effectLabel(e.effect)})`)
        .join(', ')}`,
    );
  lines.push(
    '',
    ...table([
      ['Field', 'Value', 'Set by (event #)'],
      ...fields.map((f) => [
        f.field,
        valueLabel(f.value),
        // The event's who, when and basis are on its line above.
        `#${f.setBy.version} ${f.setBy.type}`,
      ]),
    ]),
  );
  return `${lines.join('\n')}\n`;
}

function pointOf(options: HistoryOptions): TimePoint {
  const point: TimePoint = {};
  if (options.asOf !== undefined) {
    const instant = parseInstant(options.asOf);
    if (!instant)
      throw new Error(
        `--as-of ${options.asOf}: must be an ISO 8601 instant with its zone, e.g. 2019-03-03T12:00:00Z`,
      );
    point.asOf = instant;
  }
  if (options.validAt !== undefined) {
    const refusal = `--valid-at ${options.validAt}: must be a calendar day, YYYY-MM-DD`;
    if (!isIsoDate(options.validAt)) throw new Error(refusal);
    point.validAt = options.validAt;
  }
  return point;
}

export function registerHistoryCommand(program: Command): void {
  program
    .command('history')
    .description(
      "a person's legal history: every event with who recorded it, when, on what basis and what it changed; then the record at a point in time",
    )
    .argument('<idcs>', "the person's IDCS")
    .option('--as-of <instant>', 'transaction time: what the register said at this instant')
    .option('--valid-at <day>', 'valid time: the record in law on this day (YYYY-MM-DD)')
    .option('--purpose <text>', 'why the record is read (written to the access log)')
    .option('--json', 'print JSON instead of tables')
    .action(async (rawIdcs: string, options: HistoryOptions) => {
      const idcs = parseIdcs(rawIdcs, 'idcs');
      const point = pointOf(options);
      const db = await openStoreDatabase({ migrate: false });
      try {
        const events = await new EventStore(db).readStream(personStream(idcs));
        if (events.length === 0) throw new Error(`no person ${idcs} in the register`);
        const output = options.json
          ? `${JSON.stringify({
              idcs,
              asOf: point.asOf ?? null,
              validAt: point.validAt ?? null,
              events: timeline(events, point.asOf),
              record: recordAt(events, point).state,
              provenance: provenance(events, point),
            })}\n`
          : renderHistory(idcs, events, point);
        // Logged before anything is shown, as the API does.
        await new AccessLog(db).record({
          principal: { userId: `cli:${userInfo().username}`, role: 'admin' },
          action: 'history.read',
          idcs: [...personsNamed(output, new Set([idcs]))],
          purpose: options.purpose ?? 'command line: sijill history',
        });
        process.stdout.write(output);
      } finally {
        await db.close();
      }
    });
}
