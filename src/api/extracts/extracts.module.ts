import { Module, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance } from 'fastify';
import { Registrar } from '../../application/registrar';
import { loadConfig } from '../../config';
import { EventStore } from '../../eventstore';
import { ExtractService } from '../../extracts/extracts.service';
import { loadSigningKey, loadTrustedKeys } from '../../extracts/signing';
import { ExtractsController } from './extracts.controller';

/** The extract files /extracts/verify takes: read as bytes, never parsed. */
const FILE_TYPES = ['application/pdf', 'application/octet-stream'];

/**
 * Extracts: issued by registrars and legal staff, verified by anyone. The signing key is
 * loaded when the module starts (a development key is generated then on a machine that has
 * none; production refuses to start without one).
 */
@Module({
  controllers: [ExtractsController],
  providers: [
    {
      provide: ExtractService,
      useFactory: (store: EventStore) => {
        const key = loadSigningKey();
        const config = loadConfig();
        return new ExtractService(
          store,
          new Registrar(store),
          key,
          loadTrustedKeys(process.env, [key.publicKey]),
          process.env.SIJILL_PUBLIC_URL ?? `http://localhost:${config.port}`,
        );
      },
      inject: [EventStore],
    },
  ],
})
export class ExtractsModule implements OnModuleInit {
  constructor(private readonly adapter: HttpAdapterHost) {}

  onModuleInit(): void {
    const fastify = this.adapter.httpAdapter?.getInstance<FastifyInstance>();
    if (!fastify?.addContentTypeParser) return;
    for (const type of FILE_TYPES)
      if (!fastify.hasContentTypeParser(type))
        fastify.addContentTypeParser(
          type,
          { parseAs: 'buffer', bodyLimit: 4 * 1024 * 1024 },
          (_req, body, done) => done(null, body),
        );
  }
}
