import { z } from 'zod';
import { uuid } from '../../web/ids.ts';

/**
 * The bodies the API answers with, as zod schemas: the OpenAPI document shows them
 * (z.toJSONSchema), and the tests parse real answers with them.
 */
const instant = z.iso.datetime({ offset: true }).describe('An instant, ISO 8601');
const day = z.iso.date().describe('A calendar date, YYYY-MM-DD');

export const caseIdParams = z.object({
  caseId: uuid.describe('The case id (from the create answer)'),
});

export const requestLinks = z.object({
  self: z.string(),
  advice: z.string(),
  closureSummary: z.string(),
});

export const createdRequest = z.object({
  caseId: uuid,
  reference: z.string().describe('The case reference, like VSS-WM-2026-0042'),
  hubName: z.string(),
  urgency: z.enum(['routine', 'urgent']),
  links: requestLinks,
});

export const requestStatus = z.object({
  caseId: uuid,
  reference: z.string(),
  hubName: z.string(),
  status: z.string().describe('awaiting_triage, awaiting_allocation, open, closed, …'),
  urgency: z.enum(['routine', 'urgent']),
  requestedAt: instant,
  isReReferral: z.boolean(),
  feedbackAnswered: z.boolean(),
  links: requestLinks,
});

export const adviceList = z.object({
  caseId: uuid,
  advice: z.array(
    z.object({
      id: uuid,
      kind: z.enum(['advice', 'communication_strategy']),
      title: z.string().nullable(),
      body: z.string(),
      avoid: z.string().nullable(),
      involve: z.string().nullable(),
      givenAt: day,
      authorName: z.string(),
    }),
  ),
});

export const releasedItems = z.object({
  caseId: uuid,
  items: z.array(
    z.object({
      id: uuid,
      label: z.string().nullable().describe('Null once the decision was withdrawn'),
      text: z.string().nullable().describe('Null once the decision was withdrawn'),
      releasedAt: instant,
      withdrawnAt: instant.nullable(),
      legalBasis: z.string().nullable(),
      decidedByName: z.string().nullable(),
      approvedByName: z.string().nullable(),
    }),
  ),
});

export const closureSummary = z.object({
  caseId: uuid,
  closed: z.boolean(),
  closureSummary: z
    .object({ outcome: z.string(), summary: z.string(), approvedAt: instant })
    .nullable(),
});

export const policeUpdateBody = z.strictObject({
  body: z.string().max(20_000).describe('The update (at most 5,000 characters)'),
  version: z
    .int()
    .min(0)
    .optional()
    .describe(
      'The case version the update is based on (optional: refused with 409 if the case changed)',
    ),
});

export const policeUpdateCreated = z.object({ caseId: uuid, updateId: uuid });

export const caseListItem = z.object({
  caseId: uuid,
  reference: z.string(),
  personName: z.string(),
  hubName: z.string(),
  status: z.string(),
  urgency: z.enum(['routine', 'urgent']),
  requestedAt: instant,
  lead: z.string().nullable().describe('The lead clinician, where the viewer may see it'),
  links: z.object({ self: z.string() }),
});

export const caseList = z.object({
  items: z.array(caseListItem),
  total: z.int(),
  links: z.object({ next: z.string().nullable() }),
});

export const caseDetail = z.object({
  caseId: uuid,
  reference: z.string(),
  hubName: z.string(),
  personName: z.string(),
  status: z.string(),
  urgency: z.enum(['routine', 'urgent']),
  requestedAt: instant,
  closedAt: instant.nullable(),
  version: z.int(),
  access: z.object({
    readPolice: z.boolean(),
    readShared: z.boolean(),
    readHealth: z.boolean(),
    reasonRequired: z.boolean(),
  }),
  shared: adviceList
    .pick({ advice: true })
    .extend({ closureSummary: closureSummary.shape.closureSummary })
    .nullable()
    .describe('Advice and closure summary (null unless the viewer may read shared content)'),
  policeUpdates: z
    .array(z.object({ id: uuid, body: z.string(), authorName: z.string(), createdAt: instant }))
    .nullable()
    .describe('Null unless the viewer may read police content'),
  links: z.object({ self: z.string(), fhir: z.string().nullable() }),
});

export const tableList = z.object({
  tables: z.array(
    z.object({
      id: z.string(),
      section: z.string(),
      title: z.string(),
      definition: z.string(),
      links: z.object({ self: z.string() }),
    }),
  ),
});

const cell = z.object({
  kind: z.enum(['count', 'percent', 'days', 'score', 'cases']),
  value: z
    .union([z.number(), z.literal('*')])
    .nullable()
    .describe('"*": hidden by disclosure control; null: nothing to show'),
  suppression: z.enum(['none', 'primary', 'secondary']),
});

export const publishedTable = z.object({
  period: z.object({ from: day, to: day, label: z.string() }),
  scope: z.string().describe('"All hubs" or the hub'),
  asAt: instant,
  generatedAt: instant,
  disclosureRule: z.string(),
  table: z.object({
    id: z.string(),
    section: z.string(),
    title: z.string(),
    definition: z.string(),
    rowHeader: z.string(),
    columns: z.array(z.string()),
    rows: z.array(z.object({ label: z.string(), total: z.boolean(), cells: z.array(cell) })),
  }),
});
