import {
  PreDeclareBirthHandler,
  RegisterBirthHandler,
  RegisterMultipleBirthHandler,
} from './births.handlers';
import {
  IdentifyDeceasedHandler,
  RegisterDeathHandler,
  RegisterUnidentifiedDeathHandler,
} from './deaths.handlers';
import { DigitiseLegacyActHandler } from './legacy.handlers';
import {
  AnnulActHandler,
  EndKafalaHandler,
  NoteDivorceHandler,
  NoteKafalaHandler,
  NoteMarriageHandler,
  NoteNameChangeHandler,
  NoteRecognitionHandler,
  NoteRectificationHandler,
} from './notes.handlers';

export const BirthHandlers = [
  RegisterBirthHandler,
  RegisterMultipleBirthHandler,
  PreDeclareBirthHandler,
];
export const DeathsHandlers = [
  RegisterDeathHandler,
  RegisterUnidentifiedDeathHandler,
  IdentifyDeceasedHandler,
];
export const NoteHandlers = [
  NoteMarriageHandler,
  NoteDivorceHandler,
  NoteRecognitionHandler,
  NoteKafalaHandler,
  EndKafalaHandler,
  NoteNameChangeHandler,
  NoteRectificationHandler,
  AnnulActHandler,
];
export const LegacyHandlers = [DigitiseLegacyActHandler];
