/**
 * `npx sijill verify-extract <file>`: checks an extract file (PDF or JSON) offline with the
 * register's public keys (the configured signing key, SIJILL_EXTRACT_TRUSTED_KEYS, and any
 * --public-key), then, when DATABASE_URL is set, asks the register whether it issued this
 * file and what happened to the record since.
 *
 * Exit code: 0 valid, 2 authentic but superseded, 1 anything else (altered, not authentic,
 * unknown to the register).
 */
import type { Command } from 'commander';
import { readFileSync } from 'node:fs';
import { loadConfig } from '../config';
import { EventStore, openDatabase } from '../eventstore';
import { verifyAgainstRegister, type VerificationReport } from '../extracts/extracts.service';
import { extractStatus } from '../extracts/lookup';
import { verifyOffline } from '../extracts/seal';
import { loadTrustedKeys, publicKeysFromPem } from '../extracts/signing';

const collect = (value: string, previous: string[]) => [...previous, value];

export function registerExtractCommands(program: Command): void {
  program
    .command('verify-extract')
    .description('verify an extract file: authentic, unaltered, and (with DATABASE_URL) current')
    .argument('<file>', 'the extract, PDF or JSON, as delivered')
    .option('--public-key <pem>', 'a PEM file of a trusted public key (repeatable)', collect, [])
    .option('--offline', 'check the signature only, even when DATABASE_URL is set')
    .option('--json', 'print the report as JSON')
    .action(async (file: string, o: { publicKey: string[]; offline?: boolean; json?: boolean }) => {
      const extra = o.publicKey.flatMap((path) => publicKeysFromPem(readFileSync(path, 'utf8')));
      const offline = verifyOffline(readFileSync(file), loadTrustedKeys(process.env, extra));
      const url = o.offline ? undefined : loadConfig().databaseUrl;
      let report: VerificationReport;
      if (url) {
        const db = await openDatabase({ url, poolSize: 1 });
        try {
          const store = new EventStore(db);
          report = await verifyAgainstRegister(offline, (code) => extractStatus(store, code));
        } finally {
          await db.close();
        }
      } else report = await verifyAgainstRegister(offline, null);
      process.stdout.write(o.json ? `${JSON.stringify(report)}\n` : describe(report));
      process.exitCode = report.verdict === 'valid' ? 0 : report.verdict === 'superseded' ? 2 : 1;
    });
}

function describe(r: VerificationReport): string {
  const lines = [`${r.verdict.toUpperCase()}: ${r.format} extract`];
  if (r.facts)
    lines.push(
      `  code ${r.facts.code}, IDCS ${r.facts.idcs}, ${r.facts.kind}, ${r.facts.languages.join('+')}`,
      `  reflects position ${r.facts.reflects.position} (stream version ${r.facts.reflects.streamVersion}), issued ${r.facts.issuedAt}, valid until ${r.facts.validUntil}`,
    );
  lines.push(
    `  signature: ${r.authentic ? `valid (key ${r.keyId})` : 'NOT valid'}; content: ${r.unaltered ? 'unaltered' : 'NOT verified unaltered'}`,
  );
  if (r.register === null) lines.push('  register: not asked (offline; set DATABASE_URL)');
  else if (r.register.status)
    lines.push(
      `  register: ${r.register.status.status}${r.register.sameFile ? ', the file issued' : ', NOT the file issued'}${r.register.status.expired ? ', past its validity' : ''}`,
    );
  for (const reason of r.reasons) lines.push(`  - ${reason}`);
  return `${lines.join('\n')}\n`;
}
