import { createTemplate, serverUrl } from './databases';

export default async function globalSetup(): Promise<void> {
  if (!serverUrl()) {
    console.warn(
      '\nDATABASE_URL is not set: suites that need PostgreSQL are skipped (reported as skipped); the store contract still runs on PGlite.\n',
    );
    return;
  }
  await createTemplate();
}
