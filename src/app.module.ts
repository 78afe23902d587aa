import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { HealthController } from './api/health.controller';
import { StoreModule } from './infrastructure/store.module';

@Module({
  imports: [CqrsModule.forRoot(), StoreModule],
  controllers: [HealthController],
})
export class AppModule {}
