/** Marginal notes: marriage and divorce on both spouses' records; the others on one record. */
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import {
  annulAct,
  endKafala,
  noteDivorce,
  noteKafala,
  noteMarriage,
  noteNameChange,
  noteRecognition,
  noteRectification,
  personStream,
  type NoteKafala,
  type NoteMarriage,
  type PersonState,
  type NoteRectification,
} from '../../domain';
import {
  AnnulActCommand,
  EndKafalaCommand,
  NoteDivorceCommand,
  NoteKafalaCommand,
  NoteMarriageCommand,
  NoteNameChangeCommand,
  NoteRecognitionCommand,
  NoteRectificationCommand,
} from '../commands';
import { metadataOf } from '../envelope';
import { Registrar, type CommandReply } from '../registrar';

type SpouseDecision = Record<'husband' | 'wife', readonly { type: string; data: unknown }[]>;

/**
 * Notes written on both spouses' records in one append (marriage, divorce): load both,
 * decide, append to both with their expected versions.
 */
function bothSpouses<Data extends { husband: string; wife: string }, Type extends string>(
  registrar: Registrar,
  type: Type,
  decide: (
    command: { type: Type; data: Data; metadata: ReturnType<typeof metadataOf> },
    states: { husband: PersonState; wife: PersonState },
  ) => SpouseDecision,
) {
  return ({ context, data }: { context: Parameters<Registrar['run']>[0]; data: Data }) =>
    registrar.run(context, [personStream(data.husband), personStream(data.wife)], async (load) => {
      const [husband, wife] = [await load.person(data.husband), await load.person(data.wife)];
      const decision = decide(
        { type, data, metadata: metadataOf(context) },
        { husband: husband.state, wife: wife.state },
      );
      return [husband.append(decision.husband), wife.append(decision.wife)];
    });
}

@CommandHandler(NoteMarriageCommand)
export class NoteMarriageHandler implements ICommandHandler<NoteMarriageCommand, CommandReply> {
  readonly execute;
  constructor(registrar: Registrar) {
    this.execute = bothSpouses<NoteMarriage['data'], 'NoteMarriage'>(
      registrar,
      'NoteMarriage',
      (c, s) => noteMarriage(c, s),
    );
  }
}

@CommandHandler(NoteDivorceCommand)
export class NoteDivorceHandler implements ICommandHandler<NoteDivorceCommand, CommandReply> {
  readonly execute;
  constructor(registrar: Registrar) {
    this.execute = bothSpouses(registrar, 'NoteDivorce', noteDivorce);
  }
}

@CommandHandler(NoteRecognitionCommand)
export class NoteRecognitionHandler implements ICommandHandler<
  NoteRecognitionCommand,
  CommandReply
> {
  constructor(private readonly registrar: Registrar) {}

  execute({ context, data }: NoteRecognitionCommand): Promise<CommandReply> {
    return this.registrar.run(context, [personStream(data.idcs)], async (load) => {
      const child = await load.person(data.idcs);
      const father = data.father.idcs ? await load.person(data.father.idcs) : undefined;
      const command = { type: 'NoteRecognition' as const, data, metadata: metadataOf(context) };
      return [
        child.append(noteRecognition(command, { child: child.state, father: father?.state })),
      ];
    });
  }
}

/**
 * Notes written on one person's record: load it, decide, append. `decide` is the
 * folder's decider, given the domain command and the person's state.
 */
function onePerson<Data extends { idcs: string }, Type extends string>(
  registrar: Registrar,
  type: Type,
  decide: (
    command: { type: Type; data: Data; metadata: ReturnType<typeof metadataOf> },
    state: PersonState,
  ) => readonly { type: string; data: unknown }[],
) {
  return ({ context, data }: { context: Parameters<Registrar['run']>[0]; data: Data }) =>
    registrar.run(context, [personStream(data.idcs)], async (load) => {
      const person = await load.person(data.idcs);
      return [person.append(decide({ type, data, metadata: metadataOf(context) }, person.state))];
    });
}

@CommandHandler(NoteKafalaCommand)
export class NoteKafalaHandler implements ICommandHandler<NoteKafalaCommand, CommandReply> {
  readonly execute;
  constructor(registrar: Registrar) {
    this.execute = onePerson<NoteKafala['data'], 'NoteKafala'>(registrar, 'NoteKafala', (c, s) =>
      noteKafala(c, s),
    );
  }
}

@CommandHandler(EndKafalaCommand)
export class EndKafalaHandler implements ICommandHandler<EndKafalaCommand, CommandReply> {
  readonly execute;
  constructor(registrar: Registrar) {
    this.execute = onePerson(registrar, 'EndKafala', endKafala);
  }
}

@CommandHandler(NoteNameChangeCommand)
export class NoteNameChangeHandler implements ICommandHandler<NoteNameChangeCommand, CommandReply> {
  readonly execute;
  constructor(registrar: Registrar) {
    this.execute = onePerson(registrar, 'NoteNameChange', noteNameChange);
  }
}

@CommandHandler(NoteRectificationCommand)
export class NoteRectificationHandler implements ICommandHandler<
  NoteRectificationCommand,
  CommandReply
> {
  readonly execute;
  constructor(registrar: Registrar) {
    this.execute = onePerson<NoteRectification['data'], 'NoteRectification'>(
      registrar,
      'NoteRectification',
      (c, s) => noteRectification(c, s),
    );
  }
}

@CommandHandler(AnnulActCommand)
export class AnnulActHandler implements ICommandHandler<AnnulActCommand, CommandReply> {
  readonly execute;
  constructor(registrar: Registrar) {
    this.execute = onePerson(registrar, 'AnnulAct', annulAct);
  }
}
