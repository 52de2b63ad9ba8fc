import { z } from 'zod';
import { parseForm } from '../../web/forms.ts';

const policeUpdateForm = z.object({
  body: z
    .string({ error: 'Enter the update' })
    .trim()
    .min(1, 'Enter the update')
    .max(5000, 'Update must be 5,000 characters or fewer'),
});
export const parsePoliceUpdate = (body: unknown) => parseForm(policeUpdateForm, body);
