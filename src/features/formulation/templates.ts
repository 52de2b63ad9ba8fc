import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { z } from 'zod';

/**
 * Instrument templates (tool-neutral structured professional judgement): configuration files in
 * config/instruments/*.json, read once at start. A file with an error stops the start with a
 * message naming the file and the field, so a mistake never reaches a clinician's form.
 */

const code = z
  .string({ error: 'must be a code (text)' })
  .regex(/^[a-z0-9_]{1,100}$/, 'must be lower case letters, digits and _ (1 to 100 characters)');
const label = (max: number) =>
  z
    .string({ error: 'must be text' })
    .trim()
    .min(1, 'must not be empty')
    .max(max, `must be ${max} characters or fewer`);

const factorSchema = z.strictObject(
  {
    code,
    label: label(200),
    hint: label(500).optional(),
  },
  { error: 'must be an object with code and label' },
);

const domainSchema = z.strictObject(
  {
    code,
    label: label(200),
    hint: label(500).optional(),
    factors: z
      .array(factorSchema, { error: 'must be a list of factors' })
      .min(1, 'must list at least one factor'),
  },
  { error: 'must be an object with code, label and factors' },
);

const templateSchema = z
  .strictObject(
    {
      id: z
        .string({ error: 'must be text' })
        .regex(
          /^[a-z0-9][a-z0-9_-]{0,99}$/,
          'must be lower case letters, digits, - and _ (1 to 100 characters)',
        ),
      version: label(40),
      name: label(200),
      description: label(1000).optional(),
      domains: z.array(domainSchema, { error: 'must be a list of domains' }),
    },
    { error: 'must be a JSON object with id, version, name and domains' },
  )
  .superRefine((template, ctx) => {
    const domainCodes = new Set<string>();
    const factorCodes = new Set<string>();
    template.domains.forEach((domain, d) => {
      if (domainCodes.has(domain.code)) {
        ctx.addIssue({
          code: 'custom',
          path: ['domains', d, 'code'],
          message: `duplicate domain code "${domain.code}"`,
        });
      }
      domainCodes.add(domain.code);
      domain.factors.forEach((factor, f) => {
        // Factor codes key the ratings of a formulation: unique across the whole template.
        if (factorCodes.has(factor.code)) {
          ctx.addIssue({
            code: 'custom',
            path: ['domains', d, 'factors', f, 'code'],
            message: `duplicate factor code "${factor.code}"`,
          });
        }
        factorCodes.add(factor.code);
      });
    });
  });

export type InstrumentTemplate = z.infer<typeof templateSchema>;
export type TemplateDomain = InstrumentTemplate['domains'][number];
export type TemplateFactor = TemplateDomain['factors'][number];

export class InstrumentTemplateError extends Error {}

/** Where a zod issue points, as people write it: domains[2].factors[0].label */
function fieldPath(path: readonly PropertyKey[]): string {
  return path
    .map((part, i) =>
      typeof part === 'number' ? `[${part}]` : `${i === 0 ? '' : '.'}${String(part)}`,
    )
    .join('');
}

/** Parses one template file's text; the error names the file and the field. */
export function parseInstrumentTemplate(file: string, text: string): InstrumentTemplate {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new InstrumentTemplateError(`${file}: not valid JSON (${(error as Error).message})`);
  }
  const parsed = templateSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const where = fieldPath(issue.path);
    const message =
      issue.code === 'unrecognized_keys'
        ? `unknown field${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `"${k}"`).join(', ')}`
        : issue.message;
    throw new InstrumentTemplateError(`${file}: ${where ? `${where}: ` : ''}${message}`);
  }
  return parsed.data;
}

/** The templates an installation offers, in file-name order. */
export interface InstrumentTemplates {
  list: readonly InstrumentTemplate[];
  byId(id: string): InstrumentTemplate | undefined;
}

export function instrumentTemplates(list: readonly InstrumentTemplate[]): InstrumentTemplates {
  const map = new Map(list.map((t) => [t.id, t]));
  return { list, byId: (id) => map.get(id) };
}

/** Reads every *.json in the folder. Throws InstrumentTemplateError on the first problem. */
export function loadInstrumentTemplates(dir: string): InstrumentTemplates {
  let files: string[];
  try {
    files = readdirSync(dir)
      .filter((f) => f.endsWith('.json'))
      .sort();
  } catch {
    throw new InstrumentTemplateError(`${dir}: instrument templates folder cannot be read`);
  }
  if (files.length === 0) {
    throw new InstrumentTemplateError(`${dir}: no instrument templates (*.json) found`);
  }
  const seen = new Map<string, string>();
  const list = files.map((name) => {
    const file = join(dir, name);
    const template = parseInstrumentTemplate(file, readFileSync(file, 'utf8'));
    const other = seen.get(template.id);
    if (other) {
      throw new InstrumentTemplateError(
        `${file}: id: "${template.id}" is already the id of ${basename(other)}`,
      );
    }
    seen.set(template.id, file);
    return template;
  });
  return instrumentTemplates(list);
}

/** Every factor of a template with its domain, in form order. */
export const factorsOf = (template: InstrumentTemplate) =>
  template.domains.flatMap((domain) => domain.factors.map((factor) => ({ domain, factor })));
