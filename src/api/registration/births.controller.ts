import { Body, Controller } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import {
  PreDeclareBirthCommand,
  RegisterBirthCommand,
  RegisterMultipleBirthCommand,
} from '../../application/commands';
import type { RequestContext } from '../../application/envelope';
import type { CommandReply } from '../../application/registrar';
import { asCommandData, assertOwnOffice, Context } from '../context';
import { PreDeclareBirthDto, RegisterBirthDto, RegisterMultipleBirthDto } from '../dto/acts.dto';
import { Registration } from './documented';

@ApiTags('births')
@Controller('births')
export class BirthsController {
  constructor(private readonly commands: CommandBus) {}

  @Registration('', 'Register a birth: the birth act, numbered in the office’s register')
  registerBirth(
    @Context() context: RequestContext,
    @Body() body: RegisterBirthDto,
  ): Promise<CommandReply> {
    assertOwnOffice(context, body.office);
    return this.commands.execute(new RegisterBirthCommand(context, asCommandData(body)));
  }

  @Registration('multiple', 'Register twins (or more): one act each, consecutive numbers')
  registerMultipleBirth(
    @Context() context: RequestContext,
    @Body() body: RegisterMultipleBirthDto,
  ): Promise<CommandReply> {
    assertOwnOffice(context, body.office);
    return this.commands.execute(new RegisterMultipleBirthCommand(context, asCommandData(body)));
  }

  @Registration('pre-declarations', 'Pre-declare a birth from a health facility (Law 36-21)', [
    'health-facility',
  ])
  preDeclareBirth(
    @Context() context: RequestContext,
    @Body() body: PreDeclareBirthDto,
  ): Promise<CommandReply> {
    return this.commands.execute(new PreDeclareBirthCommand(context, asCommandData(body)));
  }
}
