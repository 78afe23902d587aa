/**
 * The family views of a person, from the family-links read model: parents, children,
 * spouses and siblings; ancestors and descendants; the family booklet; the degree of
 * kinship between two persons. Every reply is logged, one access-log row per person it
 * holds, before it is sent.
 */
import {
  BadRequestException,
  Controller,
  Get,
  NotFoundException,
  Param,
  Query,
  applyDecorators,
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
  ApiServiceUnavailableResponse,
  ApiTags,
} from '@nestjs/swagger';
import { InvalidCommand, parseIdcs } from '../../domain';
import { ReadSql } from '../../infrastructure/read-sql';
import { ReadModels } from '../../infrastructure/read-models.module';
import { FAMILY_LINKS } from '../../../projections/family-links/family-links.projection';
import { FamilyQueries } from '../../../projections/family-links/family-links.queries';
import type {
  BookletView,
  FamilyView,
  KinshipView,
  Viewed,
} from '../../../projections/family-links/family-links.views';
import { Roles } from '../auth/auth.guard';
import { ErrorReplyDto } from '../registration/replies';
import { IdcsPipe } from '../registration/idcs.pipe';
import { AccessLog } from './access-log';
import { PERSON_READERS, Reading, type ReadContext } from './read-context';

const DEFAULT_DEPTH = 3;
const MAX_DEPTH = 10;

function badRequest(path: string, reason: string): BadRequestException {
  return new BadRequestException({
    statusCode: 400,
    error: 'Bad Request',
    message: `${path}: ${reason}`,
    errors: [{ path, reason }],
  });
}

/** `?depth=`: generations to follow, 1 to 10, 3 when absent. */
export function parseDepth(raw: unknown): number {
  if (raw === undefined) return DEFAULT_DEPTH;
  if (typeof raw !== 'string' || !/^\d{1,2}$/.test(raw) || +raw < 1 || +raw > MAX_DEPTH)
    throw badRequest('query:depth', `must be a whole number of generations from 1 to ${MAX_DEPTH}`);
  return Number(raw);
}

function otherIdcs(raw: string): string {
  try {
    return parseIdcs(raw, 'other');
  } catch (error) {
    if (error instanceof InvalidCommand) throw badRequest('other', error.reason);
    throw error;
  }
}

function unknownPerson(idcs: string): NotFoundException {
  return new NotFoundException({
    statusCode: 404,
    error: 'Not Found',
    message: `no person with IDCS ${idcs} in the register`,
  });
}

/** Roles, OpenAPI, and the answers every family view may give. */
function FamilyRead(path: string, summary: string, description: string) {
  return applyDecorators(
    Get(path),
    Roles(...PERSON_READERS),
    ApiBearerAuth(),
    ApiOperation({ summary }),
    ApiOkResponse({ description }),
    ApiQuery({
      name: 'position',
      required: false,
      description: 'A command’s global position: the reply waits until the view includes it',
    }),
    ApiHeader({
      name: 'X-Sijill-Purpose',
      required: false,
      description: 'Why the data is read (required of partner administrations)',
    }),
    ApiBadRequestResponse({ type: ErrorReplyDto, description: 'A malformed IDCS or parameter' }),
    ApiForbiddenResponse({ type: ErrorReplyDto, description: 'Planners never see individuals' }),
    ApiNotFoundResponse({ type: ErrorReplyDto, description: 'No such person in the register' }),
    ApiServiceUnavailableResponse({
      type: ErrorReplyDto,
      description: 'The view has not yet reached `position`; retry shortly',
    }),
  );
}

const DEPTH_QUERY = ApiQuery({
  name: 'depth',
  required: false,
  description: `Generations to follow, 1 to ${MAX_DEPTH} (default ${DEFAULT_DEPTH})`,
});

@ApiTags('family')
@ApiParam({ name: 'idcs', description: 'The person’s IDCS (ten digits, Luhn check digit)' })
@Controller('persons/:idcs')
export class FamilyController {
  private readonly queries: FamilyQueries;

  constructor(
    db: ReadSql,
    private readonly readModels: ReadModels,
    private readonly accessLog: AccessLog,
  ) {
    this.queries = new FamilyQueries(db);
  }

  /** Read your writes, then log every person of the reply before handing it over. */
  private async read<View>(
    read: ReadContext,
    idcs: string,
    query: () => Promise<Viewed<View> | null>,
  ): Promise<View> {
    await this.readModels.waitFor([FAMILY_LINKS], read.position);
    const found = await query();
    if (!found) throw unknownPerson(idcs);
    await this.accessLog.recordRead(read, 'family.read', found.persons);
    return found.view;
  }

  @FamilyRead(
    'family',
    'The person’s family: parents, children, spouses, siblings, kafala',
    'Parents as the acts establish them (birth act, legacy act, recognition, rectification by judgment); children; current and former spouses with the marriage and its end (divorce or death) and their legal references; full and half siblings; kafala apart, as guardianship',
  )
  family(@Reading() read: ReadContext, @Param('idcs', IdcsPipe) idcs: string): Promise<FamilyView> {
    return this.read(read, idcs, () => this.queries.family(idcs));
  }

  @FamilyRead(
    'ancestors',
    'The person’s ancestors, generation by generation',
    'One entry per line (F father, M mother, read from the person: FM is the father’s mother); parents named on an act without a record of the register come with their name only',
  )
  @DEPTH_QUERY
  ancestors(
    @Reading() read: ReadContext,
    @Param('idcs', IdcsPipe) idcs: string,
    @Query('depth') depth?: string,
  ) {
    const generations = parseDepth(depth);
    return this.read(read, idcs, () => this.queries.ancestors(idcs, generations));
  }

  @FamilyRead(
    'descendants',
    'The person’s descendants, generation by generation',
    'Children, grandchildren… up to `depth` generations, nearest first, at most 5000 (`truncated` says so)',
  )
  @DEPTH_QUERY
  descendants(
    @Reading() read: ReadContext,
    @Param('idcs', IdcsPipe) idcs: string,
    @Query('depth') depth?: string,
  ) {
    const generations = parseDepth(depth);
    return this.read(read, idcs, () => this.queries.descendants(idcs, generations));
  }

  @FamilyRead(
    'family-booklet',
    'The family booklet (الدفتر العائلي), issued in the husband’s name',
    'The husband, his wives (current, and former with the date and kind of the end) and the children of each wife with him. For a woman: her current husband’s booklet, or her late husband’s when her last marriage ended with his death; 404 when she has none (divorced or never married), and for a man never married',
  )
  async booklet(
    @Reading() read: ReadContext,
    @Param('idcs', IdcsPipe) idcs: string,
  ): Promise<BookletView> {
    return this.read(read, idcs, async () => {
      const result = await this.queries.booklet(idcs);
      switch (result.kind) {
        case 'booklet':
          return { view: result.view, persons: result.persons };
        case 'unknown-person':
          return null;
        case 'no-booklet':
          throw new NotFoundException({
            statusCode: 404,
            error: 'Not Found',
            message: `no family booklet: ${result.reason}`,
          });
      }
    });
  }

  @FamilyRead(
    'kinship/:other',
    'The degree of kinship between two persons',
    'Civil-law computation: generations up from the person to the nearest common ancestor, then down to the other (the degree is their sum), the relationship’s name where simple, and the path; `spouse` or `former-spouse` between spouses not related by blood; `none` within the search depth',
  )
  @DEPTH_QUERY
  @ApiParam({ name: 'other', description: 'The other person’s IDCS' })
  kinship(
    @Reading() read: ReadContext,
    @Param('idcs', IdcsPipe) idcs: string,
    @Param('other') rawOther: string,
    @Query('depth') depth?: string,
  ): Promise<KinshipView> {
    const other = otherIdcs(rawOther);
    const generations = parseDepth(depth);
    return this.read(read, idcs, async () => {
      const found = await this.queries.kinship(idcs, other, generations);
      if (!found && (await this.queries.exists(idcs))) throw unknownPerson(other);
      return found;
    });
  }
}
