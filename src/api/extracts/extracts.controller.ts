import {
  BadRequestException,
  Body,
  Controller,
  Get,
  HttpCode,
  NotFoundException,
  Param,
  Post,
  Req,
  Res,
  StreamableFile,
} from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiConflictResponse,
  ApiConsumes,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiHeader,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiTags,
} from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { RequestContext } from '../../application/envelope';
import type { ExtractRequest } from '../../domain';
import { canonicalJson } from '../../extracts/canonical';
import { normaliseExtractCode } from '../../extracts/code';
import { ExtractService, type VerificationReport } from '../../extracts/extracts.service';
import type { ExtractStatus } from '../../extracts/status';
import { CurrentPrincipal, Public, Roles } from '../auth/auth.guard';
import type { Principal } from '../auth/tokens';
import { asCommandData, Context } from '../context';
import { AccessLog } from '../queries/access-log';
import { ErrorReplyDto } from '../registration/replies';
import { IdcsPipe } from '../registration/idcs.pipe';
import { IssueExtractDto } from './extracts.dto';

const CONTENT_TYPE = { pdf: 'application/pdf', json: 'application/json' } as const;

function codeOf(raw: string): string {
  const code = normaliseExtractCode(raw);
  if (!code)
    throw new BadRequestException({
      statusCode: 400,
      error: 'Bad Request',
      message: 'code: ten characters of Crockford base 32 (e.g. 7K3M9-QW2XD)',
      errors: [{ path: 'code', reason: 'ten characters of Crockford base 32' }],
    });
  return code;
}

@ApiTags('extracts')
@Controller()
export class ExtractsController {
  constructor(
    private readonly extracts: ExtractService,
    private readonly accessLog: AccessLog,
  ) {}

  @Post('persons/:idcs/extracts')
  @HttpCode(201)
  @Roles('registrar', 'legal')
  @ApiBearerAuth()
  @ApiParam({ name: 'idcs', description: 'The person’s IDCS' })
  @ApiOperation({
    summary: 'Issue a signed full copy or summary extract of a birth act (PDF or JSON)',
    description:
      'The reply is the file itself. Headers: X-Sijill-Extract-Code, X-Sijill-Position (the issue’s global position), Location (its public status). A marriage-file purpose writes the marginal note on the act.',
  })
  @ApiHeader({
    name: 'Idempotency-Key',
    required: false,
    description: 'A retry returns the same file',
  })
  @ApiCreatedResponse({ description: 'The signed extract (application/pdf or application/json)' })
  @ApiBadRequestResponse({ type: ErrorReplyDto })
  @ApiForbiddenResponse({ type: ErrorReplyDto })
  @ApiNotFoundResponse({ type: ErrorReplyDto, description: 'No birth act for this IDCS' })
  @ApiConflictResponse({
    type: ErrorReplyDto,
    description: 'FULL_COPY_REQUESTER, REQUESTER_RELATION_ON_RECORD, ACT_ANNULLED, …',
  })
  async issue(
    @Context() context: RequestContext,
    @CurrentPrincipal() principal: Principal,
    @Param('idcs', IdcsPipe) idcs: string,
    @Body() body: IssueExtractDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<StreamableFile> {
    const request = asCommandData<ExtractRequest>({
      ...body,
      idcs,
      languages: body.languages ?? ['ar', 'fr'],
    });
    const issued = await this.extracts.issue(context, request);
    await this.accessLog.record({
      principal,
      action: 'extract.issue',
      idcs: [idcs],
      purpose: request.purpose,
      requestId: context.correlationId,
    });
    void reply
      .header('x-sijill-extract-code', issued.code)
      .header('x-sijill-position', String(issued.reply.position))
      .header('location', `/extracts/${issued.code}`);
    return new StreamableFile(issued.file, {
      type: CONTENT_TYPE[issued.format],
      disposition: `attachment; filename="extrait-${issued.code}.${issued.format}"`,
      length: issued.file.length,
    });
  }

  @Get('extracts/keys')
  @Public()
  @ApiOperation({ summary: 'The public keys extracts are signed with (verify offline)' })
  @ApiOkResponse({ description: '[{ keyId, alg, publicKeyPem }]' })
  keys() {
    return this.extracts.publishedKeys();
  }

  @Get('extracts/:code')
  @Public()
  @ApiParam({ name: 'code', description: 'The code printed under the QR code' })
  @ApiOperation({
    summary:
      'Public status of an extract: valid or superseded, the position it reflects, what changed since',
  })
  @ApiOkResponse({ description: 'status, reflects, changes (event type, position, date)' })
  @ApiNotFoundResponse({ description: 'status: unknown' })
  async status(@Param('code') raw: string): Promise<ExtractStatus> {
    const code = codeOf(raw);
    const status = await this.extracts.status(code);
    if (!status)
      throw new NotFoundException({
        statusCode: 404,
        error: 'Not Found',
        message: `no extract was issued with code ${code}`,
        status: 'unknown',
        code,
      });
    return status;
  }

  @Get('extracts/:code/file')
  @Roles('registrar', 'legal')
  @ApiBearerAuth()
  @ApiOperation({ summary: 'The issued file again, drawn byte for byte from what was recorded' })
  async file(
    @Param('code') raw: string,
    @CurrentPrincipal() principal: Principal,
  ): Promise<StreamableFile> {
    const found = await this.extracts.file(codeOf(raw));
    if (!found) throw new NotFoundException(`no extract was issued with code ${raw}`);
    await this.accessLog.record({ principal, action: 'extract.file', idcs: [found.issued.idcs] });
    return new StreamableFile(found.file, {
      type: CONTENT_TYPE[found.issued.format],
      disposition: `attachment; filename="extrait-${found.issued.code}.${found.issued.format}"`,
    });
  }

  @Post('extracts/verify')
  @Public()
  @HttpCode(200)
  @ApiConsumes('application/octet-stream', 'application/pdf')
  @ApiOperation({
    summary: 'Verify an extract file: authentic, unaltered, superseded, with the reasons',
    description:
      'Send the file’s bytes as they are (Content-Type application/octet-stream or application/pdf). A JSON extract sent as application/json is checked after parsing, so changes of whitespace cannot be seen.',
  })
  @ApiOkResponse({ description: 'verdict: valid | superseded | altered | not-authentic | unknown' })
  async verify(@Req() request: FastifyRequest): Promise<VerificationReport> {
    const body: unknown = request.body;
    let file: Buffer;
    const parsedJson = !Buffer.isBuffer(body) && typeof body === 'object' && body !== null;
    if (Buffer.isBuffer(body)) file = body;
    else if (parsedJson) file = Buffer.from(`${canonicalJson(body)}\n`, 'utf8');
    else if (typeof body === 'string') file = Buffer.from(body, 'utf8');
    else
      throw new BadRequestException({
        statusCode: 400,
        error: 'Bad Request',
        message: 'send the extract file as the request body',
        errors: [{ path: 'body', reason: 'the extract file (application/octet-stream)' }],
      });
    const report = await this.extracts.verify(file);
    return parsedJson
      ? {
          ...report,
          reasons: [
            ...report.reasons,
            'sent as application/json: checked after parsing, so whitespace changes are not seen; send application/octet-stream to check every byte',
          ],
        }
      : report;
  }
}
