import { Module } from '@nestjs/common';
import { EventStore } from '../../eventstore';
import {
  DeathsHandlers,
  BirthHandlers,
  LegacyHandlers,
  NoteHandlers,
} from '../../application/handlers';
import { Registrar } from '../../application/registrar';
import { BirthsController } from './births.controller';
import { DeathsController } from './deaths.controller';
import { LegacyActsController } from './legacy.controller';
import { MarginalNotesController, MarriagesController } from './notes.controller';

@Module({
  controllers: [
    BirthsController,
    DeathsController,
    MarriagesController,
    MarginalNotesController,
    LegacyActsController,
  ],
  providers: [
    {
      provide: Registrar,
      useFactory: (store: EventStore) => new Registrar(store),
      inject: [EventStore],
    },
    ...BirthHandlers,
    ...DeathsHandlers,
    ...NoteHandlers,
    ...LegacyHandlers,
  ],
})
export class RegistrationModule {}
