import {
  ForbiddenException,
  Injectable,
  SetMetadata,
  UnauthorizedException,
  createParamDecorator,
  type CanActivate,
  type ExecutionContext,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import { InvalidToken, TokenService, type Principal, type Role } from './tokens';

const ROLES_KEY = 'sijill:roles';
const PUBLIC_KEY = 'sijill:public';

/** The roles allowed on a route; every route not marked @Public() needs a token. */
export const Roles = (...roles: Role[]) => SetMetadata(ROLES_KEY, roles);
export const Public = () => SetMetadata(PUBLIC_KEY, true);

type AuthenticatedRequest = FastifyRequest & { principal?: Principal };

export const CurrentPrincipal = createParamDecorator(
  (_: unknown, ctx: ExecutionContext): Principal => {
    const principal = ctx.switchToHttp().getRequest<AuthenticatedRequest>().principal;
    if (!principal) throw new UnauthorizedException('no authenticated principal');
    return principal;
  },
);

@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly tokens: TokenService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_KEY, targets)) return true;
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const header = request.headers.authorization;
    if (!header?.startsWith('Bearer '))
      throw new UnauthorizedException('a bearer token is required (Authorization: Bearer <JWT>)');
    try {
      request.principal = await this.tokens.verify(header.slice('Bearer '.length).trim());
    } catch (error) {
      if (error instanceof InvalidToken)
        throw new UnauthorizedException(`invalid token: ${error.message}`);
      throw error;
    }
    const allowed = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, targets);
    if (allowed && !allowed.includes(request.principal.role))
      throw new ForbiddenException(
        `role ${request.principal.role} may not do this; allowed: ${allowed.join(', ')}`,
      );
    return true;
  }
}
