import { Module } from '@nestjs/common';

/** The read side's HTTP queries: one controller per read model. */
@Module({
  controllers: [],
})
export class QueriesModule {}
