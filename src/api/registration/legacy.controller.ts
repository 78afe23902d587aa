import { Body, Controller } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import { DigitiseLegacyActCommand } from '../../application/commands';
import type { RequestContext } from '../../application/envelope';
import type { CommandReply } from '../../application/registrar';
import { asCommandData, assertOwnOffice, Context } from '../context';
import { DigitiseLegacyActDto } from '../dto/acts.dto';
import { Registration } from './documented';

@ApiTags('legacy acts')
@Controller('legacy-acts')
export class LegacyActsController {
  constructor(private readonly commands: CommandBus) {}

  @Registration('', 'Digitise an act of a paper register (as written, partial data allowed)')
  digitise(
    @Context() context: RequestContext,
    @Body() body: DigitiseLegacyActDto,
  ): Promise<CommandReply> {
    assertOwnOffice(context, body.original.office);
    return this.commands.execute(new DigitiseLegacyActCommand(context, asCommandData(body)));
  }
}
