import { Module } from '@nestjs/common';
import { FamilyController } from './family.controller';
import { HistoryController } from './history.controller';
import { PersonsController } from './persons.controller';
import { SearchController } from './search.controller';
import { StatisticsController } from './statistics.controller';

/**
 * The read side's HTTP queries: one controller per read model. The search controller
 * comes first: `/persons/search` must not be taken for `/persons/:idcs`.
 */
@Module({
  controllers: [
    SearchController,
    HistoryController,
    PersonsController,
    FamilyController,
    StatisticsController,
  ],
})
export class QueriesModule {}
