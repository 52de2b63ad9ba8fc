import { z } from 'zod';

const code = z
  .string({ error: 'Enter the 6-digit security code' })
  .trim()
  .min(1, 'Enter the 6-digit security code')
  .regex(/^\d{3}\s?\d{3}$/, 'The security code must be 6 digits');

export const signInForm = z.object({
  email: z
    .string({ error: 'Enter your email address' })
    .trim()
    .min(1, 'Enter your email address')
    .max(254, 'Email address must be 254 characters or fewer')
    .email('Enter an email address in the correct format, like name@example.nhs.uk'),
  password: z
    .string({ error: 'Enter your password' })
    .min(1, 'Enter your password')
    .max(256, 'Password must be 256 characters or fewer'),
});

export const codeForm = z.object({ code });

export const termsForm = z.object({
  accept: z.literal('yes', { error: 'Confirm that you accept the terms of use' }),
});
