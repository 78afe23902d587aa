import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import {
  identifyDeceased,
  personStream,
  recordOf,
  registerDeath,
  registerStream,
  registerUnidentifiedDeath,
  type PersonState,
} from '../../domain';
import { registerYear } from '../clock';
import {
  IdentifyDeceasedCommand,
  RegisterDeathCommand,
  RegisterUnidentifiedDeathCommand,
} from '../commands';
import { metadataOf } from '../envelope';
import { Registrar, type CommandReply, type Loaded, type Loader } from '../registrar';

/** A death ends the deceased's marriages: each living spouse's record gets a note too. */
async function spousesOf(load: Loader, state: PersonState): Promise<Loaded<PersonState>[]> {
  const spouses = recordOf(state)?.spouses ?? [];
  return Promise.all(spouses.map((s) => load.person(s.idcs)));
}

@CommandHandler(RegisterDeathCommand)
export class RegisterDeathHandler implements ICommandHandler<RegisterDeathCommand, CommandReply> {
  constructor(private readonly registrar: Registrar) {}

  execute({ context, data }: RegisterDeathCommand): Promise<CommandReply> {
    const year = registerYear(context.now);
    const keys = [personStream(data.idcs), registerStream(data.office, year)];
    return this.registrar.run(context, keys, async (load) => {
      const deceased = await load.person(data.idcs);
      const [register, spouses] = [
        await load.register(data.office, year),
        await spousesOf(load, deceased.state),
      ];
      const command = { type: 'RegisterDeath' as const, data, metadata: metadataOf(context) };
      const decision = registerDeath(command, {
        deceased: deceased.state,
        register: register.state,
        spouses: Object.fromEntries(spouses.map((s) => [s.id, s.state])),
      });
      return [
        deceased.append(decision.deceased),
        register.append(decision.register),
        ...spouses.map((s) => s.append(decision.spouses[s.id] ?? [])),
      ];
    });
  }
}

@CommandHandler(RegisterUnidentifiedDeathCommand)
export class RegisterUnidentifiedDeathHandler implements ICommandHandler<
  RegisterUnidentifiedDeathCommand,
  CommandReply
> {
  constructor(private readonly registrar: Registrar) {}

  execute({ context, data }: RegisterUnidentifiedDeathCommand): Promise<CommandReply> {
    const year = registerYear(context.now);
    return this.registrar.run(context, [registerStream(data.office, year)], async (load) => {
      const deceased = data.idcs ? await load.person(data.idcs) : await load.newPerson();
      const register = await load.register(data.office, year);
      const command = {
        type: 'RegisterUnidentifiedDeath' as const,
        data: { ...data, idcs: deceased.id },
        metadata: metadataOf(context),
      };
      const decision = registerUnidentifiedDeath(command, {
        deceased: deceased.state,
        register: register.state,
      });
      return [deceased.append(decision.deceased), register.append(decision.register)];
    });
  }
}

@CommandHandler(IdentifyDeceasedCommand)
export class IdentifyDeceasedHandler implements ICommandHandler<
  IdentifyDeceasedCommand,
  CommandReply
> {
  constructor(private readonly registrar: Registrar) {}

  execute({ context, data }: IdentifyDeceasedCommand): Promise<CommandReply> {
    const known = data.identifiedAs.idcs;
    const keys = [personStream(data.idcs), ...(known ? [personStream(known)] : [])];
    return this.registrar.run(context, keys, async (load) => {
      const unidentified = await load.person(data.idcs);
      const person = known ? await load.person(known) : undefined;
      const spouses = person ? await spousesOf(load, person.state) : [];
      const command = { type: 'IdentifyDeceased' as const, data, metadata: metadataOf(context) };
      const decision = identifyDeceased(command, {
        unidentified: unidentified.state,
        person: person?.state,
        spouses: Object.fromEntries(spouses.map((s) => [s.id, s.state])),
      });
      return [
        unidentified.append(decision.unidentified),
        ...(person ? [person.append(decision.person)] : []),
        ...spouses.map((s) => s.append(decision.spouses[s.id] ?? [])),
      ];
    });
  }
}
