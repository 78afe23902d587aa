import {
  BadRequestException,
  ForbiddenException,
  createParamDecorator,
  type ExecutionContext,
} from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { localNow } from '../application/clock';
import type { RequestContext } from '../application/envelope';
import { uuidv7 } from '../shared/uuid';
import type { Principal } from './auth/tokens';

const KEY = /^[A-Za-z0-9._:-]{8,128}$/;
const TIME_ZONE = process.env.SIJILL_TIME_ZONE ?? 'Africa/Casablanca';

/**
 * The command's context from the request: the register's clock, the authenticated actor,
 * and the command id (the Idempotency-Key header, so a retried request appends once).
 */
export const Context = createParamDecorator((_: unknown, ctx: ExecutionContext): RequestContext => {
  const request = ctx.switchToHttp().getRequest<FastifyRequest & { principal?: Principal }>();
  const principal = request.principal;
  if (!principal) throw new ForbiddenException('no authenticated principal');
  const key = request.headers['idempotency-key'];
  if (key !== undefined && (typeof key !== 'string' || !KEY.test(key)))
    throw new BadRequestException({
      statusCode: 400,
      error: 'Bad Request',
      message: 'Idempotency-Key: 8 to 128 characters of A-Z a-z 0-9 . _ : -',
      errors: [
        {
          path: 'header:Idempotency-Key',
          reason: 'must be 8 to 128 characters of A-Z a-z 0-9 . _ : -',
        },
      ],
    });
  const commandId = key ?? uuidv7();
  const correlation = request.headers['x-correlation-id'];
  return {
    now: localNow(TIME_ZONE),
    actor: principal,
    commandId,
    correlationId:
      typeof correlation === 'string' && KEY.test(correlation) ? correlation : commandId,
  };
});

/** Registrars draw up acts only in their own office. */
export function assertOwnOffice(context: RequestContext, office: string): void {
  const { role, office: own } = context.actor;
  if (role === 'registrar' && own !== office)
    throw new ForbiddenException(
      `a registrar of ${own ?? 'no office'} cannot draw up acts of ${office}`,
    );
}

/**
 * A validated body as the domain command's data. The DTOs check structure, types and
 * unknown fields; unions (a place in Morocco or abroad, the kinds of legal basis) are
 * told apart by the deciders, which answer InvalidCommand with the field's path.
 */
export function asCommandData<Data>(body: object): Data {
  // Plain data, as it will be stored: no DTO instances, no fields left undefined (an
  // absent `country` must not look like a place abroad).
  return JSON.parse(JSON.stringify(body)) as Data;
}
