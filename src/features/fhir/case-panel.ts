import type { CasePanel, PanelView } from '../cases/registry.ts';

type FhirPanel = PanelView & { href: string };

/** A link to download the case as a FHIR bundle, for those who may read the health record. */
export const fhirPanel: CasePanel<FhirPanel> = {
  id: 'fhir',
  order: 130,
  section: 'documents',
  template: 'features/fhir/views/case-panel.njk',
  visible: (opened) => opened.can.readHealth,
  read({ opened }) {
    if (!opened.can.readHealth) return Promise.resolve(null);
    return Promise.resolve({ href: `/cases/${opened.header.id}/fhir` });
  },
};
