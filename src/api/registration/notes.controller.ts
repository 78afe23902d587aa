import { Body, Controller, Param } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiParam, ApiTags } from '@nestjs/swagger';
import {
  AnnulActCommand,
  EndKafalaCommand,
  NoteDivorceCommand,
  NoteKafalaCommand,
  NoteMarriageCommand,
  NoteNameChangeCommand,
  NoteRecognitionCommand,
  NoteRectificationCommand,
} from '../../application/commands';
import type { RequestContext } from '../../application/envelope';
import type { CommandReply } from '../../application/registrar';
import type { RectifiableField } from '../../domain';
import { asCommandData, Context } from '../context';
import {
  AnnulActDto,
  EndKafalaDto,
  NoteDivorceDto,
  NoteKafalaDto,
  NoteMarriageDto,
  NoteNameChangeDto,
  NoteRecognitionDto,
  NoteRectificationDto,
} from '../dto/acts.dto';
import { Registration } from './documented';
import { IdcsPipe } from './idcs.pipe';

@ApiTags('marriages and divorces')
@Controller()
export class MarriagesController {
  constructor(private readonly commands: CommandBus) {}

  @Registration('marriages', 'Note a marriage on both spouses’ birth acts')
  noteMarriage(
    @Context() context: RequestContext,
    @Body() body: NoteMarriageDto,
  ): Promise<CommandReply> {
    return this.commands.execute(new NoteMarriageCommand(context, asCommandData(body)));
  }

  @Registration('divorces', 'Note a divorce on both spouses’ birth acts')
  noteDivorce(
    @Context() context: RequestContext,
    @Body() body: NoteDivorceDto,
  ): Promise<CommandReply> {
    return this.commands.execute(new NoteDivorceCommand(context, asCommandData(body)));
  }
}

/** Marginal notes written on one person's birth act. */
@ApiTags('marginal notes')
@ApiParam({ name: 'idcs', description: 'The person’s IDCS (ten digits, Luhn check digit)' })
@Controller('persons/:idcs')
export class MarginalNotesController {
  constructor(private readonly commands: CommandBus) {}

  @Registration('recognitions', 'Note a recognition of paternity')
  noteRecognition(
    @Context() context: RequestContext,
    @Param('idcs', IdcsPipe) idcs: string,
    @Body() body: NoteRecognitionDto,
  ): Promise<CommandReply> {
    return this.commands.execute(
      new NoteRecognitionCommand(context, asCommandData({ idcs, ...body })),
    );
  }

  @Registration('kafala', 'Note a kafala order (guardianship: no filiation)')
  noteKafala(
    @Context() context: RequestContext,
    @Param('idcs', IdcsPipe) idcs: string,
    @Body() body: NoteKafalaDto,
  ): Promise<CommandReply> {
    return this.commands.execute(new NoteKafalaCommand(context, asCommandData({ idcs, ...body })));
  }

  @Registration('kafala/end', 'Note the end of a kafala')
  endKafala(
    @Context() context: RequestContext,
    @Param('idcs', IdcsPipe) idcs: string,
    @Body() body: EndKafalaDto,
  ): Promise<CommandReply> {
    return this.commands.execute(new EndKafalaCommand(context, asCommandData({ idcs, ...body })));
  }

  @Registration('name-changes', 'Note a change of name, on its authorisation')
  noteNameChange(
    @Context() context: RequestContext,
    @Param('idcs', IdcsPipe) idcs: string,
    @Body() body: NoteNameChangeDto,
  ): Promise<CommandReply> {
    return this.commands.execute(
      new NoteNameChangeCommand(context, asCommandData({ idcs, ...body })),
    );
  }

  @Registration('rectifications', 'Note a rectification: the original entry stays beside it')
  noteRectification(
    @Context() context: RequestContext,
    @Param('idcs', IdcsPipe) idcs: string,
    @Body() body: NoteRectificationDto,
  ): Promise<CommandReply> {
    return this.commands.execute(
      new NoteRectificationCommand(
        context,
        asCommandData({
          idcs,
          ...body,
          field: body.field as RectifiableField,
          oldValue: body.oldValue ?? null,
          newValue: body.newValue ?? null,
        }),
      ),
    );
  }

  @Registration('annulments', 'Annul a birth or death act, by judgment')
  annulAct(
    @Context() context: RequestContext,
    @Param('idcs', IdcsPipe) idcs: string,
    @Body() body: AnnulActDto,
  ): Promise<CommandReply> {
    return this.commands.execute(new AnnulActCommand(context, asCommandData({ idcs, ...body })));
  }
}
