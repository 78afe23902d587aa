/**
 * GET /statistics/…: vital statistics by date of occurrence and the population stock, for
 * planners (and legal staff and administrators). Cells, never records: no access-log entry,
 * and every reply goes through the small-cell rule of projections/vital-statistics/disclosure.ts.
 * JSON by default; CSV with ?format=csv or Accept: text/csv.
 */
import { BadRequestException, Controller, Get, Param, Query, Req, Res } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiForbiddenResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiProduces,
  ApiQuery,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import {
  AGE_GROUPS,
  MOTHER_AGE_GROUPS,
  REGISTRATIONS,
  TIMELINESS,
} from '../../../projections/vital-statistics/classify';
import { publish, SMALL_CELL } from '../../../projections/vital-statistics/disclosure';
import { populationAt, type StockLevel } from '../../../projections/vital-statistics/stock';
import {
  dimensionsOf,
  KINDS,
  tableFor,
  tabulate,
  type Cell,
  type Dimension,
  type Kind,
  type TabulationQuery,
} from '../../../projections/vital-statistics/tables';
import { VITAL_STATISTICS } from '../../../projections/vital-statistics/vital-statistics.projection';
import { isIsoDate } from '../../domain';
import { ReadSql } from '../../infrastructure/read-sql';
import { ReadModels } from '../../infrastructure/read-models.module';
import { Roles } from '../auth/auth.guard';
import type { Role } from '../auth/tokens';
import { ErrorReplyDto } from '../registration/replies';
import { sendCsv, toCsv, wantsCsv, type CsvValue } from './csv';
import { Reading, type ReadContext } from './read-context';

const STATISTICS_READERS: Role[] = ['planner', 'legal', 'admin'];
const RULE = `cells counting 1 to ${SMALL_CELL - 1} are withheld (count null, "<${SMALL_CELL}" in CSV); the total is the sum of the cells shown`;

type Raw = Record<string, string | string[] | undefined>;
interface Problem {
  path: string;
  reason: string;
}

const PLACE_CODE = /^[0-9A-Za-z][0-9A-Za-z._-]{0,31}$/;

const VALUES: Partial<Record<Dimension, RegExp | readonly string[]>> = {
  // Codes of the territorial division as the acts carry them (e.g. 06, 06.01, 06.01.001).
  region: PLACE_CODE,
  province: PLACE_CODE,
  commune: PLACE_CODE,
  sex: ['M', 'F', 'U'],
  motherAge: MOTHER_AGE_GROUPS,
  ageGroup: [...AGE_GROUPS, 'unknown'],
  timeliness: TIMELINESS,
  registration: REGISTRATIONS,
  office: /^[A-Za-z0-9._-]{1,40}$/,
  kind: ['talaq', 'tatliq', 'khul', 'mutual-consent'],
  duration: ['under-1', '1-4', '5-9', '10-14', '15-19', '20+', 'unknown'],
};

function fail(problems: Problem[]): never {
  throw new BadRequestException({
    statusCode: 400,
    error: 'Bad Request',
    message: problems.map((p) => `${p.path}: ${p.reason}`).join('; '),
    errors: problems,
  });
}

function single(raw: Raw, name: string, problems: Problem[]): string | undefined {
  const value = raw[name];
  if (Array.isArray(value)) {
    problems.push({ path: `query:${name}`, reason: 'given more than once' });
    return undefined;
  }
  return value;
}

function unknownParameters(raw: Raw, allowed: readonly string[], problems: Problem[]): void {
  for (const name of Object.keys(raw)) {
    if (!allowed.includes(name)) {
      problems.push({ path: `query:${name}`, reason: `unknown; expected ${allowed.join(', ')}` });
    }
  }
}

function yearMonth(value: string | undefined, name: string, end: boolean, problems: Problem[]) {
  if (value === undefined) return undefined;
  const m = /^(\d{4})(?:-(\d{2}))?$/.exec(value);
  const month = m?.[2] === undefined ? (end ? 12 : 0) : Number(m[2]);
  if (!m || month > 12 || (m[2] !== undefined && month < 1)) {
    problems.push({ path: `query:${name}`, reason: 'YYYY or YYYY-MM' });
    return undefined;
  }
  return { year: Number(m[1]), month };
}

function groupBy(raw: string | undefined, allowed: readonly string[], problems: Problem[]) {
  if (raw === undefined || raw === '') return [];
  const names = raw.split(',').map((s) => s.trim());
  for (const name of names) {
    if (!allowed.includes(name)) {
      problems.push({ path: 'query:groupBy', reason: `${name}: expected ${allowed.join(', ')}` });
    }
  }
  if (new Set(names).size !== names.length)
    problems.push({ path: 'query:groupBy', reason: 'a dimension is named twice' });
  return names as Dimension[];
}

function filter(raw: Raw, dimension: Dimension, problems: Problem[]): string | undefined {
  const value = single(raw, dimension, problems);
  if (value === undefined) return undefined;
  const rule = VALUES[dimension];
  const ok = rule instanceof RegExp ? rule.test(value) : (rule ?? []).includes(value);
  if (!ok) {
    const expected = rule instanceof RegExp ? `a code matching ${rule.source}` : rule?.join(', ');
    problems.push({ path: `query:${dimension}`, reason: `expected ${expected}` });
    return undefined;
  }
  return value;
}

interface Allowed {
  groupBy: readonly Dimension[];
  filters: readonly Dimension[];
  /** Always grouped by (timeliness, for the timeliness table). */
  always?: Dimension;
}

/** What each kind may be grouped and filtered by, worked out once. */
const ALLOWED = new Map<Kind, Allowed>(
  KINDS.map((kind) => {
    const dimensions = dimensionsOf(kind);
    const filters = dimensions.filter((d) => d !== 'year' && d !== 'month');
    return [kind, { groupBy: dimensions, filters }];
  }),
);

const allowedFor = (kind: Kind): Allowed => ALLOWED.get(kind)!;

function parseTabulation(
  kind: Kind,
  raw: Raw,
  allowed: Allowed = allowedFor(kind),
): TabulationQuery & { csv: string | undefined } {
  const problems: Problem[] = [];
  const params = ['from', 'to', 'groupBy', 'format', 'position', ...allowed.filters];
  unknownParameters(raw, params, problems);
  const from = yearMonth(single(raw, 'from', problems), 'from', false, problems);
  const to = yearMonth(single(raw, 'to', problems), 'to', true, problems);
  if (from && to && from.year * 100 + from.month > to.year * 100 + to.month)
    problems.push({ path: 'query:to', reason: 'before from' });
  const by = groupBy(single(raw, 'groupBy', problems), allowed.groupBy, problems);
  if (allowed.always && !by.includes(allowed.always)) by.push(allowed.always);
  const filters: TabulationQuery['filters'] = {};
  for (const d of allowed.filters) {
    const value = filter(raw, d, problems);
    if (value !== undefined) filters[d] = value;
  }
  const csv = single(raw, 'format', problems);
  if (csv !== undefined && csv !== 'csv' && csv !== 'json')
    problems.push({ path: 'query:format', reason: 'csv or json' });
  if (
    problems.length === 0 &&
    !tableFor({ kind, filters, groupBy: by, ...(from && { from }), ...(to && { to }) })
  ) {
    problems.push({
      path: 'query:groupBy',
      reason: `these dimensions are not tabulated together for ${kind}: commune goes with year, month, region, province and sex only`,
    });
  }
  if (problems.length > 0) fail(problems);
  return { kind, ...(from && { from }), ...(to && { to }), filters, groupBy: by, csv };
}

/** Births and deaths share these dimensions of the timeliness table. */
const TIMELINESS_ALLOWED: Allowed = {
  groupBy: ['year', 'month', 'region', 'province', 'sex', 'registration'],
  filters: ['region', 'province', 'sex', 'registration'],
  always: 'timeliness',
};

@ApiTags('statistics')
@ApiBearerAuth()
@ApiBadRequestResponse({ type: ErrorReplyDto, description: 'A malformed or unknown parameter' })
@ApiUnauthorizedResponse({ type: ErrorReplyDto })
@ApiForbiddenResponse({
  type: ErrorReplyDto,
  description: 'Roles other than planner, legal, admin',
})
@ApiProduces('application/json', 'text/csv')
@Controller('statistics')
export class StatisticsController {
  constructor(
    private readonly db: ReadSql,
    private readonly readModels: ReadModels,
  ) {}

  @Get('population')
  @Roles(...STATISTICS_READERS)
  @ApiOperation({
    summary: 'The population stock at a date',
    description:
      'Persons born on or before `at` and not dead on or before it, whose birth act stands, by place of birth (the only place every record holds), sex and five-year age group (age in completed years at `at`; a paper act giving only a year of birth is placed on 1 July, a year and month on the 15th). Persons whose act gives no date of birth are not counted. ' +
      RULE,
  })
  @ApiQuery({ name: 'at', example: '2024-12-31' })
  @ApiQuery({ name: 'level', required: false, enum: ['national', 'region', 'province'] })
  @ApiQuery({ name: 'groupBy', required: false, example: 'sex,ageGroup' })
  @ApiQuery({ name: 'region', required: false, example: '06' })
  @ApiQuery({ name: 'province', required: false, example: '06.01' })
  @ApiQuery({ name: 'format', required: false, enum: ['json', 'csv'] })
  @ApiOkResponse({ description: '{ at, level, groupBy, rule, total, suppressedCells, rows }' })
  async population(
    @Query() raw: Raw,
    @Reading() read: ReadContext,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<object | string> {
    const problems: Problem[] = [];
    unknownParameters(
      raw,
      ['at', 'level', 'groupBy', 'region', 'province', 'format', 'position'],
      problems,
    );
    const at = single(raw, 'at', problems);
    if (!isIsoDate(at)) problems.push({ path: 'query:at', reason: 'a date, YYYY-MM-DD' });
    const level = (single(raw, 'level', problems) ?? 'national') as StockLevel;
    if (!['national', 'region', 'province'].includes(level))
      problems.push({ path: 'query:level', reason: 'national, region or province' });
    const by = groupBy(single(raw, 'groupBy', problems), ['sex', 'ageGroup'], problems);
    const region = filter(raw, 'region', problems);
    const province = filter(raw, 'province', problems);
    const format = single(raw, 'format', problems);
    if (format !== undefined && format !== 'csv' && format !== 'json')
      problems.push({ path: 'query:format', reason: 'csv or json' });
    if (problems.length > 0 || !isIsoDate(at)) fail(problems);
    await this.readModels.waitFor([VITAL_STATISTICS], read.position);
    const stock = await populationAt(this.db, {
      at,
      level,
      ...(region !== undefined && { region }),
      ...(province !== undefined && { province }),
    });
    const dims = [
      ...(level === 'national' ? [] : level === 'region' ? ['region'] : ['region', 'province']),
      ...by,
    ];
    const cells = new Map<string, Record<string, string | number>>();
    for (const row of stock) {
      const key = dims.map((d) => row[d as keyof typeof row]);
      const id = key.join('\u0001');
      const cell = cells.get(id) ?? {
        ...Object.fromEntries(dims.map((d, i) => [d, key[i]!])),
        count: 0,
      };
      cell.count = Number(cell.count) + row.count;
      cells.set(id, cell);
    }
    const published = publish([...cells.values()] as (Record<string, string | number> & {
      count: number;
    })[]);
    if (wantsCsv(request, format))
      return sendCsv(reply, `population-${at}.csv`, csvOf(dims, published.rows));
    return { at, level, groupBy: by, rule: RULE, ...published };
  }

  @Get('timeliness')
  @Roles(...STATISTICS_READERS)
  @ApiOperation({
    summary: 'Timeliness of birth and death registration',
    description:
      'Births and deaths by date of occurrence and timeliness of their registration: on-time (within the legal period of src/domain/rules.ts: 30 days for a birth, a year abroad; 3 days for a death certified by a hospital or prison, 30 for a family), late (within a year), delayed (after a year), unknown (digitised paper acts). `share` is the share of the cells shown within each kind and group. ' +
      RULE,
  })
  @ApiQuery({ name: 'from', required: false, example: '2020-01' })
  @ApiQuery({ name: 'to', required: false, example: '2020-12' })
  @ApiQuery({ name: 'groupBy', required: false, example: 'year,region,registration' })
  @ApiQuery({ name: 'format', required: false, enum: ['json', 'csv'] })
  async timeliness(
    @Query() raw: Raw,
    @Reading() read: ReadContext,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<object | string> {
    const {
      kind: _kind,
      groupBy: by,
      csv,
      ...rest
    } = parseTabulation('births', raw, TIMELINESS_ALLOWED);
    await this.readModels.waitFor([VITAL_STATISTICS], read.position);
    const rows: (Cell & { event: string })[] = [];
    for (const event of ['births', 'deaths'] as const) {
      const cells = await tabulate(this.db, { ...rest, kind: event, groupBy: by });
      rows.push(...cells.map((c) => ({ event, ...c })));
    }
    const published = publish(rows);
    const others = by.filter((d) => d !== 'timeliness');
    const groupTotal = new Map<string, number>();
    const groupId = (r: Record<string, unknown>) =>
      [r.event, ...others.map((d) => r[d])].join('\u0001');
    for (const r of published.rows)
      groupTotal.set(groupId(r), (groupTotal.get(groupId(r)) ?? 0) + (r.count ?? 0));
    const withShares = published.rows.map((r) => {
      const total = groupTotal.get(groupId(r)) ?? 0;
      return { ...r, share: r.count === null || total === 0 ? null : round(r.count / total) };
    });
    const dims = ['event', ...others, 'timeliness'];
    if (wantsCsv(request, csv))
      return sendCsv(reply, 'timeliness.csv', csvOf(dims, withShares, ['share']));
    return { groupBy: dims, rule: RULE, ...published, rows: withShares };
  }

  @Get(':kind')
  @Roles(...STATISTICS_READERS)
  @ApiOperation({
    summary: 'Births, deaths, marriages or divorces by date of occurrence',
    description:
      'Counts of events by the month they happened (not when they were registered: a late registration counts in its month of occurrence, a rectified date moves it, an annulled act leaves). ' +
      'Births and deaths are placed where they happened (place of birth, place of death: the acts do not give the usual residence); births can be grouped by mother’s age group (under-15, 15-19 … 45-49, 50+, unknown), deaths by age group at death (0-4 … 85+, unknown); both by timeliness and by registration (declaration, judgment, police-report, transcription). ' +
      'Marriage and divorce notes carry no place of occurrence: they are tabulated by the office that noted them; divorces also by kind and by duration of the marriage. ' +
      'Commune goes with year, month, region, province and sex only. Month 0 holds paper acts that give a year only. ' +
      RULE,
  })
  @ApiParam({ name: 'kind', enum: KINDS })
  @ApiQuery({ name: 'from', required: false, example: '2020-01' })
  @ApiQuery({ name: 'to', required: false, example: '2020-12' })
  @ApiQuery({ name: 'groupBy', required: false, example: 'month,sex' })
  @ApiQuery({ name: 'region', required: false, example: '06' })
  @ApiQuery({ name: 'province', required: false, example: '06.01' })
  @ApiQuery({ name: 'commune', required: false, example: '06.01.001' })
  @ApiQuery({ name: 'format', required: false, enum: ['json', 'csv'] })
  @ApiOkResponse({
    description: '{ kind, from, to, filters, groupBy, rule, total, suppressedCells, rows }',
  })
  async tabulation(
    @Param('kind') kind: string,
    @Query() raw: Raw,
    @Reading() read: ReadContext,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<object | string> {
    if (!(KINDS as readonly string[]).includes(kind))
      fail([{ path: 'param:kind', reason: `expected ${KINDS.join(', ')}` }]);
    const { csv, ...query } = parseTabulation(kind as Kind, raw);
    await this.readModels.waitFor([VITAL_STATISTICS], read.position);
    const published = publish(await tabulate(this.db, query));
    if (wantsCsv(request, csv))
      return sendCsv(reply, `${kind}.csv`, csvOf(query.groupBy, published.rows));
    return {
      kind,
      from: query.from ?? null,
      to: query.to ?? null,
      filters: query.filters,
      groupBy: query.groupBy,
      rule: RULE,
      ...published,
    };
  }
}

const round = (x: number) => Math.round(x * 10000) / 10000;

function csvOf(
  dims: readonly string[],
  rows: readonly (Record<string, unknown> & { count: number | null })[],
  extra: readonly string[] = [],
): string {
  const columns = [...dims, 'count', ...extra];
  return toCsv(
    columns,
    rows.map((r) => {
      const out: Record<string, CsvValue> = {};
      for (const c of columns) out[c] = r[c] as CsvValue;
      out.count = r.count === null ? `<${SMALL_CELL}` : r.count;
      return out;
    }),
  );
}
