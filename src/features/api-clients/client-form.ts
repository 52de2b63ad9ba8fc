import { z } from 'zod';
import { API_SCOPES } from '../../domain/api-scopes.ts';
import { withRoles } from '../admin/user-form.ts';

/** Checkboxes send nothing, one value, or several: always a list. */
const list = (v: unknown): unknown[] =>
  v === undefined || v === '' ? [] : Array.isArray(v) ? (v as unknown[]) : [v];

/**
 * The add-a-client form: name, organisation, roles per hub (the user form's fields and rules,
 * without a profession), the public key as JWK text, scopes, and whether it may name an
 * acting user. The key itself is read by keys.ts (jose), the side's scopes by the service.
 */
export const clientCreateForm = withRoles(
  z.object({
    name: z
      .string({ error: "Enter the client's name" })
      .trim()
      .min(1, "Enter the client's name")
      .max(100, "The client's name must be 100 characters or fewer"),
    organisation: z
      .string({ error: 'Enter the organisation the client acts for' })
      .trim()
      .min(1, 'Enter the organisation the client acts for')
      .max(200, 'The organisation must be 200 characters or fewer'),
    publicKey: z
      .string({ error: 'Enter the public key' })
      .trim()
      .min(1, 'Enter the public key')
      .max(10_000, 'The public key must be 10,000 characters or fewer'),
    scopes: z.preprocess(
      list,
      z.array(z.enum(API_SCOPES, { error: 'Select scopes from the list' }), {
        error: 'Select scopes from the list',
      }),
    ),
    mayActForUsers: z
      .enum(['yes', 'no'], { error: 'Select whether the client may name the person acting' })
      .transform((v) => v === 'yes'),
  }),
  { profession: false },
);
export type ClientCreateInput = z.output<typeof clientCreateForm>;
