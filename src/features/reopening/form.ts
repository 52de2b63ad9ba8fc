import { z } from 'zod';
import { parseForm } from '../../web/forms.ts';

const reopenForm = z.object({
  reason: z
    .string({ error: 'Enter why the case is reopened' })
    .trim()
    .min(1, 'Enter why the case is reopened')
    .max(2000, 'Reason must be 2,000 characters or fewer'),
});
export type ReopenInput = z.infer<typeof reopenForm>;
export const parseReopen = (body: unknown) => parseForm(reopenForm, body);
