import { TEMPLATE_DB, adminQuery, serverUrl } from './databases';

export default async function globalTeardown(): Promise<void> {
  if (!serverUrl()) return;
  await adminQuery(`drop database if exists ${TEMPLATE_DB} with (force)`);
}
