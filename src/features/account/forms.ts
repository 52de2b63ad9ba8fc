import { z } from 'zod';
import { passwordProblem } from '../../domain/passwords.ts';

/** A new password, twice, under the same rules as everywhere (src/domain/passwords.ts). */
export const newPasswordFields = {
  newPassword: z
    .string({ error: 'Enter a new password' })
    .min(1, 'Enter a new password')
    .superRefine((p, ctx) => {
      const problem = passwordProblem(p);
      if (problem) ctx.addIssue({ code: 'custom', message: problem });
    }),
  confirmPassword: z.string({ error: 'Enter the new password again' }),
};

/** The two new passwords must match: reported on the second. */
export const matchingPasswords = <T extends { newPassword: string; confirmPassword: string }>(
  value: T,
  ctx: z.RefinementCtx,
) => {
  if (value.newPassword !== value.confirmPassword)
    ctx.addIssue({
      code: 'custom',
      path: ['confirmPassword'],
      message: 'The passwords do not match: enter the new password again',
    });
};

export const changePasswordForm = z
  .object({
    currentPassword: z
      .string({ error: 'Enter your current password' })
      .min(1, 'Enter your current password')
      .max(256, 'Password must be 256 characters or fewer'),
    ...newPasswordFields,
  })
  .superRefine(matchingPasswords);
