import { z } from 'zod';
import { DEMO_EMAIL_DOMAIN } from '../auth/accounts.ts';
import { passwordProblem } from '../../domain/passwords.ts';
import { PROFESSIONS, ROLE_LABELS, ROLES, type Role } from '../../domain/roles.ts';
import {
  ADDED_TO,
  needsHub,
  needsProfession,
  withoutBaseRole,
} from '../../domain/user-accounts.ts';

/** Checkboxes send nothing, one value, or several: always a list. */
const list = <T extends z.ZodType>(item: T) =>
  z.preprocess(
    (v: unknown): unknown[] =>
      v === undefined || v === '' ? [] : Array.isArray(v) ? (v as unknown[]) : [v],
    z.array(item).max(20),
  );

const HUB_CODE = /^[A-Z]{2,4}$/;

const name = z
  .string({ error: 'Enter the full name' })
  .trim()
  .min(1, 'Enter the full name')
  .max(100, 'Full name must be 100 characters or fewer');

const roles = list(z.enum(ROLES, { error: 'Select roles from the list' })).refine(
  (r) => r.length > 0,
  'Select at least one role',
);

const hubs = list(z.string().regex(HUB_CODE, 'Select hubs from the list'));

const profession = z.preprocess(
  (v) => (v === '' || v === undefined ? null : v),
  z.enum(PROFESSIONS, { error: 'Select a profession from the list' }).nullable(),
);

/**
 * Cross-field rules: a role that adds to another needs that one too, hub roles need a hub,
 * clinical roles a profession.
 */
function assignmentRules(
  value: { roles: Role[]; hubs: string[]; profession: string | null },
  ctx: z.RefinementCtx,
) {
  for (const role of withoutBaseRole(value.roles)) {
    const base = ADDED_TO[role]!;
    ctx.addIssue({
      code: 'custom',
      path: ['roles'],
      message: `Select ${ROLE_LABELS[base]} as well: a ${ROLE_LABELS[role].toLowerCase()} also holds the ${ROLE_LABELS[base].toLowerCase()} role`,
    });
  }
  if (needsHub(value.roles) && value.hubs.length === 0) {
    ctx.addIssue({
      code: 'custom',
      path: ['hubs'],
      message: 'Select at least one hub for a case officer, clinician, hub lead or police lead',
    });
  }
  if (needsProfession(value.roles) && value.profession === null) {
    ctx.addIssue({
      code: 'custom',
      path: ['profession'],
      message: 'Select the profession of a clinician or hub lead',
    });
  }
}

export const email = z
  .string({ error: 'Enter an email address' })
  .trim()
  .min(1, 'Enter an email address')
  .max(254, 'Email address must be 254 characters or fewer')
  .email('Enter an email address in the correct format, like name@example.nhs.uk')
  // Only seed-demo makes demo accounts: their codes can be computed by anyone with the CLI.
  .refine(
    (e) => !e.toLowerCase().endsWith(`@${DEMO_EMAIL_DOMAIN}`),
    `Email addresses at ${DEMO_EMAIL_DOMAIN} are kept for demo accounts`,
  );

const password = z
  .string({ error: 'Enter an initial password' })
  .min(1, 'Enter an initial password')
  .superRefine((p, ctx) => {
    const problem = passwordProblem(p);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  });

export const userCreateForm = z
  .object({ name, email, roles, hubs, profession, password })
  .superRefine(assignmentRules);
export type UserCreateInput = z.infer<typeof userCreateForm>;

const version = z.coerce
  .number({ error: 'The form is out of date: open the user again' })
  .int()
  .positive();

export const userEditForm = z
  .object({ name, roles, hubs, profession, version })
  .superRefine(assignmentRules);
export type UserEditInput = z.infer<typeof userEditForm>;

export const USER_STATUS_FILTERS = ['active', 'disabled', 'locked'] as const;

const optional = <T extends z.ZodType>(inner: T) =>
  z.preprocess((v) => (v === '' || v === undefined ? undefined : v), inner.optional());

export const userSearchForm = z.object({
  q: z.string().trim().max(100, 'Search must be 100 characters or fewer').optional(),
  role: optional(z.enum(ROLES, { error: 'Select a role from the list' })),
  hub: optional(z.string().regex(HUB_CODE, 'Select a hub from the list')),
  status: optional(z.enum(USER_STATUS_FILTERS, { error: 'Select a status from the list' })),
  page: z.coerce.number().int().min(1).max(100_000).catch(1).default(1),
});
export type UserSearch = z.infer<typeof userSearchForm>;

export const HUB_STATUSES = ['pilot', 'live', 'closed'] as const;

export const hubForm = z.object({
  code: z
    .string({ error: 'Enter a hub code' })
    .trim()
    .toUpperCase()
    .min(1, 'Enter a hub code')
    .regex(HUB_CODE, 'Hub code must be 2 to 4 letters, like WM'),
  name: z
    .string({ error: 'Enter the hub name' })
    .trim()
    .min(1, 'Enter the hub name')
    .max(100, 'Hub name must be 100 characters or fewer'),
  region: z
    .string({ error: 'Enter the region' })
    .trim()
    .min(1, 'Enter the region')
    .max(100, 'Region must be 100 characters or fewer'),
  status: z.enum(HUB_STATUSES, { error: 'Select the status of the hub' }),
  version: z.coerce.number().int().positive().optional(),
});
export type HubInput = z.infer<typeof hubForm>;
