import { SetMetadata } from '@nestjs/common';
import type { Role } from '@pmed/data';

export const ROLES_KEY = 'pmed:roles';
export const PUBLIC_KEY = 'pmed:public';

/**
 * The roles that may call a resolver or route. Every GraphQL operation must declare one (a test
 * enforces it); the guard refuses operations that declare none. The admin role passes every check.
 */
export const Roles = (...roles: [Role, ...Role[]]) => SetMetadata(ROLES_KEY, roles);

/** An HTTP route open without a key (health checks). */
export const Public = () => SetMetadata(PUBLIC_KEY, true);
