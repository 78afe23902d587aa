import { RuleViolation } from '../shared/errors';
import type { RuleName } from '../rules';

/**
 * given(events).when(command).then(expectedEvents), in the manner of Emmett's
 * DeciderSpecification: the state is always rebuilt by folding the given events, never set by
 * hand, so the specs also exercise evolve.
 */
export interface Decider<Command, State, Event, Output = Event[]> {
  decide: (command: Command, state: State) => Output;
  evolve: (state: State, event: Event) => State;
  initialState: () => State;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type ErrorClass = new (...args: any[]) => Error;

export interface Then<Output> {
  then(expected: Output): void;
  /** For outputs with generated parts: assert on what was decided. */
  thenMatches(check: (output: Output) => void): void;
  /** A RuleViolation with that rule name, or an error of that class. */
  thenThrows(expected: RuleName | ErrorClass, check?: (error: Error) => void): void;
}

export const DeciderSpecification = {
  for<Command, State, Event, Output>(decider: Decider<Command, State, Event, Output>) {
    return (given: Event | Event[] = []) => ({
      when(command: Command): Then<Output> {
        const events = Array.isArray(given) ? given : [given];
        const run = () =>
          decider.decide(command, events.reduce(decider.evolve, decider.initialState()));
        return {
          then: (expected) => expect(run()).toEqual(expected),
          thenMatches: (check) => check(run()),
          thenThrows: (expected, check) => {
            let thrown: unknown;
            try {
              run();
            } catch (error) {
              thrown = error;
            }
            if (thrown === undefined)
              throw new Error(`expected ${describe(expected)}, nothing thrown`);
            if (typeof expected === 'string') {
              expect(thrown).toBeInstanceOf(RuleViolation);
              expect((thrown as RuleViolation).rule).toBe(expected);
            } else {
              expect(thrown).toBeInstanceOf(expected);
            }
            check?.(thrown as Error);
          },
        };
      },
    });
  },
};

function describe(expected: RuleName | ErrorClass): string {
  return typeof expected === 'string' ? `rule ${expected}` : expected.name;
}

/** An event of a multi-stream spec, tagged with the stream (role) it was read from. */
export interface On<Key extends string, Event> {
  on: Key;
  event: Event;
}

export function on<Key extends string, Event>(key: Key, ...events: Event[]): On<Key, Event>[] {
  return events.map((event) => ({ on: key, event }));
}

/**
 * A decider over several streams (a marriage reads both spouses): the state is one state per
 * role, each folded from the events given `on` that role.
 */
export function multiStream<Key extends string, Command, State, Event, Output>(
  keys: readonly Key[],
  initial: () => State,
  evolve: (state: State, event: Event) => State,
  decide: (command: Command, states: Record<Key, State>) => Output,
): Decider<Command, Record<Key, State>, On<Key, Event>, Output> {
  return {
    decide,
    initialState: () =>
      Object.fromEntries(keys.map((key) => [key, initial()])) as Record<Key, State>,
    evolve: (states, { on: key, event }) => ({ ...states, [key]: evolve(states[key], event) }),
  };
}

/** For deciders called directly: `expectRule(() => decide(...), 'SPOUSES_ALIVE')`. */
export function expectRule(run: () => unknown, rule: RuleName): void {
  let thrown: unknown;
  try {
    run();
  } catch (error) {
    thrown = error;
  }
  expect(thrown).toBeInstanceOf(RuleViolation);
  expect((thrown as RuleViolation).rule).toBe(rule);
}
