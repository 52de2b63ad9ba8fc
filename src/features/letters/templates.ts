import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { z } from 'zod';
import { DOCUMENT_KINDS } from '../documents/kinds.ts';

/**
 * Letter templates kept as configuration (config/letters/*.json, docs/printing-and-letters.md):
 * each names the typed fields of its form and writes its letter with `{{placeholders}}` filled
 * from the case and the form. Read and checked once at start: an unknown placeholder, field or
 * document kind stops the service from starting, never a letter from printing.
 */

const FIELD_NAME = /^[a-zA-Z][a-zA-Z0-9]{0,39}$/;

const fieldSchema = z.object({
  name: z.string().regex(FIELD_NAME),
  label: z.string().min(1).max(200),
  hint: z.string().max(300).optional(),
  rows: z.number().int().min(1).max(12),
  default: z.string().max(500),
  optional: z.boolean().optional(),
  maxLength: z.number().int().min(1).max(5000).optional(),
});

const templateSchema = z.object({
  title: z.string().min(1).max(120),
  description: z.string().min(1).max(500),
  documentKind: z.enum(DOCUMENT_KINDS.map((k) => k.code) as [string, ...string[]]),
  documentTitle: z.string().min(1).max(200),
  appointment: z.boolean(),
  fields: z.array(fieldSchema).max(12),
  recipient: z.array(z.string().max(500)).min(1).max(8),
  subject: z.string().max(500),
  salutation: z.string().max(200),
  body: z.array(z.string().max(4000)).min(1).max(30),
  signOff: z.string().min(1).max(100),
});

export type LetterField = z.infer<typeof fieldSchema>;
export type LetterTemplate = z.infer<typeof templateSchema> & { id: string };

/** The values a template may use, besides `fields.<name>` for its own fields. */
export const CASE_PLACEHOLDERS = [
  'person.name',
  'person.givenName',
  'person.dateOfBirth',
  'person.nhsNumber',
  'case.reference',
  'hub.name',
  'request.gpPractice',
  'author.name',
  'letter.date',
] as const;
export const APPOINTMENT_PLACEHOLDERS = [
  'appointment.date',
  'appointment.time',
  'appointment.place',
] as const;
export type Placeholder =
  (typeof CASE_PLACEHOLDERS)[number] | (typeof APPOINTMENT_PLACEHOLDERS)[number];

const PLACEHOLDER = /\{\{\s*([a-zA-Z.]+)\s*\}\}/g;

/** Every placeholder of a template's texts. */
function placeholdersOf(template: Omit<LetterTemplate, 'id'>): string[] {
  const texts = [
    ...template.fields.map((f) => f.default),
    ...template.recipient,
    template.subject,
    template.salutation,
    ...template.body,
  ];
  return texts.flatMap((text) => [...text.matchAll(PLACEHOLDER)].map((m) => m[1]!));
}

/** Checks one template's JSON: its shape, and that it uses only placeholders it may. */
export function parseTemplate(id: string, json: unknown): LetterTemplate {
  const template = templateSchema.parse(json);
  const names = template.fields.map((f) => f.name);
  if (new Set(names).size !== names.length) throw new Error(`Letter ${id}: a field is repeated`);
  const known = new Set<string>([
    ...CASE_PLACEHOLDERS,
    ...(template.appointment ? APPOINTMENT_PLACEHOLDERS : []),
    ...names.map((n) => `fields.${n}`),
  ]);
  for (const used of placeholdersOf(template)) {
    if (!known.has(used)) throw new Error(`Letter ${id}: unknown placeholder {{${used}}}`);
  }
  for (const field of template.fields) {
    if (field.default.includes('{{fields.'))
      throw new Error(`Letter ${id}: a field's default cannot use another field`);
  }
  return { ...template, id };
}

/** The templates of a folder, by id (the file name without .json), in file-name order. */
export function loadLetterTemplates(folder: string): LetterTemplate[] {
  return readdirSync(folder)
    .filter((name) => name.endsWith('.json'))
    .sort()
    .map((name) => {
      const id = basename(name, '.json');
      if (!/^[a-z0-9-]{1,60}$/.test(id)) throw new Error(`Letter template name ${name}`);
      return parseTemplate(id, JSON.parse(readFileSync(join(folder, name), 'utf8')) as unknown);
    });
}

/**
 * A text with its placeholders replaced. A value with several lines keeps them; a missing
 * value (an optional field left empty) is empty.
 */
export function fill(text: string, values: Record<string, string>): string {
  return text.replace(PLACEHOLDER, (_, name: string) => values[name] ?? '');
}
