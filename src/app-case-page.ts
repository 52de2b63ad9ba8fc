import { printingPanel } from './features/printing/case-panel.ts';
import { advicePanel, adviceTimeline } from './features/advice/case-panel.ts';
import { allocationPanel, allocationTimeline } from './features/allocation/case-panel.ts';
import {
  caseClosedTimeline,
  closurePanel,
  closureRequestsTimeline,
} from './features/closure/case-panel.ts';
import {
  consentPanel,
  consentTimeline,
  lawfulBasisTimeline,
} from './features/consent/case-panel.ts';
import { disclosuresPanel, disclosuresTimeline } from './features/disclosures/case-panel.ts';
import {
  documentsPanel,
  healthDocumentsTimeline,
  policeDocumentsTimeline,
} from './features/documents/case-panel.ts';
import { fhirPanel } from './features/fhir/case-panel.ts';
import { formulationPanel, formulationTimeline } from './features/formulation/case-panel.ts';
import { liaisonPanel, liaisonTimeline } from './features/liaison/case-panel.ts';
import { meetingsPanel, meetingsTimeline } from './features/meetings/case-panel.ts';
import { planPanel, planTimeline } from './features/plans/case-panel.ts';
import { policeUpdatesPanel, policeUpdatesTimeline } from './features/police-updates/case-panel.ts';
import { requestPanel, requestSubmittedTimeline } from './features/requests/case-panel.ts';
import { triagePanel, triageTimeline } from './features/triage/case-panel.ts';
import { contactsPanel, contactsTimeline } from './features/contacts/case-panel.ts';
import { notesPanel, notesTimeline } from './features/notes/case-panel.ts';
import { dateOfDeathPanel, disposedRecordsPanel } from './features/retention/case-panel.ts';
import { personHistoryPanel } from './features/person-history/case-panel.ts';
import type { CasePageRegistry } from './features/cases/registry.ts';

/** The case page's panels and timeline sources, as app.ts registers them. */
export function casePageRegistry(): CasePageRegistry {
  // The case page's panels, in the order it shows them, and the sources of its timeline (events
  // at the same instant keep this order). Each feature contributes its own; cases/ imports none.
  return {
    panels: [
      requestPanel,
      personHistoryPanel,
      policeUpdatesPanel,
      advicePanel,
      triagePanel,
      allocationPanel,
      consentPanel,
      formulationPanel,
      closurePanel,
      contactsPanel,
      notesPanel,
      dateOfDeathPanel,
      disposedRecordsPanel,
      liaisonPanel,
      meetingsPanel,
      planPanel,
      disclosuresPanel,
      fhirPanel,
      documentsPanel,
      printingPanel,
    ],
    timeline: [
      requestSubmittedTimeline,
      policeUpdatesTimeline,
      triageTimeline,
      allocationTimeline,
      consentTimeline,
      lawfulBasisTimeline,
      adviceTimeline,
      liaisonTimeline,
      contactsTimeline,
      notesTimeline,
      meetingsTimeline,
      planTimeline,
      closureRequestsTimeline,
      caseClosedTimeline,
      formulationTimeline,
      disclosuresTimeline,
      healthDocumentsTimeline,
      policeDocumentsTimeline,
    ],
  };
}
