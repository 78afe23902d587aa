/**
 * Shapes shared by the registration API's bodies. Structure and types are checked here
 * (unknown fields are refused at every level); the law's rules are the deciders' job.
 */
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  IsIn,
  IsInt,
  IsNotEmpty,
  IsOptional,
  IsString,
  Matches,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';

export const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
export const PARTIAL_DATE = /^\d{4}(-\d{2}(-\d{2})?)?$/;
export const IDCS = /^\d{10}$/;

export class PersonNameDto {
  @ApiProperty({ example: 'محمد', description: 'Arabic: the authoritative spelling' })
  @IsString()
  @IsNotEmpty()
  ar!: string;

  @ApiPropertyOptional({ example: 'Mohammed' })
  @IsOptional()
  @IsString()
  lat?: string;

  @ApiPropertyOptional({ example: 'ⵎⵓⵃⵎⵎⴷ', description: 'Tifinagh (Law 36-21)' })
  @IsOptional()
  @IsString()
  tfng?: string;
}

export class FullNameDto {
  @ApiProperty() @ValidateNested() @Type(() => PersonNameDto) given!: PersonNameDto;
  @ApiProperty() @ValidateNested() @Type(() => PersonNameDto) family!: PersonNameDto;
}

/** Latin-only or Arabic-only names of old acts. */
export class TranscribedNameDto {
  @ApiPropertyOptional() @IsOptional() @IsString() ar?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() lat?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() tfng?: string;
}

export class TranscribedFullNameDto {
  @ApiPropertyOptional()
  @IsOptional()
  @ValidateNested()
  @Type(() => TranscribedNameDto)
  given?: TranscribedNameDto;
  @ApiPropertyOptional()
  @IsOptional()
  @ValidateNested()
  @Type(() => TranscribedNameDto)
  family?: TranscribedNameDto;
}

export class HijriDateDto {
  @ApiProperty({ example: 1446 }) @IsInt() @Min(1300) @Max(1600) year!: number;
  @ApiProperty({ example: 9 }) @IsInt() @Min(1) @Max(12) month!: number;
  @ApiProperty({ example: 1 }) @IsInt() @Min(1) @Max(30) day!: number;
}

export class DateInputDto {
  @ApiProperty({ example: '2025-03-01', description: 'Gregorian date, YYYY-MM-DD' })
  @Matches(ISO_DATE, { message: 'must be a date YYYY-MM-DD' })
  date!: string;

  @ApiPropertyOptional({ example: '14:35', description: 'HH:MM, when the act states it' })
  @IsOptional()
  @Matches(/^([01]\d|2[0-3]):[0-5]\d$/, { message: 'must be a time HH:MM' })
  time?: string;

  @ApiPropertyOptional({
    description: 'The Hijri date as written on the act; computed (Umm al-Qura) when absent',
  })
  @IsOptional()
  @ValidateNested()
  @Type(() => HijriDateDto)
  hijri?: HijriDateDto;
}

/** A commune in Morocco (region, province, commune codes) or a place abroad. */
export class PlaceDto {
  @ApiPropertyOptional({ example: '04' }) @IsOptional() @IsString() region?: string;
  @ApiPropertyOptional({ example: '04.01' }) @IsOptional() @IsString() province?: string;
  @ApiPropertyOptional({ example: '04.01.001' }) @IsOptional() @IsString() commune?: string;
  @ApiPropertyOptional({ example: 'FR', description: 'ISO 3166-1 alpha-2, for a place abroad' })
  @IsOptional()
  @Matches(/^[A-Z]{2}$/, { message: 'must be an ISO 3166-1 alpha-2 code' })
  country?: string;
  @ApiPropertyOptional({ example: 'Lyon' }) @IsOptional() @IsString() locality?: string;
}

export const LEGAL_BASIS_KINDS = [
  'declaration',
  'judgment',
  'authorisation',
  'act',
  'police-report',
  'transcription',
] as const;

export class LegalBasisDto {
  @ApiProperty({ enum: LEGAL_BASIS_KINDS, example: 'declaration' })
  @IsIn(LEGAL_BASIS_KINDS)
  kind!: (typeof LEGAL_BASIS_KINDS)[number];

  @ApiPropertyOptional({ example: 'Tribunal de première instance de Rabat' })
  @IsOptional()
  @IsString()
  court?: string;

  @ApiPropertyOptional({ example: 'Ministère de l’Intérieur' })
  @IsOptional()
  @IsString()
  authority?: string;

  @ApiPropertyOptional({ example: '2025/1234' }) @IsOptional() @IsString() reference?: string;

  @ApiPropertyOptional({ example: '2025-04-02' })
  @IsOptional()
  @Matches(ISO_DATE, { message: 'must be a date YYYY-MM-DD' })
  date?: string;

  @ApiPropertyOptional() @IsOptional() @IsString() source?: string;
}

export class JudgmentDto {
  @ApiProperty({ example: 'Tribunal de première instance de Fès' })
  @IsString()
  @IsNotEmpty()
  court!: string;
  @ApiProperty({ example: '2025/88' }) @IsString() @IsNotEmpty() reference!: string;
  @ApiProperty({ example: '2025-02-10' })
  @Matches(ISO_DATE, { message: 'must be a date YYYY-MM-DD' })
  date!: string;
}

export class ParentBirthDto {
  @ApiPropertyOptional({ example: '1990-06-15', description: 'YYYY, YYYY-MM or YYYY-MM-DD' })
  @IsOptional()
  @Matches(PARTIAL_DATE, { message: 'must be YYYY, YYYY-MM or YYYY-MM-DD' })
  date?: string;
  @ApiPropertyOptional() @IsOptional() @ValidateNested() @Type(() => PlaceDto) place?: PlaceDto;
}

export class ParentDto {
  @ApiPropertyOptional({ example: '1234567897', description: "The parent's IDCS when registered" })
  @IsOptional()
  @Matches(IDCS, { message: 'must be ten digits' })
  idcs?: string;
  @ApiProperty() @ValidateNested() @Type(() => FullNameDto) name!: FullNameDto;
  @ApiPropertyOptional()
  @IsOptional()
  @ValidateNested()
  @Type(() => ParentBirthDto)
  born?: ParentBirthDto;
  @ApiPropertyOptional({ example: 'Enseignant' }) @IsOptional() @IsString() profession?: string;
  @ApiPropertyOptional({ example: '12 rue Al Amal, Rabat' })
  @IsOptional()
  @IsString()
  address?: string;
}

export class ParentLinkDto {
  @ApiPropertyOptional()
  @IsOptional()
  @Matches(IDCS, { message: 'must be ten digits' })
  idcs?: string;
  @ApiProperty()
  @ValidateNested()
  @Type(() => TranscribedFullNameDto)
  name!: TranscribedFullNameDto;
}
