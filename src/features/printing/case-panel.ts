import type { CasePanel, PanelView } from '../cases/registry.ts';

type PrintingPanel = PanelView & { summaryHref: string; lettersHref: string | null };

export const printingUrls = {
  caseSummary: (caseId: string) => `/cases/${caseId}/summary.pdf`,
  requestSummary: (caseId: string) => `/requests/${caseId}/summary.pdf`,
  letters: (caseId: string) => `/cases/${caseId}/letters`,
};

/**
 * On the case page's summary section: the case summary as PDF (what this viewer may see), and
 * letters for those who work the health record.
 */
export const printingPanel: CasePanel<PrintingPanel> = {
  id: 'printing',
  order: 135,
  section: 'summary',
  template: 'features/printing/views/case-panel.njk',
  visible: (opened) => opened.can.readHealth,
  read({ opened }) {
    if (!opened.can.readHealth) return Promise.resolve(null);
    const caseId = opened.header.id;
    return Promise.resolve({
      summaryHref: printingUrls.caseSummary(caseId),
      lettersHref: opened.can.workHealth ? printingUrls.letters(caseId) : null,
    });
  },
};
