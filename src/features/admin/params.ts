import { z } from 'zod';
import { uuid } from '../../web/ids.ts';

/** `:id` of an admin page: a malformed id is a 404 at registration. */
export const idParams = z.object({ id: uuid });

/** `?done=saved`: the one-word notice a page shows after a change: a code, never data. */
export const noticeQuery = z.looseObject({
  done: z
    .string()
    .regex(/^[a-z-]{1,20}$/)
    .optional()
    .catch(undefined),
});

export { formBody } from '../auth/form-body.ts';
