import { z } from 'zod';
import { DEMO_EMAIL_DOMAIN } from '../auth/accounts.ts';
import { CHOSEN_HUB_STATUSES, HUB_CODE } from '../../domain/hubs.ts';
import { codesOf } from '../../domain/reference/list.ts';
import { CT_REGIONS, POLICE_FORCES } from '../../domain/reference/policing.ts';
import { ROLES } from '../../domain/roles.ts';

export { HUB_CODE };

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

/** Checkboxes: none ticked sends nothing, one sends a string, several an array. */
const ticked = <T extends string>(codes: readonly [T, ...T[]], message: string) =>
  z.preprocess(
    (v): unknown[] =>
      v === undefined || v === '' ? [] : Array.isArray(v) ? (v as unknown[]) : [v],
    z.array(z.enum(codes, { error: message })).max(codes.length, message),
  );

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
  regions: ticked(
    codesOf(CT_REGIONS) as [string, ...string[]],
    'Select CT Policing regions from the list',
  ),
  forces: ticked(
    codesOf(POLICE_FORCES) as [string, ...string[]],
    'Select police forces from the list',
  ),
  status: z.enum(CHOSEN_HUB_STATUSES, { error: 'Select the status of the hub' }),
  version: z.coerce.number().int().positive().optional(),
});
export type HubInput = z.infer<typeof hubForm>;

/** Retiring a hub: the admin confirms, with the version they saw. */
export const retireHubForm = z.object({
  confirm: z.literal('yes', { error: 'Confirm that the hub takes no new requests' }),
  version: z.coerce.number().int().positive({ error: 'The form is out of date: open it again' }),
});
