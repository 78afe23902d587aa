/**
 * Issuing and verifying extracts.
 *
 * Issuing: fold the person's stream (the domain's rebuildPerson, nothing from a read model),
 * check the request (checkExtractRequest), draw up and sign the file, then append
 * `ExtractIssued` to a new stream `extract-<code>` (who, for whom, why, the version and
 * position shown, the file's digest) and, for a marriage file, the marginal note on the
 * person's stream at the version read, in one append: if the record changed meanwhile, the
 * whole thing is drawn up again. A retried request (same Idempotency-Key) gets the first
 * issue's file, drawn again byte for byte from the versions it recorded.
 *
 * Verifying: the signature offline (seal.ts), then the register: was this code issued, is
 * this the file issued, and what happened to the record since.
 */
import {
  checkExtractRequest,
  extractStream,
  extractValidUntil,
  issueExtract,
  personStream,
  recordOf,
  type ExtractIssued,
  type ExtractRequest,
  type PersonState,
} from '../domain';
import type { EventStore } from '../eventstore';
import { metadataOf, type RequestContext } from '../application/envelope';
import type { CommandReply, Registrar } from '../application/registrar';
import { createHash } from 'node:crypto';
import { newExtractCode } from './code';
import {
  documentOf,
  fold,
  grandfatherOf,
  readPerson,
  redraw,
  sealed,
  type ExtractDraft,
} from './draw';
import { verifyOffline, type OfflineVerification, type Problem } from './seal';
import type { SigningKey, TrustedKeys } from './signing';
import { extractStatus, issuedExtract } from './lookup';
import { describeChanges, type ExtractStatus } from './status';

export interface IssuedExtract {
  code: string;
  format: ExtractIssued['data']['format'];
  file: Buffer;
  reply: CommandReply;
}

export type Verdict = 'valid' | 'superseded' | 'altered' | 'not-authentic' | 'unknown';

export interface VerificationReport extends OfflineVerification {
  verdict: Verdict;
  /** Null when no register was asked (offline only). */
  register: {
    issued: boolean;
    /** The file is the very file the register issued (its SHA-256 recorded at issue). */
    sameFile: boolean;
    status?: ExtractStatus;
  } | null;
  reasons: string[];
}

export class ExtractService {
  constructor(
    private readonly store: EventStore,
    private readonly registrar: Registrar,
    private readonly key: SigningKey,
    private readonly trusted: TrustedKeys,
    private readonly publicUrl: string,
  ) {}

  get keyId(): string {
    return this.key.keyId;
  }

  publishedKeys() {
    return this.trusted.published();
  }

  async issue(context: RequestContext, request: ExtractRequest): Promise<IssuedExtract> {
    let drawn: { code: string; file: Buffer } | undefined;
    const reply = await this.registrar.run(context, [personStream(request.idcs)], async () => {
      const person = await readPerson(this.store, request.idcs);
      const state = fold(person.events);
      const states = { person: state, requester: await this.requesterState(request) };
      checkExtractRequest(request, states);
      const fatherIdcs = recordOf(state)?.father?.idcs;
      const father = fatherIdcs
        ? {
            idcs: fatherIdcs,
            streamVersion: await this.store.streamVersion(personStream(fatherIdcs)),
          }
        : undefined;
      const draft: ExtractDraft = {
        ...request,
        code: newExtractCode(),
        reflects: {
          streamVersion: person.version,
          position: person.position,
          ...(father && { father }),
        },
        issued: { by: context.actor, at: context.now },
        validUntil: extractValidUntil(context.now),
      };
      const grandfather = await grandfatherOf(this.store, father);
      const document = documentOf(
        draft,
        person.events,
        grandfather,
        this.key.keyId,
        this.publicUrl,
      );
      const file = await sealed(document, draft.format, this.key);
      const decision = issueExtract(
        {
          type: 'IssueExtract',
          data: {
            ...request,
            code: draft.code,
            reflects: draft.reflects,
            document: { sha256: sha256(file), keyId: this.key.keyId, bytes: file.length },
          },
          metadata: metadataOf(context),
        },
        states,
      );
      drawn = { code: draft.code, file };
      return [
        { streamId: extractStream(draft.code), expectedVersion: 0, events: decision.extract },
        {
          streamId: personStream(request.idcs),
          expectedVersion: person.version,
          events: decision.person,
        },
      ];
    });
    if (!reply.duplicate && drawn) return { ...drawn, format: request.format, reply };
    return { ...(await this.firstIssue(context.commandId)), reply };
  }

  /** The file of an issue, drawn again from what the register recorded. */
  async file(code: string): Promise<{ issued: ExtractIssued['data']; file: Buffer } | null> {
    const issued = await issuedExtract(this.store, code);
    if (!issued) return null;
    return {
      issued: issued.data,
      file: await redraw(this.store, issued.data, this.key, this.publicUrl),
    };
  }

  status(code: string, today?: string): Promise<ExtractStatus | null> {
    return extractStatus(this.store, code, today);
  }

  /** Offline checks, then the register's record of the issue. */
  async verify(file: Buffer): Promise<VerificationReport> {
    return verifyAgainstRegister(verifyOffline(file, this.trusted), (code) => this.status(code));
  }

  private async requesterState(request: ExtractRequest): Promise<PersonState | undefined> {
    const r = request.requester;
    // Only a child's relation is read on the requester's own record.
    if (r?.relation !== 'child' || typeof r.idcs !== 'string') return undefined;
    return fold((await readPerson(this.store, r.idcs)).events);
  }

  private async firstIssue(commandId: string) {
    const [event] = (await this.store.readCommand(commandId)).filter(
      (e) => e.type === 'ExtractIssued',
    );
    if (!event) throw new Error(`command ${commandId} issued no extract`);
    const issued = event.data as ExtractIssued['data'];
    const file = await redraw(this.store, issued, this.key, this.publicUrl);
    if (sha256(file) !== issued.document.sha256)
      throw new Error(`extract ${issued.code} no longer draws to the file issued`);
    return { code: issued.code, format: issued.format, file };
  }
}

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

/**
 * The verdict from the offline checks and, when a register is asked, its record: altered or
 * not authentic first; then unknown to the register; then superseded by later events.
 */
export async function verifyAgainstRegister(
  offline: OfflineVerification,
  status: ((code: string) => Promise<ExtractStatus | null>) | null,
): Promise<VerificationReport> {
  const reasons = offline.problems.map((p: Problem) => p.reason);
  let register: VerificationReport['register'] = null;
  if (status && offline.facts) {
    const found = await status(offline.facts.code);
    register = {
      issued: found !== null,
      sameFile: found?.document.sha256 === offline.sha256,
      ...(found && { status: found }),
    };
    if (!found) reasons.push(`the register has issued no extract with code ${offline.facts.code}`);
    else if (!register.sameFile && offline.unaltered)
      reasons.push('the register recorded another file for this code');
    if (found) reasons.push(...describeChanges(found.changes));
  }
  let verdict: Verdict;
  if (!offline.authentic) verdict = 'not-authentic';
  else if (!offline.unaltered) verdict = 'altered';
  else if (register && !register.issued) verdict = 'unknown';
  else if (register && !register.sameFile) verdict = 'altered';
  else if (register?.status?.status === 'superseded') verdict = 'superseded';
  else verdict = 'valid';
  return { ...offline, verdict, register, reasons };
}
