import { serverUrl } from './databases';

/** `describe` when a PostgreSQL server is configured, a visible skip otherwise. */
export const describeWithPostgres: jest.Describe = serverUrl() ? describe : describe.skip;
