/**
 * Every read model the register maintains. The application runs each of them; the
 * `projections` CLI rebuilds and reports on them by name.
 */
import type { Projection } from '../src/projection/projection';
import { registerIndex } from './register-index/register-index.projection';

export const PROJECTIONS: readonly Projection[] = [registerIndex];

export function projectionNamed(name: string): Projection {
  const found = PROJECTIONS.find((p) => p.name === name);
  if (!found)
    throw new Error(
      `no projection named ${name}; known: ${PROJECTIONS.map((p) => p.name).join(', ')}`,
    );
  return found;
}
