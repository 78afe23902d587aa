/**
 * The registration commands as they reach the command bus: the domain command's data and
 * the request's context (clock, actor, command id). Handlers in handlers/.
 */
import type {
  AnnulAct,
  DigitiseLegacyAct,
  EndKafala,
  IdentifyDeceased,
  NoteDivorce,
  NoteKafala,
  NoteMarriage,
  NoteNameChange,
  NoteRecognition,
  NoteRectification,
  PreDeclareBirth,
  RegisterBirth,
  RegisterDeath,
  RegisterMultipleBirth,
  RegisterUnidentifiedDeath,
} from '../domain';
import type { RequestContext } from './envelope';

/** A new person's IDCS is drawn by the register, unless a pre-declaration already gave one. */
type WithOptionalIdcs<T extends { idcs: string }> = Omit<T, 'idcs'> & { idcs?: string };
type ChildOf<T> = T extends { child: infer C extends { idcs: string } } ? C : never;

export type RegisterBirthData = Omit<RegisterBirth['data'], 'child'> & {
  child: WithOptionalIdcs<ChildOf<RegisterBirth['data']>>;
};
export type RegisterMultipleBirthData = Omit<RegisterMultipleBirth['data'], 'children'> & {
  children: WithOptionalIdcs<RegisterMultipleBirth['data']['children'][number]>[];
};

abstract class RegistrationCommand<Data> {
  constructor(
    readonly context: RequestContext,
    readonly data: Data,
  ) {}
}

export class RegisterBirthCommand extends RegistrationCommand<RegisterBirthData> {}
export class RegisterMultipleBirthCommand extends RegistrationCommand<RegisterMultipleBirthData> {}
export class PreDeclareBirthCommand extends RegistrationCommand<
  WithOptionalIdcs<PreDeclareBirth['data']>
> {}
export class RegisterDeathCommand extends RegistrationCommand<RegisterDeath['data']> {}
export class RegisterUnidentifiedDeathCommand extends RegistrationCommand<
  WithOptionalIdcs<RegisterUnidentifiedDeath['data']>
> {}
export class IdentifyDeceasedCommand extends RegistrationCommand<IdentifyDeceased['data']> {}
export class NoteMarriageCommand extends RegistrationCommand<NoteMarriage['data']> {}
export class NoteDivorceCommand extends RegistrationCommand<NoteDivorce['data']> {}
export class NoteRecognitionCommand extends RegistrationCommand<NoteRecognition['data']> {}
export class NoteKafalaCommand extends RegistrationCommand<NoteKafala['data']> {}
export class EndKafalaCommand extends RegistrationCommand<EndKafala['data']> {}
export class NoteNameChangeCommand extends RegistrationCommand<NoteNameChange['data']> {}
export class NoteRectificationCommand extends RegistrationCommand<NoteRectification['data']> {}
export class AnnulActCommand extends RegistrationCommand<AnnulAct['data']> {}
export class DigitiseLegacyActCommand extends RegistrationCommand<
  WithOptionalIdcs<DigitiseLegacyAct['data']>
> {}
