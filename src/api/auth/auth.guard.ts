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

interface RouteAccess {
  public: boolean;
  roles: Role[] | undefined;
}

@Injectable()
export class AuthGuard implements CanActivate {
  /**
   * Each route's metadata by controller and handler, read once: it does not change after
   * the routes are built (both keys, as a handler may be inherited by two controllers).
   */
  private readonly access = new WeakMap<object, WeakMap<object, RouteAccess>>();

  constructor(
    private readonly reflector: Reflector,
    private readonly tokens: TokenService,
  ) {}

  private accessOf(context: ExecutionContext): RouteAccess {
    const handler = context.getHandler();
    const controller = context.getClass();
    let routes = this.access.get(controller);
    if (!routes) this.access.set(controller, (routes = new WeakMap()));
    let access = routes.get(handler);
    if (!access) {
      const targets = [handler, controller];
      access = {
        public: !!this.reflector.getAllAndOverride<boolean>(PUBLIC_KEY, targets),
        roles: this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, targets),
      };
      routes.set(handler, access);
    }
    return access;
  }

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const access = this.accessOf(context);
    if (access.public) return true;
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
    const allowed = access.roles;
    if (allowed && !allowed.includes(request.principal.role))
      throw new ForbiddenException(
        `role ${request.principal.role} may not do this; allowed: ${allowed.join(', ')}`,
      );
    return true;
  }
}
