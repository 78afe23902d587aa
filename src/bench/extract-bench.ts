/**
 * Extract benchmark, in process (no database, no HTTP): draw up and sign an extract from a
 * person's events, as the issuing endpoint does once the streams are read. Goal: a PDF in
 * 100 ms or less. Names, dates and codes vary from one document to the next so that the
 * shaping cache holds labels, as it does in service, not whole documents. The first
 * documents (fonts parsed, code compiled) are a warm-up and not measured.
 *
 * Prints one JSON line per scenario: PDF full copy, PDF summary, JSON full copy, and the
 * offline verification of a PDF.
 */
import type { FullName } from '../domain';
import { documentOf, sealed } from '../extracts/draw';
import { verifyOffline } from '../extracts/seal';
import { generateSigningKeyPem, signingKeyFrom, TrustedKeys } from '../extracts/signing';
import { draft, lifeOf } from '../extracts/testing/fixtures';
import { idcsOf } from '../domain/testing/fixtures';
import { quantile } from './quantile';

export interface ExtractBenchOptions {
  /** Documents measured per scenario (after the warm-up). */
  documents?: number;
  warmup?: number;
  print?: (line: object) => void;
}

const GIVEN = [
  'يوسف',
  'مريم',
  'عبد الرحيم',
  'فاطمة الزهراء',
  'إدريس',
  'سعاد',
  'نور الدين',
  'خديجة',
];
const FAMILY = ['العلوي', 'بناني', 'الفاسي', 'التازي', 'الإدريسي', 'بنجلون', 'الصقلي', 'برادة'];
const CODE = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

function nameOf(i: number): FullName {
  const given = GIVEN[i % GIVEN.length]!;
  const family = FAMILY[Math.floor(i / GIVEN.length) % FAMILY.length]!;
  return { given: { ar: given, lat: `Given${i}` }, family: { ar: family, lat: `Family${i}` } };
}

const codeOf = (i: number) =>
  Array.from({ length: 10 }, (_, k) => CODE[(i * 7 + k * 13 + (i >> k)) % 32]).join('');

export async function benchExtract(options: ExtractBenchOptions = {}): Promise<object[]> {
  const documents = options.documents ?? 200;
  const warmup = options.warmup ?? 20;
  const print = options.print ?? ((line) => process.stdout.write(`${JSON.stringify(line)}\n`));
  const key = signingKeyFrom(generateSigningKeyPem());
  const trusted = new TrustedKeys([key.publicKey]);
  const results: object[] = [];

  const documentFor = (i: number, kind: 'full-copy' | 'summary', format: 'pdf' | 'json') => {
    const idcs = idcsOf(10_000 + i);
    const base = draft({ kind, format, idcs, code: codeOf(i) });
    const at = new Date(Date.UTC(2025, 2, 10, 8, 0, i % 60)).toISOString();
    return documentOf(
      { ...base, issued: { ...base.issued, at } },
      lifeOf(idcs, nameOf(i)),
      { ar: GIVEN[(i + 3) % GIVEN.length]! },
      key.keyId,
      'https://sijill.example',
    );
  };

  const scenarios = [
    { scenario: 'extract-pdf', kind: 'full-copy', format: 'pdf' },
    { scenario: 'extract-pdf', kind: 'summary', format: 'pdf' },
    { scenario: 'extract-json', kind: 'full-copy', format: 'json' },
  ] as const;
  let sample: Buffer | null = null;
  for (const s of scenarios) {
    const latencies: number[] = [];
    const cpu: number[] = [];
    let bytes = 0;
    for (let i = 0; i < warmup + documents; i++) {
      const c0 = process.cpuUsage();
      const t0 = performance.now();
      const file = await sealed(documentFor(i, s.kind, s.format), s.format, key);
      const ms = performance.now() - t0;
      const used = process.cpuUsage(c0);
      if (i >= warmup) {
        latencies.push(ms);
        cpu.push((used.user + used.system) / 1000);
        bytes += file.length;
      }
      if (s.format === 'pdf' && s.kind === 'full-copy') sample = file;
    }
    latencies.sort((a, b) => a - b);
    cpu.sort((a, b) => a - b);
    const line = {
      system: 'sijill',
      scenario: s.scenario,
      kind: s.kind,
      documents,
      p50Ms: quantile(latencies, 0.5),
      p99Ms: quantile(latencies, 0.99),
      maxMs: quantile(latencies, 1),
      // Processor time of this thread: what the document costs when the machine is shared.
      cpuP50Ms: quantile(cpu, 0.5),
      cpuP99Ms: quantile(cpu, 0.99),
      meanBytes: Math.round(bytes / documents),
      goalMs: 100,
    };
    print(line);
    results.push(line);
  }

  if (sample) {
    const latencies: number[] = [];
    for (let i = 0; i < warmup + documents; i++) {
      const t0 = performance.now();
      if (!verifyOffline(sample, trusted).authentic) throw new Error('the sample does not verify');
      if (i >= warmup) latencies.push(performance.now() - t0);
    }
    latencies.sort((a, b) => a - b);
    const line = {
      system: 'sijill',
      scenario: 'extract-verify',
      documents,
      p50Ms: quantile(latencies, 0.5),
      p99Ms: quantile(latencies, 0.99),
    };
    print(line);
    results.push(line);
  }
  return results;
}
