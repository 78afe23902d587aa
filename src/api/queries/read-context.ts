import { BadRequestException, createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import type { Principal, Role } from '../auth/tokens';

/** Roles that may read a person's data; planners see statistics only. */
export const PERSON_READERS: Role[] = ['registrar', 'legal', 'partner', 'admin'];

const PURPOSE = /^[\p{L}\p{N} .,:;'()/_-]{3,200}$/u;

export interface ReadContext {
  principal: Principal;
  /** X-Sijill-Purpose: why the data is read; partner administrations must say it. */
  purpose?: string;
  requestId?: string;
  /**
   * `?position=N`: the global position a command returned; the reply waits (bounded)
   * until the read models have applied it (read your own writes).
   */
  position?: number;
}

function badRequest(path: string, reason: string): BadRequestException {
  return new BadRequestException({
    statusCode: 400,
    error: 'Bad Request',
    message: `${path}: ${reason}`,
    errors: [{ path, reason }],
  });
}

export const Reading = createParamDecorator((_: unknown, ctx: ExecutionContext): ReadContext => {
  const request = ctx
    .switchToHttp()
    .getRequest<FastifyRequest & { principal?: Principal; query: Record<string, unknown> }>();
  const principal = request.principal;
  if (!principal) throw badRequest('header:Authorization', 'no authenticated principal');
  const rawPurpose = request.headers['x-sijill-purpose'];
  let purpose: string | undefined;
  if (rawPurpose !== undefined) {
    const decoded = typeof rawPurpose === 'string' ? decodeURIComponent(rawPurpose) : '';
    if (!PURPOSE.test(decoded))
      throw badRequest(
        'header:X-Sijill-Purpose',
        'must be 3 to 200 letters, digits or punctuation',
      );
    purpose = decoded;
  }
  if (principal.role === 'partner' && !purpose)
    throw badRequest(
      'header:X-Sijill-Purpose',
      'partner administrations must state the purpose of every read',
    );
  const rawPosition = request.query?.position;
  let position: number | undefined;
  if (rawPosition !== undefined) {
    if (typeof rawPosition !== 'string' || !/^\d{1,15}$/.test(rawPosition))
      throw badRequest('query:position', 'must be a global position (a non-negative integer)');
    position = Number(rawPosition);
  }
  const id = request.headers['x-correlation-id'];
  return {
    principal,
    purpose,
    requestId: typeof id === 'string' ? id.slice(0, 128) : String(request.id),
    position,
  };
});
