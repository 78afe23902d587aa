/** Request bodies and replies of the extracts API. */
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsIn,
  IsNotEmpty,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  ValidateNested,
} from 'class-validator';
import {
  EXTRACT_FORMATS,
  EXTRACT_KINDS,
  EXTRACT_LANGUAGES,
  EXTRACT_PURPOSES,
  REQUESTER_RELATIONS,
  type ExtractFormat,
  type ExtractKind,
  type ExtractLanguage,
  type ExtractPurpose,
  type RequesterRelation,
} from '../../domain';
import { IDCS, ISO_DATE } from '../dto/common.dto';

export class ProsecutorAuthorisationDto {
  @ApiProperty({ example: 'Procureur du Roi près le TPI de Rabat' })
  @IsString()
  @IsNotEmpty()
  authority!: string;
  @ApiProperty({ example: 'AUT-2026-118' }) @IsString() @IsNotEmpty() reference!: string;
  @ApiProperty({ example: '2026-01-12' })
  @Matches(ISO_DATE, { message: 'must be YYYY-MM-DD' })
  date!: string;
}

export class RequesterDto {
  @ApiProperty({ example: 'Youssef El Alaoui', description: 'As on the identity document shown' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  name!: string;
  @ApiProperty({
    enum: REQUESTER_RELATIONS,
    description:
      'Who the requester is to the person. A full copy only for self, father, mother, ascendant, child, descendant, spouse, or on the prosecutor’s authorisation',
  })
  @IsIn(REQUESTER_RELATIONS)
  relation!: RequesterRelation;
  @ApiPropertyOptional({ example: '1234567897', description: 'Checked against the register' })
  @IsOptional()
  @Matches(IDCS, { message: 'must be an IDCS: ten digits' })
  idcs?: string;
  @ApiPropertyOptional({ example: 'CNIE AB123456' })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  idDocument?: string;
  @ApiPropertyOptional({ type: ProsecutorAuthorisationDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => ProsecutorAuthorisationDto)
  authorisation?: ProsecutorAuthorisationDto;
}

export class IssueExtractDto {
  @ApiProperty({ enum: EXTRACT_KINDS }) @IsIn(EXTRACT_KINDS) kind!: ExtractKind;
  @ApiProperty({ enum: EXTRACT_FORMATS }) @IsIn(EXTRACT_FORMATS) format!: ExtractFormat;
  @ApiPropertyOptional({
    enum: EXTRACT_LANGUAGES,
    isArray: true,
    default: ['ar', 'fr'],
    description: 'Arabic (authoritative), French, or both side by side',
  })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(2)
  @IsIn(EXTRACT_LANGUAGES, { each: true })
  languages?: ExtractLanguage[];
  @ApiProperty({
    enum: EXTRACT_PURPOSES,
    description: 'marriage-file also writes the marginal note the law requires',
  })
  @IsIn(EXTRACT_PURPOSES)
  purpose!: ExtractPurpose;
  @ApiProperty({ type: RequesterDto })
  @ValidateNested()
  @Type(() => RequesterDto)
  requester!: RequesterDto;
}
