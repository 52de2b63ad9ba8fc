import { createHash } from 'node:crypto';
import { documentUploadRefusal } from '../../../domain/documents.ts';
import type { DocumentKind, DocumentMime } from '../../documents/kinds.ts';
import { Random } from '../random.ts';
import { audit, isoDate, nextWorkingTime, type CaseContext, type CaseGenerator } from '../story.ts';
import { syntheticPdf, syntheticPng } from '../synthetic-files.ts';

/**
 * Documents (issue 13) as the documents service stores them: a content row, its one chunk and
 * the document row, audited as a collection, added only when the case's state lets that
 * compartment take one (the same rule as the upload routes, domain/documents.ts). The files
 * are small synthetic PDFs and PNG "scans" made in code (synthetic-files.ts), about 1 KB each.
 *
 * Rates, per allocated case still open after its contacts and notes: a consent form when
 * consent was recorded (85%; a fifth of them scanned as PNG), a letter from the GP (60%),
 * meeting minutes (25%), a report (10%). The requesting officer adds a document to about one
 * request in five (a report, now and then a second), while the case is not closed.
 * Each draws from a source of its own seeded by the case's id (itself drawn from the run's
 * seed), not from the case's source, and dates its documents within
 * the story told so far (a working time between allocation, or the request, and the latest
 * event, or now for a case still in progress), without moving the story on: the other generators' rows are the same with or
 * without documents, and the case was in a state that takes documents all that time.
 */

/** Working times (ms) in [from, to], in order; `to` when the next working time is later. */
function momentsBetween(random: Random, from: number, to: number, count: number): number[] {
  return Array.from({ length: count }, () => {
    const at = nextWorkingTime(from + random.next() * Math.max(0, to - from));
    return Math.min(Math.round(at), to);
  }).sort((a, b) => a - b);
}

/**
 * Until when the case has been in its present state: the latest event, or `now` for a case
 * still in progress (its story stopped: nothing else happens to it before `now`).
 */
const storyEnd = (context: CaseContext): number => (context.stopped ? context.now : context.at);

interface Planned {
  kind: DocumentKind;
  title: string;
  png: boolean;
  lines: string[];
}

function healthPlan(random: Random, reference: string, consented: boolean): Planned[] {
  const plan: Planned[] = [];
  const body = (heading: string, ...rest: string[]) => [
    `${heading} (synthetic)`,
    `Case ${reference}`,
    ...rest,
    'Synthetic test data: not about a real person.',
  ];
  if (consented && random.chance(0.85)) {
    plan.push({
      kind: 'consent_form',
      title: 'Signed consent form',
      png: random.chance(0.2),
      lines: body('Consent to work with the service', 'Signed and dated at the first appointment.'),
    });
  }
  if (random.chance(0.6)) {
    plan.push({
      kind: 'gp_letter',
      title: random.pick(['Letter from the GP', 'GP summary of care', 'GP reply to our letter']),
      png: false,
      lines: body(
        'Letter from the GP',
        random.pick([
          'Seen twice this year for low mood; no medication at present.',
          'Known to the practice since childhood. Asthma, well controlled.',
          'Referred to the community mental health team last spring.',
        ]),
      ),
    });
  }
  if (random.chance(0.25)) {
    plan.push({
      kind: 'meeting_minutes',
      title: random.pick(['Minutes of the professionals meeting', 'Minutes of the MAPPA meeting']),
      png: false,
      lines: body('Minutes', 'Attended by the VSS clinician and partner agencies.'),
    });
  }
  if (random.chance(0.1)) {
    plan.push({
      kind: 'report',
      title: 'School report',
      png: false,
      lines: body('Report from school', 'Attendance 82% this term.'),
    });
  }
  return plan;
}

/** Adds one document (its content, chunk and row) with its audit row, at the story's time. */
function addDocument(
  context: CaseContext,
  random: Random,
  added: {
    compartment: 'health' | 'police';
    actor: { userId: string; role: string };
    when: number;
  },
  planned: Planned,
): void {
  const { compartment, actor, when } = added;
  const { kase } = context;
  const bytes = planned.png
    ? syntheticPng([...planned.lines, isoDate(when)].join('\n'))
    : syntheticPdf([...planned.lines, `Added on ${isoDate(when)}`]);
  const mime: DocumentMime = planned.png ? 'image/png' : 'application/pdf';
  const contentId = random.uuid();
  const at = new Date(when);
  context.rows.add('document_contents', {
    id: contentId,
    sha256: createHash('sha256').update(bytes).digest('hex'),
    size_bytes: bytes.length,
    mime,
    chunk_count: 1,
    stored_at: at,
  });
  context.rows.add('document_content_chunks', { content_id: contentId, position: 1, bytes });
  const table = compartment === 'health' ? 'health_documents' : 'police_documents';
  const id = random.uuid();
  context.rows.add(table, {
    id,
    case_id: kase.id,
    title: planned.title,
    kind: planned.kind,
    content_id: contentId,
    source: 'upload',
    added_by: actor.userId,
    added_at: at,
  });
  audit(
    context,
    actor,
    {
      action: 'collection',
      subjectType: table,
      subjectId: id,
      personId: kase.personId,
      detail: { caseId: kase.id, kind: planned.kind, compartment, contentId, source: 'upload' },
    },
    when,
  );
}

/** The lead clinician's documents of the health record. */
export const healthDocuments: CaseGenerator = {
  name: 'documents',
  evenWhenStopped: true,
  generate(context) {
    const { kase } = context;
    if (!kase.lead || documentUploadRefusal('health', kase.status)) return;
    const random = new Random(`documents:${kase.id}`);
    const actor = { userId: kase.lead, role: 'clinician' };
    // From when the lead (who adds them) was allocated: after any reallocation to them.
    const since = kase.allocations
      .filter((a) => a.clinician_id === kase.lead)
      .map((a) => new Date(a.allocated_from).getTime());
    if (since.length === 0) return;
    const plan = healthPlan(random, kase.reference, kase.consent !== null);
    const times = momentsBetween(random, Math.max(...since), storyEnd(context), plan.length);
    plan.forEach((planned, i) =>
      addDocument(context, random, { compartment: 'health', actor, when: times[i]! }, planned),
    );
  },
};

/** The requesting officer's documents of their request (police compartment). */
export const policeDocuments: CaseGenerator = {
  name: 'police-documents',
  evenWhenStopped: true,
  generate(context) {
    const { kase } = context;
    const random = new Random(`police-documents:${kase.id}`);
    if (!random.chance(0.2)) return;
    const actor = { userId: kase.requestedBy, role: 'case_officer' };
    if (documentUploadRefusal('police', kase.status)) return;
    const count = random.chance(0.15) ? 2 : 1;
    const times = momentsBetween(random, kase.requestedAt + 60_000, storyEnd(context), count);
    for (const when of times) {
      addDocument(
        context,
        random,
        { compartment: 'police', actor, when },
        {
          kind: 'report',
          title: random.pick([
            'Summary of police contact',
            'Intelligence summary (redacted)',
            'Risk assessment by the police',
          ]),
          png: false,
          lines: [
            'Police document (synthetic)',
            `Request ${kase.reference}`,
            'Summary of contact with the person over the last year.',
            'Synthetic test data: not about a real person.',
          ],
        },
      );
    }
  },
};
