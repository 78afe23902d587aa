import type { RuleName } from '../rules';

/**
 * A command that is well formed but breaks a rule of civil-status law (or of the register's
 * own invariants) given the current records. HTTP maps it to 409: retrying will not help,
 * changing the records (a judgment, a divorce...) might.
 */
export class RuleViolation extends Error {
  override readonly name = 'RuleViolation';
  constructor(
    readonly rule: RuleName,
    message: string,
  ) {
    super(message);
  }
}

/** A command that is malformed whatever the records say. HTTP maps it to 400. */
export class InvalidCommand extends Error {
  override readonly name: string = 'InvalidCommand';
  constructor(
    /** Where in the command: `data.child.born.date`, `data.idcs`... */
    readonly path: string,
    readonly reason: string,
  ) {
    super(`${path}: ${reason}`);
  }
}

export function violation(rule: RuleName, message: string): never {
  throw new RuleViolation(rule, message);
}

export function invalid(path: string, reason: string): never {
  throw new InvalidCommand(path, reason);
}

/** Ends every switch over a union, so that a new case is a compile error, not a silent no-op. */
export function assertNever(value: never): never {
  throw new Error(`Unexpected case: ${JSON.stringify(value)}`);
}
