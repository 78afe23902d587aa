export * from './types';
export * from './db';
export * from './event-store';
export * from './migrate';
export * from './verify';
export type { Subscription, SubscriptionOptions } from './subscription';
export { packLines, prepare as prepareAppend, type PreparedCommand } from './append';
