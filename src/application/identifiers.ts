import { randomInt } from 'node:crypto';
import { generateIdcs } from '../domain';

/**
 * A fresh IDCS, drawn at random: no central counter. Uniqueness is the append's "stream
 * must not exist" check; a collision is a concurrency conflict and the command draws again.
 */
export function newIdcs(): string {
  return generateIdcs(() => randomInt(0, 2 ** 32) / 2 ** 32);
}
