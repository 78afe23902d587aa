/**
 * One error shape for every failure: 400 names the field and why, 404 the missing record,
 * 409 the rule of law (or the concurrent change) that refused the command. Nothing is
 * written on any of them: commands append all their events or none.
 */
import {
  BadRequestException,
  Catch,
  HttpException,
  Logger,
  type ArgumentsHost,
  type ExceptionFilter,
} from '@nestjs/common';
import type { ValidationError } from 'class-validator';
import type { FastifyReply } from 'fastify';
import { ConcurrencyExhausted } from '../application/registrar';
import { InvalidCommand, RuleViolation } from '../domain';
import { InvalidAppendError } from '../eventstore';

export interface FieldError {
  path: string;
  reason: string;
}

export interface ErrorBody {
  statusCode: number;
  error: string;
  message: string;
  rule?: string;
  errors?: FieldError[];
}

/** Rules whose breach means "no such record" rather than "not allowed". */
const NOT_FOUND_RULES = new Set(['PERSON_REGISTERED', 'ACT_EXISTS']);

/** class-validator's tree of errors, flattened to field paths. */
export function fieldErrors(errors: ValidationError[], parent = ''): FieldError[] {
  return errors.flatMap((e) => {
    const path = parent ? `${parent}.${e.property}` : e.property;
    const own = Object.values(e.constraints ?? {}).map((reason) => ({ path, reason }));
    return [...own, ...fieldErrors(e.children ?? [], path)];
  });
}

export function validationException(errors: ValidationError[]): BadRequestException {
  const list = fieldErrors(errors);
  return new BadRequestException({
    statusCode: 400,
    error: 'Bad Request',
    message: list.map((e) => `${e.path}: ${e.reason}`).join('; '),
    errors: list,
  } satisfies ErrorBody);
}

export function toErrorBody(error: unknown): ErrorBody {
  if (error instanceof RuleViolation) {
    const notFound = NOT_FOUND_RULES.has(error.rule);
    return {
      statusCode: notFound ? 404 : 409,
      error: notFound ? 'Not Found' : 'Conflict',
      message: error.message,
      rule: error.rule,
    };
  }
  if (error instanceof InvalidCommand || error instanceof InvalidAppendError) {
    const path = error instanceof InvalidCommand ? error.path.replace(/^data\./, '') : '';
    const reason = error instanceof InvalidCommand ? error.reason : error.message;
    return {
      statusCode: 400,
      error: 'Bad Request',
      message: path ? `${path}: ${reason}` : reason,
      errors: [{ path, reason }],
    };
  }
  if (error instanceof ConcurrencyExhausted) {
    return {
      statusCode: 409,
      error: 'Conflict',
      message: error.message,
      rule: 'CONCURRENT_CHANGE',
    };
  }
  if (error instanceof HttpException) {
    const response = error.getResponse();
    if (typeof response === 'object')
      return { statusCode: error.getStatus(), ...response } as ErrorBody;
    return { statusCode: error.getStatus(), error: error.name, message: response };
  }
  return { statusCode: 500, error: 'Internal Server Error', message: 'internal error' };
}

@Catch()
export class RegisterExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('Errors');

  catch(error: unknown, host: ArgumentsHost): void {
    const body = toErrorBody(error);
    if (body.statusCode >= 500)
      this.logger.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
    void host.switchToHttp().getResponse<FastifyReply>().status(body.statusCode).send(body);
  }
}
