/**
 * Legal history and time travel (legal staff and administrators): a person's every event
 * with who wrote it and on what basis, the record as the register held it at an instant
 * and as it was in law on a day, the difference between two such points, and where each
 * field of the record comes from. Read straight from the person's stream and folded by the
 * domain's evolve (src/domain/history): no read model, so nothing to wait for.
 */
import {
  BadRequestException,
  Controller,
  Get,
  NotFoundException,
  Param,
  Query,
} from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiForbiddenResponse,
  ApiHeader,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiQuery,
  ApiTags,
} from '@nestjs/swagger';
import { isIsoDate, personStream } from '../../domain';
import {
  diffBetween,
  parseInstant,
  personsNamed,
  provenance,
  recordAt,
  timeline,
  type TimePoint,
} from '../../domain/history';
import { EventStore, type StoredEvent } from '../../eventstore';
import { Roles } from '../auth/auth.guard';
import type { FieldError } from '../errors';
import { IdcsPipe } from '../registration/idcs.pipe';
import { ErrorReplyDto } from '../registration/replies';
import { AccessLog } from './access-log';
import { Reading, type ReadContext } from './read-context';

/** Query parameters every read may carry (read-context.ts reads `position`). */
const COMMON = ['position'];

const INSTANT_REASON =
  'must be an ISO 8601 instant with its zone, e.g. 2019-03-03T12:00:00Z or 2019-03-03T13:00:00+01:00';
const DAY_REASON = 'must be a calendar day, YYYY-MM-DD';

function instantParam(
  query: Record<string, unknown>,
  name: string,
  errors: FieldError[],
): string | undefined {
  const value = query[name];
  if (value === undefined) return undefined;
  const instant = typeof value === 'string' ? parseInstant(value) : null;
  if (instant === null) errors.push({ path: `query:${name}`, reason: INSTANT_REASON });
  return instant ?? undefined;
}

function dayParam(
  query: Record<string, unknown>,
  name: string,
  errors: FieldError[],
): string | undefined {
  const value = query[name];
  if (value === undefined) return undefined;
  if (isIsoDate(value)) return value;
  errors.push({ path: `query:${name}`, reason: DAY_REASON });
  return undefined;
}

/** A point on both axes from two parameters; problems go to `errors`. */
function pointFrom(
  query: Record<string, unknown>,
  names: { asOf: string; validAt: string },
  errors: FieldError[],
): TimePoint {
  const asOf = instantParam(query, names.asOf, errors);
  const validAt = dayParam(query, names.validAt, errors);
  return { ...(asOf !== undefined && { asOf }), ...(validAt !== undefined && { validAt }) };
}

function checkQuery(
  query: Record<string, unknown>,
  allowed: readonly string[],
  errors: FieldError[],
) {
  for (const key of Object.keys(query))
    if (!allowed.includes(key) && !COMMON.includes(key))
      errors.push({
        path: `query:${key}`,
        reason: `unknown parameter; this query takes ${allowed.join(', ') || 'none'}`,
      });
}

function refuse(errors: FieldError[]): void {
  if (errors.length === 0) return;
  throw new BadRequestException({
    statusCode: 400,
    error: 'Bad Request',
    message: errors.map((e) => `${e.path}: ${e.reason}`).join('; '),
    errors,
  });
}

const pointReply = (point: TimePoint) => ({
  asOf: point.asOf ?? null,
  validAt: point.validAt ?? null,
});

@ApiTags('legal history')
@ApiBearerAuth()
@ApiParam({ name: 'idcs', description: 'The person’s IDCS (ten digits, Luhn check digit)' })
@ApiHeader({ name: 'X-Sijill-Purpose', required: false, description: 'Why the record is read' })
@ApiBadRequestResponse({ type: ErrorReplyDto, description: 'A malformed date or parameter' })
@ApiForbiddenResponse({ type: ErrorReplyDto, description: 'Only legal staff and administrators' })
@ApiNotFoundResponse({ type: ErrorReplyDto, description: 'No such person in the register' })
@Roles('legal', 'admin')
@Controller('persons/:idcs')
export class HistoryController {
  constructor(
    private readonly store: EventStore,
    private readonly accessLog: AccessLog,
  ) {}

  private async stream(idcs: string): Promise<StoredEvent[]> {
    const events = await this.store.readStream(personStream(idcs));
    if (events.length === 0)
      throw new NotFoundException({
        statusCode: 404,
        error: 'Not Found',
        message: `No person ${idcs} in the register`,
      });
    return events;
  }

  /** Logs the read of every person the reply names, then hands the reply back. */
  private async logged<T>(read: ReadContext, action: string, idcs: string, reply: T): Promise<T> {
    await this.accessLog.recordRead(read, action, [...personsNamed(reply, new Set([idcs]))]);
    return reply;
  }

  @Get('history')
  @ApiOperation({
    summary:
      'Every event on the record, oldest first: type, recorded and effective times, actor, legal basis, what it changed',
  })
  @ApiQuery({ name: 'asOf', required: false, description: 'Only events recorded by this instant' })
  @ApiOkResponse({
    description:
      '{ idcs, asOf, events: [{ position, type, recordedAt, effect, actor, legalBasis, description, changes: [{ field, before, after }] }] }',
  })
  async history(
    @Reading() read: ReadContext,
    @Param('idcs', IdcsPipe) idcs: string,
    @Query() query: Record<string, unknown>,
  ) {
    const errors: FieldError[] = [];
    checkQuery(query, ['asOf'], errors);
    const asOf = instantParam(query, 'asOf', errors);
    refuse(errors);
    const events = timeline(await this.stream(idcs), asOf);
    return this.logged(read, 'history.read', idcs, { idcs, asOf: asOf ?? null, events });
  }

  @Get('as-of')
  @ApiOperation({
    summary:
      'The record as the register held it at an instant (asOf) and as it was in law on a day (validAt); either or both',
  })
  @ApiQuery({ name: 'asOf', required: false, description: 'Transaction time: an ISO 8601 instant' })
  @ApiQuery({ name: 'validAt', required: false, description: 'Valid time: a day, YYYY-MM-DD' })
  @ApiOkResponse({ description: '{ idcs, asOf, validAt, record, known, applied, notYetInEffect }' })
  async asOf(
    @Reading() read: ReadContext,
    @Param('idcs', IdcsPipe) idcs: string,
    @Query() query: Record<string, unknown>,
  ) {
    const errors: FieldError[] = [];
    checkQuery(query, ['asOf', 'validAt'], errors);
    const point = pointFrom(query, { asOf: 'asOf', validAt: 'validAt' }, errors);
    if (point.asOf === undefined && point.validAt === undefined && errors.length === 0)
      errors.push({ path: 'query', reason: 'give asOf, validAt or both' });
    refuse(errors);
    const at = recordAt(await this.stream(idcs), point);
    return this.logged(read, 'history.as-of', idcs, {
      idcs,
      ...pointReply(point),
      record: at.state,
      known: at.known,
      applied: at.applied,
      notYetInEffect: at.notYetInEffect,
    });
  }

  @Get('diff')
  @ApiOperation({
    summary:
      'What differs between the record at two points; each point is an asOf instant and/or a validAt day, today’s record when not given',
  })
  @ApiQuery({ name: 'fromAsOf', required: false })
  @ApiQuery({ name: 'fromValidAt', required: false })
  @ApiQuery({ name: 'toAsOf', required: false })
  @ApiQuery({ name: 'toValidAt', required: false })
  @ApiOkResponse({
    description:
      '{ idcs, from: { asOf, validAt }, to: { asOf, validAt }, changes: [{ field, before, after }] }',
  })
  async diff(
    @Reading() read: ReadContext,
    @Param('idcs', IdcsPipe) idcs: string,
    @Query() query: Record<string, unknown>,
  ) {
    const errors: FieldError[] = [];
    const names = ['fromAsOf', 'fromValidAt', 'toAsOf', 'toValidAt'];
    checkQuery(query, names, errors);
    const from = pointFrom(query, { asOf: 'fromAsOf', validAt: 'fromValidAt' }, errors);
    const to = pointFrom(query, { asOf: 'toAsOf', validAt: 'toValidAt' }, errors);
    if (errors.length === 0 && names.every((n) => query[n] === undefined))
      errors.push({ path: 'query', reason: `give at least one of ${names.join(', ')}` });
    refuse(errors);
    const changes = diffBetween(await this.stream(idcs), from, to);
    return this.logged(read, 'history.diff', idcs, {
      idcs,
      from: pointReply(from),
      to: pointReply(to),
      changes,
    });
  }

  @Get('provenance')
  @ApiOperation({
    summary:
      'For each field of the record (today’s, or at asOf / validAt), the event that set it: when, by whom, on what basis',
  })
  @ApiQuery({ name: 'asOf', required: false })
  @ApiQuery({ name: 'validAt', required: false })
  @ApiOkResponse({ description: '{ idcs, asOf, validAt, fields: [{ field, value, setBy }] }' })
  async provenance(
    @Reading() read: ReadContext,
    @Param('idcs', IdcsPipe) idcs: string,
    @Query() query: Record<string, unknown>,
  ) {
    const errors: FieldError[] = [];
    checkQuery(query, ['asOf', 'validAt'], errors);
    const point = pointFrom(query, { asOf: 'asOf', validAt: 'validAt' }, errors);
    refuse(errors);
    const fields = provenance(await this.stream(idcs), point);
    return this.logged(read, 'history.provenance', idcs, { idcs, ...pointReply(point), fields });
  }
}
