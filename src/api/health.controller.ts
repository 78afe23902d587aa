import { Controller, Get, Inject } from '@nestjs/common';
import { ApiOkResponse, ApiProperty, ApiTags } from '@nestjs/swagger';
import { EventStore, type Database } from '../eventstore';
import { Public } from './auth/auth.guard';
import { DATABASE } from '../infrastructure/store.module';

class HealthReply {
  @ApiProperty({ example: 'ok' }) status!: 'ok';
  @ApiProperty({ enum: ['postgres', 'pglite'], example: 'postgres' }) database!: string;
  @ApiProperty({ description: 'Global position of the last event in the log', example: 1024 })
  headPosition!: number;
}

@ApiTags('operations')
@Public()
@Controller('health')
export class HealthController {
  constructor(
    @Inject(DATABASE) private readonly db: Database,
    private readonly store: EventStore,
  ) {}

  @Get()
  @ApiOkResponse({ type: HealthReply, description: 'The register is up and its database answers' })
  async health(): Promise<HealthReply> {
    return { status: 'ok', database: this.db.kind, headPosition: await this.store.headPosition() };
  }
}
