import { z } from 'zod';

/**
 * An HTML form's body as route registration checks it: its shape only (an object, the CSRF
 * token a string); the form's own parser gives the GOV.UK errors with the input kept.
 */
export const formBody = z.looseObject({ _csrf: z.string().optional() });
