import 'reflect-metadata';
import { ValidationPipe, type INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { WinstonModule } from 'nest-winston';
import { validationException } from './api/errors';
import { AppModule } from './app.module';
import { loadConfig } from './config';
import { createLogger } from './infrastructure/logger';

/** Builds the HTTP application: validation, OpenAPI at /docs and /openapi.json. */
export async function createApp(): Promise<NestFastifyApplication> {
  const config = loadConfig();
  const app = await NestFactory.create<NestFastifyApplication>(AppModule, new FastifyAdapter(), {
    logger: WinstonModule.createLogger({ instance: createLogger(config.logLevel) }),
  });
  // Unknown fields are refused, not stripped: a typo in a civil-status field must not
  // silently register an act without it.
  app.useGlobalPipes(
    new ValidationPipe({
      whitelist: true,
      forbidNonWhitelisted: true,
      transform: true,
      exceptionFactory: validationException,
    }),
  );
  app.enableShutdownHooks();
  setUpOpenApi(app);
  return app;
}

function setUpOpenApi(app: INestApplication) {
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Sijill — national civil-status register')
      .setDescription(
        'Registration, history and statistics of the national electronic civil-status register. ' +
          'Every act is an immutable, hash-chained event.',
      )
      .setVersion('0.1.0')
      .addBearerAuth()
      .build(),
  );
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'openapi.json' });
}

export async function serve(): Promise<NestFastifyApplication> {
  const config = loadConfig();
  const app = await createApp();
  await app.listen(config.port, config.host);
  return app;
}
