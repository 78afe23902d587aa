import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import {
  preDeclareBirth,
  registerBirth,
  registerMultipleBirth,
  registerStream,
} from '../../domain';
import { registerYear } from '../clock';
import {
  PreDeclareBirthCommand,
  RegisterBirthCommand,
  RegisterMultipleBirthCommand,
} from '../commands';
import { Registrar, type CommandReply } from '../registrar';
import { metadataOf } from '../envelope';

@CommandHandler(RegisterBirthCommand)
export class RegisterBirthHandler implements ICommandHandler<RegisterBirthCommand, CommandReply> {
  constructor(private readonly registrar: Registrar) {}

  execute({ context, data }: RegisterBirthCommand): Promise<CommandReply> {
    const year = registerYear(context.now);
    return this.registrar.run(context, [registerStream(data.office, year)], async (load) => {
      const person = data.child.idcs ? await load.person(data.child.idcs) : await load.newPerson();
      const register = await load.register(data.office, year);
      const child = { ...data.child, idcs: person.id };
      const command = {
        type: 'RegisterBirth' as const,
        data: { ...data, child },
        metadata: metadataOf(context),
      };
      const decision = registerBirth(command, { child: person.state, register: register.state });
      return [person.append(decision.child), register.append(decision.register)];
    });
  }
}

@CommandHandler(RegisterMultipleBirthCommand)
export class RegisterMultipleBirthHandler implements ICommandHandler<
  RegisterMultipleBirthCommand,
  CommandReply
> {
  constructor(private readonly registrar: Registrar) {}

  execute({ context, data }: RegisterMultipleBirthCommand): Promise<CommandReply> {
    const year = registerYear(context.now);
    return this.registrar.run(context, [registerStream(data.office, year)], async (load) => {
      const persons = await Promise.all(
        data.children.map((c) => (c.idcs ? load.person(c.idcs) : load.newPerson())),
      );
      const children = data.children.map((c, i) => ({ ...c, idcs: persons[i]!.id }));
      const register = await load.register(data.office, year);
      const command = {
        type: 'RegisterMultipleBirth' as const,
        data: { ...data, children },
        metadata: metadataOf(context),
      };
      const states = Object.fromEntries(persons.map((p, i) => [children[i]!.idcs, p.state]));
      const decision = registerMultipleBirth(command, {
        children: states,
        register: register.state,
      });
      return [
        ...persons.map((p, i) => p.append(decision.children[children[i]!.idcs] ?? [])),
        register.append(decision.register),
      ];
    });
  }
}

@CommandHandler(PreDeclareBirthCommand)
export class PreDeclareBirthHandler implements ICommandHandler<
  PreDeclareBirthCommand,
  CommandReply
> {
  constructor(private readonly registrar: Registrar) {}

  execute({ context, data }: PreDeclareBirthCommand): Promise<CommandReply> {
    return this.registrar.run(context, [], async (load) => {
      const person = data.idcs ? await load.person(data.idcs) : await load.newPerson();
      const command = {
        type: 'PreDeclareBirth' as const,
        data: { ...data, idcs: person.id },
        metadata: metadataOf(context),
      };
      return [person.append(preDeclareBirth(command, person.state))];
    });
  }
}
