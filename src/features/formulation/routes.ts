import type { RouteDeclaration } from '../../web/routes.ts';
import type { HomeLink } from '../auth/presenter.ts';
import { formulationUrls } from './presenter.ts';
import { draftRoutes } from './routes/draft.ts';
import { recordRoutes } from './routes/record.ts';
import type { FormulationRouteDeps } from './routes/shared.ts';
import { signOffRoutes } from './routes/sign-off.ts';

export const formulationHomeLinks: HomeLink[] = [
  {
    permission: 'formulation.sign_off',
    text: 'Formulations to sign off',
    href: formulationUrls.queue(),
    description:
      'Formulations submitted in your hub: sign them off (never your own) or return them to draft.',
  },
];

/** Structured formulations (PRODUCT.md step 5): write, submit, sign off, review. */
export function formulationRoutes(deps: FormulationRouteDeps): RouteDeclaration[] {
  return [...recordRoutes(deps), ...draftRoutes(deps), ...signOffRoutes(deps)];
}
