import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { digitiseLegacyAct } from '../../domain';
import { DigitiseLegacyActCommand } from '../commands';
import { metadataOf } from '../envelope';
import { Registrar, type CommandReply } from '../registrar';

/** A paper act transcribed into the register: a new record with its own IDCS. */
@CommandHandler(DigitiseLegacyActCommand)
export class DigitiseLegacyActHandler implements ICommandHandler<
  DigitiseLegacyActCommand,
  CommandReply
> {
  constructor(private readonly registrar: Registrar) {}

  execute({ context, data }: DigitiseLegacyActCommand): Promise<CommandReply> {
    return this.registrar.run(context, [], async (load) => {
      const person = data.idcs ? await load.person(data.idcs) : await load.newPerson();
      const command = {
        type: 'DigitiseLegacyAct' as const,
        data: { ...data, idcs: person.id },
        metadata: metadataOf(context),
      };
      return [person.append(digitiseLegacyAct(command, person.state))];
    });
  }
}
