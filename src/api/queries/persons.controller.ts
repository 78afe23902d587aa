/**
 * GET /persons/:idcs: a person's civil-status record from the person-record read model, and
 * GET /persons/:idcs/access-log: who has read it. Every reply is preceded by its entry in
 * the access log.
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
  ApiExtraModels,
  ApiForbiddenResponse,
  ApiHeader,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiProperty,
  ApiPropertyOptional,
  ApiQuery,
  ApiServiceUnavailableResponse,
  ApiTags,
  ApiUnauthorizedResponse,
  getSchemaPath,
} from '@nestjs/swagger';
import {
  personRecord,
  personRecordExists,
} from '../../../projections/person-record/person-record.projection';
import {
  partnerView,
  personRecordView,
  type PartnerRecordView,
  type PersonRecordView,
} from '../../../projections/person-record/record';
import { ReadSql } from '../../infrastructure/read-sql';
import { ReadModels } from '../../infrastructure/read-models.module';
import { Roles } from '../auth/auth.guard';
import { IdcsPipe } from '../registration/idcs.pipe';
import { ErrorReplyDto } from '../registration/replies';
import { AccessLog, readEntry } from './access-log';
import { personReads } from './person-reads';
import { PERSON_READERS, Reading, type ReadContext } from './read-context';

const STATUSES = ['pre-declared', 'alive', 'deceased', 'unidentified-deceased', 'annulled'];
const MARITAL = ['single', 'married', 'divorced', 'widowed'];

class AsOfReply {
  @ApiProperty({ example: 3, description: 'Stream version of the last event folded' })
  version!: number;
  @ApiProperty({ example: 120345, description: 'Global position of that event' })
  position!: number;
}

/** The record as registrars, legal staff and administrators read it. */
export class PersonRecordReply {
  @ApiProperty({ example: '4823019475' }) idcs!: string;
  @ApiProperty({ enum: STATUSES }) status!: string;
  @ApiProperty({
    nullable: true,
    description: 'Current name, { given, family }, each in ar (authoritative), lat, tfng',
  })
  name!: object | null;
  @ApiProperty({ type: [Object], description: 'Earlier names, oldest first' })
  previousNames!: object[];
  @ApiProperty({ enum: ['M', 'F'], nullable: true }) sex!: string | null;
  @ApiProperty({
    nullable: true,
    description:
      'date (YYYY, YYYY-MM or YYYY-MM-DD for paper acts), time, hijri { year, month, day, source: as-written | computed }, place, act { office, year, number, volume?, folio? }, legalBasis, drawnUp, declarant, delayDays',
  })
  birth!: object | null;
  @ApiProperty({
    nullable: true,
    description:
      'known: both-parents | unknown-father | unknown-mother | unknown-parents; father and mother { idcs?, name } or null; notionalFatherGivenName for a child of unknown father',
  })
  parents!: object | null;
  @ApiProperty({ enum: MARITAL, nullable: true, description: 'For the deceased: at death' })
  maritalStatus!: string | null;
  @ApiProperty({ type: [Object], description: 'Marriages in force: idcs, marriageId, since, name' })
  spouses!: object[];
  @ApiProperty({ type: [Object], description: 'Ended marriages: … ended, by divorce | death' })
  formerSpouses!: object[];
  @ApiProperty({ nullable: true, description: 'Kafala in force: kafil, since, order' })
  kafala!: object | null;
  @ApiProperty({ nullable: true, description: 'date, time, hijri, place, act, legalBasis' })
  death!: object | null;
  @ApiProperty({
    type: [Object],
    description:
      'Every marginal note in the order written: kind (marriage, divorce, marriage-dissolved-by-death, death, unidentified-death, identification, recognition, kafala, kafala-ended, name-change, rectification, annulment, marriage-file-extract, as-written), its data, legalBasis (court, reference, date…), act when it has one, noted { on, office }, version, position',
  })
  marginalNotes!: object[];
  @ApiPropertyOptional({ description: 'A pre-declared birth: facility and date' })
  preDeclaration?: object;
  @ApiPropertyOptional({
    nullable: true,
    description: 'An unidentified body: whom a judgment named',
  })
  identifiedAs?: object | null;
  @ApiPropertyOptional({ description: 'An annulled act: act, judgment, recordBefore' })
  annulment?: object;
  @ApiProperty() asOf!: AsOfReply;
}

/** What a partner administration receives. */
export class PartnerRecordReply {
  @ApiProperty({ example: '4823019475' }) idcs!: string;
  @ApiProperty({ enum: STATUSES }) status!: string;
  @ApiProperty({ nullable: true }) name!: object | null;
  @ApiProperty({ enum: ['M', 'F'], nullable: true }) sex!: string | null;
  @ApiProperty({ nullable: true, description: 'date, time, hijri, place' }) birth!: object | null;
  @ApiProperty({ nullable: true, description: 'father and mother: { name } or null (unknown)' })
  parents!: object | null;
  @ApiProperty({ enum: MARITAL, nullable: true }) maritalStatus!: string | null;
  @ApiProperty({ nullable: true, description: '{ date } when deceased' }) death!: object | null;
  @ApiProperty() asOf!: AsOfReply;
}

class AccessEntryReply {
  @ApiProperty({ example: '2026-11-25T15:20:01.123Z' }) at!: string;
  @ApiProperty({ example: 'registrar-7' }) userId!: string;
  @ApiProperty({ example: 'partner' }) role!: string;
  @ApiProperty({ nullable: true, example: 'BEC-0412' }) office!: string | null;
  @ApiProperty({ example: 'person.read' }) action!: string;
  @ApiProperty({ nullable: true, example: 'Pension file 2026-118' }) purpose!: string | null;
}

export class AccessLogReply {
  @ApiProperty({ example: '4823019475' }) idcs!: string;
  @ApiProperty({ type: [AccessEntryReply], description: 'Newest first' })
  reads!: AccessEntryReply[];
}

function badLimit(): BadRequestException {
  const reason = 'must be an integer from 1 to 1000';
  return new BadRequestException({
    statusCode: 400,
    error: 'Bad Request',
    message: `query:limit: ${reason}`,
    errors: [{ path: 'query:limit', reason }],
  });
}

const PURPOSE_HEADER = ApiHeader({
  name: 'X-Sijill-Purpose',
  required: false,
  description:
    'Why the data is read (3 to 200 characters, URI-encoded); required for partner administrations, recorded in the access log',
});
const POSITION_QUERY = ApiQuery({
  name: 'position',
  required: false,
  description: 'A command reply’s position: the reply waits until the record includes it',
});

const unknownPerson = (idcs: string) =>
  new NotFoundException({
    statusCode: 404,
    error: 'Not Found',
    message: `No person is registered under IDCS ${idcs}`,
  });

@ApiTags('persons')
@ApiBearerAuth()
@ApiExtraModels(PersonRecordReply, PartnerRecordReply)
@ApiParam({ name: 'idcs', description: 'The person’s IDCS (ten digits, Luhn check digit)' })
@ApiBadRequestResponse({ type: ErrorReplyDto, description: 'Malformed IDCS, position or purpose' })
@ApiUnauthorizedResponse({ type: ErrorReplyDto })
@ApiForbiddenResponse({ type: ErrorReplyDto, description: 'A role that may not read persons' })
@ApiNotFoundResponse({ type: ErrorReplyDto, description: 'No person under this IDCS' })
@ApiServiceUnavailableResponse({
  type: ErrorReplyDto,
  description: 'The read model has not yet applied `position`; retry',
})
@Controller('persons')
export class PersonsController {
  /** The records asked for in one turn of the event loop, read and recorded by one statement. */
  private readonly records: ReturnType<typeof personReads>;

  constructor(
    private readonly db: ReadSql,
    private readonly readModels: ReadModels,
    private readonly accessLog: AccessLog,
  ) {
    this.records = personReads(db);
  }

  @Get(':idcs')
  @Roles(...PERSON_READERS)
  @ApiOperation({
    summary: 'A person’s civil-status record as it stands',
    description:
      'Registrars, legal staff and administrators get the whole record: names in every script and previous names, birth with its Hijri date and act, parents, marriages in force and ended, kafala, death, and every marginal note in order with its legal basis (court, judgment, date) and act references. ' +
      'Partner administrations get only what their files need: identity (name, sex), birth (date, time, Hijri date, place), the parents’ names, the marital status, and whether and when the person died. ' +
      'They do not get the marginal notes, legal bases, act references, kafala, spouses’ or parents’ identifiers: these are legal details of the register that no partner procedure requires, and Law 09-08 limits the data communicated to what the purpose needs. ' +
      'Every read is written to the access log (action person.read) before the reply, with the stated purpose.',
  })
  @PURPOSE_HEADER
  @POSITION_QUERY
  @ApiOkResponse({
    description: 'The full record, or the partner view for the partner role',
    schema: {
      oneOf: [
        { $ref: getSchemaPath(PersonRecordReply) },
        { $ref: getSchemaPath(PartnerRecordReply) },
      ],
    },
  })
  async read(
    @Param('idcs', IdcsPipe) idcs: string,
    @Reading() read: ReadContext,
  ): Promise<PersonRecordView | PartnerRecordView> {
    await this.readModels.waitFor([personRecord.name], read.position);
    const stored = await this.records.get(idcs, readEntry(read, 'person.read', [idcs]));
    const view = stored && personRecordView(stored);
    if (!view) throw unknownPerson(idcs);
    return read.principal.role === 'partner' ? partnerView(view) : view;
  }

  @Get(':idcs/access-log')
  @Roles('legal', 'admin')
  @ApiOperation({
    summary: 'Who has read this person’s data, newest first',
    description:
      'Every read of the person’s data (record, family, search, history…) with the reader, role, office, action and stated purpose. Reading it is itself recorded (action access-log.read).',
  })
  @PURPOSE_HEADER
  @POSITION_QUERY
  @ApiQuery({
    name: 'limit',
    required: false,
    description: 'At most this many reads (1–1000, 100 by default)',
  })
  @ApiOkResponse({ type: AccessLogReply })
  async accessLogOf(
    @Param('idcs', IdcsPipe) idcs: string,
    @Reading() read: ReadContext,
    @Query('limit') rawLimit?: string,
  ): Promise<AccessLogReply> {
    const limit = rawLimit === undefined ? 100 : Number(rawLimit);
    if (!/^\d{1,4}$/.test(rawLimit ?? '100') || limit < 1 || limit > 1000) throw badLimit();
    await this.readModels.waitFor([personRecord.name], read.position);
    if (!(await personRecordExists(this.db, idcs))) throw unknownPerson(idcs);
    await this.accessLog.recordRead(read, 'access-log.read', [idcs]);
    const reads = await this.accessLog.readsOf(idcs, limit);
    return {
      idcs,
      reads: reads.map((r) => ({ ...r, at: new Date(r.at).toISOString() })),
    };
  }
}
