import { Body, Controller, Param } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiParam, ApiTags } from '@nestjs/swagger';
import {
  IdentifyDeceasedCommand,
  RegisterDeathCommand,
  RegisterUnidentifiedDeathCommand,
} from '../../application/commands';
import type { RequestContext } from '../../application/envelope';
import type { CommandReply } from '../../application/registrar';
import { asCommandData, assertOwnOffice, Context } from '../context';
import {
  IdentifyDeceasedDto,
  RegisterDeathDto,
  RegisterUnidentifiedDeathDto,
} from '../dto/acts.dto';
import { Registration } from './documented';
import { IdcsPipe } from './idcs.pipe';

@ApiTags('deaths')
@Controller('deaths')
export class DeathsController {
  constructor(private readonly commands: CommandBus) {}

  @Registration('', 'Register a death at the office of the place of death')
  registerDeath(
    @Context() context: RequestContext,
    @Body() body: RegisterDeathDto,
  ): Promise<CommandReply> {
    assertOwnOffice(context, body.office);
    return this.commands.execute(new RegisterDeathCommand(context, asCommandData(body)));
  }

  @Registration('unidentified', 'Register the death of an unidentified person, on a police report')
  registerUnidentifiedDeath(
    @Context() context: RequestContext,
    @Body() body: RegisterUnidentifiedDeathDto,
  ): Promise<CommandReply> {
    assertOwnOffice(context, body.office);
    return this.commands.execute(
      new RegisterUnidentifiedDeathCommand(context, asCommandData(body)),
    );
  }

  @Registration(':idcs/identification', 'Identify an unidentified deceased, by judgment')
  @ApiParam({ name: 'idcs', description: 'IDCS of the unidentified death act' })
  identifyDeceased(
    @Context() context: RequestContext,
    @Param('idcs', IdcsPipe) idcs: string,
    @Body() body: IdentifyDeceasedDto,
  ): Promise<CommandReply> {
    return this.commands.execute(
      new IdentifyDeceasedCommand(context, asCommandData({ idcs, ...body })),
    );
  }
}
