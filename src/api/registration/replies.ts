import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

class StreamVersionReply {
  @ApiProperty({ example: 'person-4823019475' }) streamId!: string;
  @ApiProperty({ example: 1 }) version!: number;
}

class ActReply {
  @ApiProperty({ example: 'BEC-0412' }) office!: string;
  @ApiProperty({ example: 2026 }) year!: number;
  @ApiProperty({ example: 318 }) number!: number;
  @ApiProperty({ example: 'birth' }) kind!: string;
  @ApiProperty({ example: '4823019475' }) idcs!: string;
}

/** What every registration answers (CommandReply in src/application/registrar.ts). */
export class CommandReplyDto {
  @ApiProperty({ example: '01a2149c-7c1e-7000-8f3a-4b1c2d3e4f50' }) commandId!: string;
  @ApiProperty({
    example: 120345,
    description: 'Global position: pass it to queries to read your write',
  })
  position!: number;
  @ApiProperty({
    description: 'True when this Idempotency-Key was seen: the first reply, nothing written',
  })
  duplicate!: boolean;
  @ApiProperty({ example: '2026-11-25T15:20:01.123456Z' }) recordedAt!: string;
  @ApiProperty({ type: [StreamVersionReply] }) streams!: StreamVersionReply[];
  @ApiProperty({ type: [String], example: ['4823019475'] }) persons!: string[];
  @ApiPropertyOptional({ type: [ActReply] }) acts!: ActReply[];
}

export class ErrorReplyDto {
  @ApiProperty({ example: 409 }) statusCode!: number;
  @ApiProperty({ example: 'Conflict' }) error!: string;
  @ApiProperty({ example: 'The woman is already married' }) message!: string;
  @ApiPropertyOptional({
    example: 'WIFE_HAS_ONE_HUSBAND',
    description: 'The rule of law broken (409)',
  })
  rule?: string;
  @ApiPropertyOptional({
    example: [{ path: 'child.born.date', reason: 'must be a date YYYY-MM-DD' }],
  })
  errors?: { path: string; reason: string }[];
}
