/**
 * GET /persons/search: persons by name, fuzzy, in Arabic or Latin script, ranked; and
 * GET /duplicates: suspected duplicate acts for review. Both read the name-search read
 * model, and both write every person in the reply to the access log before replying.
 * Registered before the persons controller, so that /persons/search is not read as an IDCS.
 */
import { BadRequestException, Controller, ForbiddenException, Get, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiForbiddenResponse,
  ApiHeader,
  ApiOkResponse,
  ApiOperation,
  ApiProperty,
  ApiQuery,
  ApiServiceUnavailableResponse,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { nameSearch } from '../../../projections/name-search/name-search.projection';
import {
  duplicateCandidates,
  ExactReads,
  NearKeys,
  searchPersons,
  type DuplicateCandidate,
  type SearchHit,
} from '../../../projections/name-search/name-search.queries';
import { isIsoDate } from '../../domain';
import {
  DUPLICATE_THRESHOLD,
  parseNameQuery,
  type NameQuery,
  type SearchCriteria,
} from '../../domain/names';
import { ReadSql } from '../../infrastructure/read-sql';
import { ReadModels } from '../../infrastructure/read-models.module';
import { Roles } from '../auth/auth.guard';
import { ErrorReplyDto } from '../registration/replies';
import { AccessLog } from './access-log';
import { PERSON_READERS, Reading, type ReadContext } from './read-context';

export const MAX_SEARCH_LIMIT = 50;
export const MAX_DUPLICATES_LIMIT = 200;

type Params = Record<string, unknown>;
interface Problem {
  path: string;
  reason: string;
}

function refuse(problems: Problem[]): never {
  throw new BadRequestException({
    statusCode: 400,
    error: 'Bad Request',
    message: problems.map((p) => `${p.path}: ${p.reason}`).join('; '),
    errors: problems,
  });
}

/** Reads query parameters, collecting every problem rather than stopping at the first. */
class ParamReader {
  readonly problems: Problem[] = [];
  constructor(
    private readonly params: Params,
    allowed: readonly string[],
  ) {
    for (const key of Object.keys(params))
      if (!allowed.includes(key)) this.fail(key, 'is not a parameter of this query');
  }

  fail(name: string, reason: string): undefined {
    this.problems.push({ path: `query:${name}`, reason });
    return undefined;
  }

  text(name: string): string | undefined {
    const value = this.params[name];
    if (value === undefined) return undefined;
    if (typeof value !== 'string') return this.fail(name, 'must be given once');
    return value;
  }

  matching(name: string, pattern: RegExp, reason: string): string | undefined {
    const value = this.text(name);
    if (value === undefined) return undefined;
    return pattern.test(value) ? value : this.fail(name, reason);
  }

  integer(name: string, min: number, max: number): number | undefined {
    const value = this.text(name);
    if (value === undefined) return undefined;
    return /^\d{1,6}$/.test(value) && Number(value) >= min && Number(value) <= max
      ? Number(value)
      : this.fail(name, `must be an integer from ${min} to ${max}`);
  }

  name(name: string, required: boolean): NameQuery | undefined {
    if (this.params[name] === undefined)
      return required ? this.fail(name, 'is required') : undefined;
    const value = this.text(name);
    if (value === undefined) return undefined;
    if (value.length > 200) return this.fail(name, 'at most 200 characters');
    const parsed = parseNameQuery(value);
    return 'error' in parsed ? this.fail(name, parsed.error) : parsed;
  }

  done(): void {
    if (this.problems.length > 0) refuse(this.problems);
  }
}

const PLACE = /^[A-Za-z0-9.]{2,20}$/;

class NameReply {
  @ApiProperty({ example: { ar: 'محمد', lat: 'Mohamed' } }) given!: object;
  @ApiProperty({ example: { ar: 'العلوي', lat: 'El Alaoui' } }) family!: object;
}

class SearchHitReply {
  @ApiProperty({ example: '4823019475' }) idcs!: string;
  @ApiProperty({ example: 0.934, description: '0 to 1, best first' }) score!: number;
  @ApiProperty({
    example: ['name', 'birthYear'],
    description:
      'Criteria that agreed: name, sex, birthDate, birthYear, birthPlace, fatherName, motherName',
  })
  matched!: string[];
  @ApiProperty({ enum: ['alive', 'deceased', 'unidentified-deceased'] }) status!: string;
  @ApiProperty() name!: NameReply;
  @ApiProperty({ enum: ['M', 'F'], nullable: true }) sex!: string | null;
  @ApiProperty({ nullable: true, example: '1962', description: 'YYYY, YYYY-MM or YYYY-MM-DD' })
  birthDate!: string | null;
  @ApiProperty({ example: { commune: '04.441.01.01', province: '04.441' } }) birthPlace!: object;
  @ApiProperty({ example: 'BEC-0412', description: 'The office holding the act' }) office!: string;
}

class SearchReply {
  @ApiProperty({ enum: ['ar', 'lat'], description: 'The script the name was read in' })
  script!: string;
  @ApiProperty({ type: [SearchHitReply] }) results!: SearchHitReply[];
}

class DuplicatePersonReply {
  @ApiProperty({ example: '4823019475' }) idcs!: string;
  @ApiProperty({ example: 'BEC-0412' }) office!: string;
  @ApiProperty() name!: NameReply;
  @ApiProperty({ enum: ['M', 'F'], nullable: true }) sex!: string | null;
  @ApiProperty({ nullable: true, example: '2024-03-05' }) birthDate!: string | null;
}

class DuplicateReply {
  @ApiProperty({ example: 0.912 }) score!: number;
  @ApiProperty({
    example: ['givenName', 'familyName', 'birthDate', 'motherName'],
    description:
      'givenName, familyName, sex, birthDate, birthDateNear (±31 days), birthMonth, birthYear, fatherName, motherName, birthPlace, birthProvince',
  })
  matched!: string[];
  @ApiProperty({ type: [DuplicatePersonReply], description: 'The two acts' })
  persons!: DuplicatePersonReply[];
}

class DuplicatesReply {
  @ApiProperty({ type: [DuplicateReply] }) candidates!: DuplicateReply[];
}

const PURPOSE_HEADER = ApiHeader({
  name: 'X-Sijill-Purpose',
  required: false,
  description:
    'Why the data is read; required for partner administrations, recorded in the access log',
});
const POSITION_QUERY = ApiQuery({
  name: 'position',
  required: false,
  description: 'A command reply’s position: the reply waits until the index includes it',
});

@ApiTags('search')
@ApiBearerAuth()
@ApiBadRequestResponse({ type: ErrorReplyDto, description: 'A parameter is missing or malformed' })
@ApiUnauthorizedResponse({ type: ErrorReplyDto })
@ApiServiceUnavailableResponse({
  type: ErrorReplyDto,
  description: 'The index has not yet applied `position`',
})
@Controller()
export class SearchController {
  private readonly nearKeys = new NearKeys();
  private readonly exact: ExactReads;

  constructor(
    private readonly db: ReadSql,
    private readonly readModels: ReadModels,
    private readonly accessLog: AccessLog,
  ) {
    this.exact = new ExactReads(db);
  }

  @Get('persons/search')
  @Roles(...PERSON_READERS)
  @ApiOperation({
    summary: 'Find persons by name, in Arabic or Latin script, fuzzily',
    description:
      'The name is read in Arabic when it holds an Arabic letter (Arabic is authoritative), else in Latin; spelling variants (vowel marks, hamza, ة/ه, the article, عبد الله/عبدالله; Mohamed/Muhammad, El Alaoui/Alaoui, Ben/Bin, ou/w, ch/sh…) match exactly, others by trigram similarity, and a Latin query also finds acts through the Arabic names written with those spellings. ' +
      'First name and family name in either order; one word is read as a family name. The other criteria rank the results (60 % name, 40 % the others); a year or date keeps births within two years of it, a sex keeps that sex or unknown. ' +
      'Every person in the reply is written to the access log (action search).',
  })
  @ApiQuery({ name: 'name', required: true, example: 'Mohamed El Alaoui' })
  @ApiQuery({ name: 'sex', required: false, enum: ['M', 'F'] })
  @ApiQuery({ name: 'birthYear', required: false, example: 1962 })
  @ApiQuery({ name: 'birthDate', required: false, example: '1962-04-17' })
  @ApiQuery({ name: 'place', required: false, description: 'Commune or province code of birth' })
  @ApiQuery({ name: 'fatherName', required: false })
  @ApiQuery({ name: 'motherName', required: false })
  @ApiQuery({
    name: 'limit',
    required: false,
    description: `1 to ${MAX_SEARCH_LIMIT}, 20 by default`,
  })
  @POSITION_QUERY
  @PURPOSE_HEADER
  @ApiOkResponse({ type: SearchReply })
  @ApiForbiddenResponse({ type: ErrorReplyDto, description: 'A role that may not read persons' })
  async search(@Reading() read: ReadContext, @Query() params: Params): Promise<SearchReply> {
    const q = new ParamReader(params, [
      'name',
      'sex',
      'birthYear',
      'birthDate',
      'place',
      'fatherName',
      'motherName',
      'limit',
      'position',
    ]);
    const name = q.name('name', true);
    const sex = q.matching('sex', /^[MF]$/, 'must be M or F') as 'M' | 'F' | undefined;
    const birthYear = q.integer('birthYear', 1800, 2200);
    const birthDate = q.text('birthDate');
    if (birthDate !== undefined && !isIsoDate(birthDate))
      q.fail('birthDate', 'must be a date, YYYY-MM-DD');
    const place = q.matching('place', PLACE, 'must be a commune, province or country code');
    const father = q.name('fatherName', false);
    const mother = q.name('motherName', false);
    const limit = q.integer('limit', 1, MAX_SEARCH_LIMIT) ?? 20;
    q.done();
    const criteria: SearchCriteria = {
      name: name!,
      ...(sex && { sex }),
      ...(birthYear !== undefined && { birthYear }),
      ...(birthDate !== undefined && { birthDate }),
      ...(place !== undefined && { place }),
      ...(father && { father }),
      ...(mother && { mother }),
    };
    await this.readModels.waitFor([nameSearch.name], read.position);
    const results: SearchHit[] = await searchPersons(this.db, criteria, limit, {
      nearKeys: this.nearKeys,
      exact: this.exact,
      fresh: read.position !== undefined,
    });
    await this.accessLog.recordRead(
      read,
      'search',
      results.map((r) => r.idcs),
    );
    return { script: criteria.name.script, results };
  }

  @Get('duplicates')
  @Roles('registrar', 'legal', 'admin')
  @ApiTags('duplicates')
  @ApiOperation({
    summary: 'Suspected duplicate acts, for review',
    description:
      'Pairs of acts (birth or digitised legacy acts) whose names, date of birth, parents, sex and place agree enough to be one person registered twice, best first, with the fields that agreed. ' +
      'A registrar sees the pairs where either act is in their own office; legal staff and administrators any office, or all. Twins (declared siblings, or different first names) are not listed. ' +
      'Every person in the reply is written to the access log (action duplicates.read).',
  })
  @ApiQuery({ name: 'office', required: false, description: 'A registrar’s own office by default' })
  @ApiQuery({
    name: 'minScore',
    required: false,
    description: `0 to 1, ${DUPLICATE_THRESHOLD} by default`,
  })
  @ApiQuery({
    name: 'limit',
    required: false,
    description: `1 to ${MAX_DUPLICATES_LIMIT}, 50 by default`,
  })
  @POSITION_QUERY
  @PURPOSE_HEADER
  @ApiOkResponse({ type: DuplicatesReply })
  @ApiForbiddenResponse({
    type: ErrorReplyDto,
    description: 'Another office’s pairs, or a role that may not review',
  })
  async duplicates(
    @Reading() read: ReadContext,
    @Query() params: Params,
  ): Promise<DuplicatesReply> {
    const q = new ParamReader(params, ['office', 'minScore', 'limit', 'position']);
    const office = q.matching('office', /^[A-Za-z0-9-]{1,40}$/, 'must be an office code');
    const minScoreText = q.matching(
      'minScore',
      /^(0(\.\d{1,3})?|1(\.0{1,3})?)$/,
      'must be a number from 0 to 1',
    );
    const limit = q.integer('limit', 1, MAX_DUPLICATES_LIMIT) ?? 50;
    q.done();
    const { principal } = read;
    const scope = principal.role === 'registrar' ? (office ?? principal.office) : office;
    if (principal.role === 'registrar' && scope !== principal.office)
      throw new ForbiddenException(
        `a registrar reviews the duplicates of their own office (${principal.office})`,
      );
    await this.readModels.waitFor([nameSearch.name], read.position);
    const candidates: DuplicateCandidate[] = await duplicateCandidates(this.db, {
      ...(scope !== undefined && { office: scope }),
      minScore: minScoreText === undefined ? DUPLICATE_THRESHOLD : Number(minScoreText),
      limit,
    });
    await this.accessLog.recordRead(read, 'duplicates.read', [
      ...new Set(candidates.flatMap((c) => c.persons.map((p) => p.idcs))),
    ]);
    return { candidates };
  }
}
