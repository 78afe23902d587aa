/** Request bodies of the registration API, one per act or marginal note. */
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsOptional,
  IsString,
  Matches,
  Min,
  ValidateNested,
} from 'class-validator';
import {
  DateInputDto,
  FullNameDto,
  IDCS,
  ISO_DATE,
  JudgmentDto,
  LegalBasisDto,
  PARTIAL_DATE,
  ParentDto,
  ParentLinkDto,
  PersonNameDto,
  PlaceDto,
  TranscribedFullNameDto,
  HijriDateDto,
} from './common.dto';

const idcs = () => Matches(IDCS, { message: 'must be an IDCS: ten digits' });

export class ChildDto {
  @ApiPropertyOptional({ description: 'Only to register a child a health facility pre-declared' })
  @IsOptional()
  @idcs()
  idcs?: string;
  @ApiProperty() @ValidateNested() @Type(() => FullNameDto) name!: FullNameDto;
  @ApiProperty({ enum: ['M', 'F'] }) @IsIn(['M', 'F']) sex!: 'M' | 'F';
  @ApiProperty() @ValidateNested() @Type(() => DateInputDto) born!: DateInputDto;
}

export class FiliationDto {
  @ApiProperty({ enum: ['both-parents', 'unknown-father', 'unknown-parents'] })
  @IsIn(['both-parents', 'unknown-father', 'unknown-parents'])
  kind!: 'both-parents' | 'unknown-father' | 'unknown-parents';
  @ApiPropertyOptional() @IsOptional() @ValidateNested() @Type(() => ParentDto) father?: ParentDto;
  @ApiPropertyOptional() @IsOptional() @ValidateNested() @Type(() => ParentDto) mother?: ParentDto;
  @ApiPropertyOptional({ description: 'Child of unknown father: the "Abd-" name the mother chose' })
  @IsOptional()
  @ValidateNested()
  @Type(() => PersonNameDto)
  fatherGivenName?: PersonNameDto;
}

export const DECLARANTS = [
  'father',
  'mother',
  'testamentary-guardian',
  'brother',
  'nephew',
  'public-prosecutor',
  'self',
] as const;

export class DeclarantDto {
  @ApiProperty({ enum: DECLARANTS }) @IsIn(DECLARANTS) relation!: (typeof DECLARANTS)[number];
  @ApiProperty() @ValidateNested() @Type(() => FullNameDto) name!: FullNameDto;
  @ApiPropertyOptional() @IsOptional() @idcs() idcs?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() whyNotPreceding?: string;
}

class BirthCommonDto {
  @ApiProperty({ example: 'BEC-0412', description: 'Office of the place of birth' })
  @IsString()
  @IsNotEmpty()
  office!: string;
  @ApiProperty() @ValidateNested() @Type(() => PlaceDto) place!: PlaceDto;
  @ApiProperty() @ValidateNested() @Type(() => FiliationDto) filiation!: FiliationDto;
  @ApiProperty() @ValidateNested() @Type(() => DeclarantDto) declarant!: DeclarantDto;
  @ApiProperty({ description: 'A declaration within 30 days; later, a declaratory judgment' })
  @ValidateNested()
  @Type(() => LegalBasisDto)
  legalBasis!: LegalBasisDto;
}

export class RegisterBirthDto extends BirthCommonDto {
  @ApiProperty() @ValidateNested() @Type(() => ChildDto) child!: ChildDto;
}

export class RegisterMultipleBirthDto extends BirthCommonDto {
  @ApiProperty({ type: [ChildDto], description: 'Twins and more: one act each' })
  @IsArray()
  @ArrayMinSize(2)
  @ArrayMaxSize(9)
  @ValidateNested({ each: true })
  @Type(() => ChildDto)
  children!: ChildDto[];
}

export class FacilityDto {
  @ApiProperty({ example: 'CHU-RABAT' }) @IsString() @IsNotEmpty() code!: string;
  @ApiProperty({ example: 'CHU Ibn Sina' }) @IsString() @IsNotEmpty() name!: string;
}

export class PreDeclaredChildDto {
  @ApiPropertyOptional()
  @IsOptional()
  @ValidateNested()
  @Type(() => FullNameDto)
  name?: FullNameDto;
  @ApiProperty({ enum: ['M', 'F'] }) @IsIn(['M', 'F']) sex!: 'M' | 'F';
  @ApiProperty() @ValidateNested() @Type(() => DateInputDto) born!: DateInputDto;
  @ApiProperty() @ValidateNested() @Type(() => PlaceDto) place!: PlaceDto;
}

export class PreDeclareBirthDto {
  @ApiProperty() @ValidateNested() @Type(() => FacilityDto) facility!: FacilityDto;
  @ApiProperty() @ValidateNested() @Type(() => PreDeclaredChildDto) child!: PreDeclaredChildDto;
  @ApiPropertyOptional() @IsOptional() @ValidateNested() @Type(() => ParentDto) father?: ParentDto;
  @ApiPropertyOptional() @IsOptional() @ValidateNested() @Type(() => ParentDto) mother?: ParentDto;
}

export class InstitutionDto {
  @ApiProperty({ enum: ['hospital', 'prison', 'other'] })
  @IsIn(['hospital', 'prison', 'other'])
  type!: 'hospital' | 'prison' | 'other';
  @ApiProperty({ example: 'Hôpital Ibn Rochd' }) @IsString() @IsNotEmpty() name!: string;
}

export class DeathDeclarantDto {
  @ApiProperty({ enum: ['family', 'institution', 'authority'] })
  @IsIn(['family', 'institution', 'authority'])
  kind!: 'family' | 'institution' | 'authority';
  @ApiPropertyOptional()
  @IsOptional()
  @ValidateNested()
  @Type(() => FullNameDto)
  name?: FullNameDto;
  @ApiPropertyOptional({ example: 'son' }) @IsOptional() @IsString() relation?: string;
  @ApiPropertyOptional() @IsOptional() @idcs() idcs?: string;
  @ApiPropertyOptional()
  @IsOptional()
  @ValidateNested()
  @Type(() => InstitutionDto)
  institution?: InstitutionDto;
  @ApiPropertyOptional() @IsOptional() @IsString() authority?: string;
}

export class CauseDto {
  @ApiPropertyOptional({ example: 'I21.9' })
  @IsOptional()
  @Matches(/^[A-Z]\d{2}(\.\d{1,2})?$/, { message: 'must be an ICD-10 code' })
  icd10?: string;
}

export class RegisterDeathDto {
  @ApiProperty({ example: '1234567897' }) @idcs() idcs!: string;
  @ApiProperty({ example: 'BEC-0412', description: 'Office of the place of death' })
  @IsString()
  @IsNotEmpty()
  office!: string;
  @ApiProperty() @ValidateNested() @Type(() => DateInputDto) died!: DateInputDto;
  @ApiProperty() @ValidateNested() @Type(() => PlaceDto) place!: PlaceDto;
  @ApiProperty() @ValidateNested() @Type(() => DeathDeclarantDto) declarant!: DeathDeclarantDto;
  @ApiPropertyOptional() @IsOptional() @ValidateNested() @Type(() => CauseDto) cause?: CauseDto;
  @ApiProperty() @ValidateNested() @Type(() => LegalBasisDto) legalBasis!: LegalBasisDto;
}

export class RegisterUnidentifiedDeathDto {
  @ApiProperty({ example: 'BEC-0412' }) @IsString() @IsNotEmpty() office!: string;
  @ApiProperty() @ValidateNested() @Type(() => DateInputDto) died!: DateInputDto;
  @ApiProperty() @ValidateNested() @Type(() => PlaceDto) place!: PlaceDto;
  @ApiPropertyOptional() @IsOptional() @IsString() description?: string;
  @ApiProperty({ description: 'The police report' })
  @ValidateNested()
  @Type(() => LegalBasisDto)
  legalBasis!: LegalBasisDto;
}

export class IdentifiedAsDto {
  @ApiPropertyOptional() @IsOptional() @idcs() idcs?: string;
  @ApiProperty() @ValidateNested() @Type(() => FullNameDto) name!: FullNameDto;
}

export class IdentifyDeceasedDto {
  @ApiProperty() @ValidateNested() @Type(() => IdentifiedAsDto) identifiedAs!: IdentifiedAsDto;
  @ApiProperty() @ValidateNested() @Type(() => LegalBasisDto) legalBasis!: LegalBasisDto;
}

export class MarriageAuthorisationsDto {
  @ApiPropertyOptional({ description: "The judge's authorisation for a further wife" })
  @IsOptional()
  @ValidateNested()
  @Type(() => JudgmentDto)
  polygamy?: JudgmentDto;
  @ApiPropertyOptional()
  @IsOptional()
  @ValidateNested()
  @Type(() => JudgmentDto)
  husbandUnderAge?: JudgmentDto;
  @ApiPropertyOptional()
  @IsOptional()
  @ValidateNested()
  @Type(() => JudgmentDto)
  wifeUnderAge?: JudgmentDto;
}

export class NoteMarriageDto {
  @ApiProperty({ example: '1234567897' }) @idcs() husband!: string;
  @ApiProperty({ example: '2345678903' }) @idcs() wife!: string;
  @ApiProperty() @ValidateNested() @Type(() => DateInputDto) date!: DateInputDto;
  @ApiProperty({ description: 'The marriage contract (adoul act)' })
  @ValidateNested()
  @Type(() => LegalBasisDto)
  contract!: LegalBasisDto;
  @ApiPropertyOptional()
  @IsOptional()
  @ValidateNested()
  @Type(() => MarriageAuthorisationsDto)
  authorisations?: MarriageAuthorisationsDto;
}

export class NoteDivorceDto {
  @ApiProperty() @idcs() husband!: string;
  @ApiProperty() @idcs() wife!: string;
  @ApiProperty({ enum: ['talaq', 'tatliq', 'khul', 'mutual-consent'] })
  @IsIn(['talaq', 'tatliq', 'khul', 'mutual-consent'])
  kind!: 'talaq' | 'tatliq' | 'khul' | 'mutual-consent';
  @ApiProperty() @ValidateNested() @Type(() => DateInputDto) date!: DateInputDto;
  @ApiProperty() @ValidateNested() @Type(() => LegalBasisDto) legalBasis!: LegalBasisDto;
}

export class NoteRecognitionDto {
  @ApiProperty() @ValidateNested() @Type(() => ParentDto) father!: ParentDto;
  @ApiProperty() @ValidateNested() @Type(() => LegalBasisDto) legalBasis!: LegalBasisDto;
  @ApiPropertyOptional()
  @IsOptional()
  @ValidateNested()
  @Type(() => PersonNameDto)
  newFamilyName?: PersonNameDto;
}

export class KafilDto {
  @ApiProperty({ enum: ['couple', 'woman', 'institution'] })
  @IsIn(['couple', 'woman', 'institution'])
  kind!: 'couple' | 'woman' | 'institution';
  @ApiPropertyOptional()
  @IsOptional()
  @ValidateNested()
  @Type(() => ParentLinkDto)
  husband?: ParentLinkDto;
  @ApiPropertyOptional()
  @IsOptional()
  @ValidateNested()
  @Type(() => ParentLinkDto)
  wife?: ParentLinkDto;
  @ApiPropertyOptional()
  @IsOptional()
  @ValidateNested()
  @Type(() => ParentLinkDto)
  woman?: ParentLinkDto;
  @ApiPropertyOptional() @IsOptional() @IsString() name?: string;
}

export class NoteKafalaDto {
  @ApiProperty() @ValidateNested() @Type(() => KafilDto) kafil!: KafilDto;
  @ApiProperty({ description: "The judge's kafala order" })
  @ValidateNested()
  @Type(() => LegalBasisDto)
  order!: LegalBasisDto;
}

export class EndKafalaDto {
  @ApiProperty({ enum: ['majority', 'revoked', 'kafil-deceased', 'other'] })
  @IsIn(['majority', 'revoked', 'kafil-deceased', 'other'])
  reason!: 'majority' | 'revoked' | 'kafil-deceased' | 'other';
  @ApiProperty() @Matches(ISO_DATE, { message: 'must be a date YYYY-MM-DD' }) date!: string;
  @ApiProperty() @ValidateNested() @Type(() => LegalBasisDto) legalBasis!: LegalBasisDto;
}

export class NewNameDto {
  @ApiPropertyOptional()
  @IsOptional()
  @ValidateNested()
  @Type(() => PersonNameDto)
  given?: PersonNameDto;
  @ApiPropertyOptional()
  @IsOptional()
  @ValidateNested()
  @Type(() => PersonNameDto)
  family?: PersonNameDto;
}

export class NoteNameChangeDto {
  @ApiProperty() @ValidateNested() @Type(() => NewNameDto) name!: NewNameDto;
  @ApiProperty({ description: 'The authorisation (high commission on names) or judgment' })
  @ValidateNested()
  @Type(() => LegalBasisDto)
  legalBasis!: LegalBasisDto;
}

export class NoteRectificationDto {
  @ApiProperty({ example: 'birthDate' }) @IsString() @IsNotEmpty() field!: string;
  @ApiProperty({ example: '2025-03-01', nullable: true, type: String })
  @IsOptional()
  @IsString()
  oldValue!: string | null;
  @ApiProperty({ example: '2025-03-02', nullable: true, type: String })
  @IsOptional()
  @IsString()
  newValue!: string | null;
  @ApiProperty() @ValidateNested() @Type(() => LegalBasisDto) legalBasis!: LegalBasisDto;
}

export class AnnulActDto {
  @ApiProperty({ enum: ['birth', 'death'] }) @IsIn(['birth', 'death']) act!: 'birth' | 'death';
  @ApiProperty() @ValidateNested() @Type(() => LegalBasisDto) legalBasis!: LegalBasisDto;
}

export class PaperActKeyDto {
  @ApiProperty({ example: 'BEC-0412' }) @IsString() @IsNotEmpty() office!: string;
  @ApiProperty({ example: 1962 }) @IsInt() @Min(1915) year!: number;
  @ApiProperty({ example: 317 }) @IsInt() @Min(1) actNumber!: number;
  @ApiProperty({ example: '4' }) @IsString() @IsNotEmpty() volume!: string;
  @ApiProperty({ example: '112' }) @IsString() @IsNotEmpty() folio!: string;
}

export class TranscribedBirthDto {
  @ApiPropertyOptional({ example: '1962', description: 'YYYY, YYYY-MM or YYYY-MM-DD, as written' })
  @IsOptional()
  @Matches(PARTIAL_DATE, { message: 'must be YYYY, YYYY-MM or YYYY-MM-DD' })
  date?: string;
  @ApiPropertyOptional()
  @IsOptional()
  @Matches(/^([01]\d|2[0-3]):[0-5]\d$/, { message: 'must be a time HH:MM' })
  time?: string;
  @ApiPropertyOptional()
  @IsOptional()
  @ValidateNested()
  @Type(() => HijriDateDto)
  hijri?: HijriDateDto;
  @ApiPropertyOptional() @IsOptional() @ValidateNested() @Type(() => PlaceDto) place?: PlaceDto;
  @ApiPropertyOptional() @IsOptional() @IsString() placeAsWritten?: string;
}

export class TranscribedParentDto {
  @ApiProperty()
  @ValidateNested()
  @Type(() => TranscribedFullNameDto)
  name!: TranscribedFullNameDto;
}

export class TranscriptionDto {
  @ApiPropertyOptional()
  @IsOptional()
  @ValidateNested()
  @Type(() => TranscribedFullNameDto)
  name?: TranscribedFullNameDto;
  @ApiPropertyOptional({ enum: ['M', 'F'] }) @IsOptional() @IsIn(['M', 'F']) sex?: 'M' | 'F';
  @ApiPropertyOptional()
  @IsOptional()
  @ValidateNested()
  @Type(() => TranscribedBirthDto)
  born?: TranscribedBirthDto;
  @ApiPropertyOptional()
  @IsOptional()
  @ValidateNested()
  @Type(() => TranscribedParentDto)
  father?: TranscribedParentDto;
  @ApiPropertyOptional()
  @IsOptional()
  @ValidateNested()
  @Type(() => TranscribedParentDto)
  mother?: TranscribedParentDto;
  @ApiPropertyOptional({ type: [String] })
  @IsOptional()
  @IsArray()
  @IsString({ each: true })
  marginalNotesAsWritten?: string[];
}

export class DigitiseLegacyActDto {
  @ApiProperty() @ValidateNested() @Type(() => PaperActKeyDto) original!: PaperActKeyDto;
  @ApiProperty({ example: 'a3f1…', description: 'SHA-256 of the scanned page, 64 hex digits' })
  @Matches(/^[0-9a-f]{64}$/, { message: 'must be a SHA-256: 64 lowercase hex digits' })
  scanSha256!: string;
  @ApiProperty() @ValidateNested() @Type(() => TranscriptionDto) transcription!: TranscriptionDto;
}
