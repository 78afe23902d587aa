import { Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import { CqrsModule } from '@nestjs/cqrs';
import { AuthGuard } from './api/auth/auth.guard';
import { TokenService } from './api/auth/tokens';
import { RegisterExceptionFilter } from './api/errors';
import { HealthController } from './api/health.controller';
import { RegistrationModule } from './api/registration/registration.module';
import { StoreModule } from './infrastructure/store.module';
import { ReadModelsModule } from './infrastructure/read-models.module';
import { QueriesModule } from './api/queries/queries.module';
import { ExtractsModule } from './api/extracts/extracts.module';

@Module({
  imports: [
    CqrsModule.forRoot(),
    StoreModule,
    ReadModelsModule,
    RegistrationModule,
    QueriesModule,
    ExtractsModule,
  ],
  controllers: [HealthController],
  providers: [
    { provide: TokenService, useFactory: () => new TokenService() },
    { provide: APP_GUARD, useClass: AuthGuard },
    { provide: APP_FILTER, useClass: RegisterExceptionFilter },
  ],
})
export class AppModule {}
