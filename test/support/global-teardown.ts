import { templateDb, adminQuery, serverUrl } from './databases';

export default async function globalTeardown(): Promise<void> {
  if (!serverUrl()) return;
  await adminQuery(`drop database if exists ${templateDb()} with (force)`);
}
