import { applyDecorators, HttpCode, Post } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiHeader,
  ApiNotFoundResponse,
  ApiOperation,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { Roles } from '../auth/auth.guard';
import type { Role } from '../auth/tokens';
import { CommandReplyDto, ErrorReplyDto } from './replies';

/** A registration endpoint: POST, roles, idempotency and every answer documented. */
export function Registration(path: string, summary: string, roles: Role[] = ['registrar']) {
  return applyDecorators(
    Post(path),
    HttpCode(201),
    Roles(...roles),
    ApiBearerAuth(),
    ApiOperation({ summary }),
    ApiHeader({
      name: 'Idempotency-Key',
      required: false,
      description: 'Retrying with the same key returns the first reply and writes nothing',
    }),
    ApiCreatedResponse({ type: CommandReplyDto }),
    ApiBadRequestResponse({ type: ErrorReplyDto, description: 'A field is missing or malformed' }),
    ApiUnauthorizedResponse({ type: ErrorReplyDto }),
    ApiForbiddenResponse({ type: ErrorReplyDto, description: 'Wrong role or another office' }),
    ApiNotFoundResponse({ type: ErrorReplyDto, description: 'Unknown person or act' }),
    ApiConflictResponse({ type: ErrorReplyDto, description: 'A rule of law, named in `rule`' }),
  );
}
