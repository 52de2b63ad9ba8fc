import type { CasePanel, TimelineSource } from '../cases/registry.ts';
import { canRecordNow } from '../liaison/case-work.ts';
import { kindLabel, type DocumentCompartment } from './kinds.ts';
import { documentRow, documentUrls } from './presenter.ts';
import { documentsOf } from './service.ts';

interface DocumentsPanel {
  health: ReturnType<typeof documentRow>[] | null;
  police: ReturnType<typeof documentRow>[] | null;
  addHref: string | null;
}

/**
 * The Documents section of the case: the health record's documents for those who may read
 * health, the case officer's for those who may read police content, each from the access core.
 */
export const documentsPanel: CasePanel<DocumentsPanel> = {
  id: 'documents',
  order: 125,
  section: 'documents',
  template: 'features/documents/views/case-panel.njk',
  visible: (opened) => opened.can.readHealth || opened.can.readPolice,
  async read({ db, opened }) {
    const { header, can } = opened;
    if (!can.readHealth && !can.readPolice) return null;
    const health = can.readHealth ? await documentsOf(db, header.id, 'health') : null;
    const police = can.readPolice ? await documentsOf(db, header.id, 'police') : null;
    return {
      health:
        health?.map((d) => documentRow(d, documentUrls.healthDownload(header.id, d.id))) ?? null,
      police:
        police?.map((d) => documentRow(d, documentUrls.policeDownloadForHealth(header.id, d.id))) ??
        null,
      addHref: canRecordNow(opened) ? documentUrls.healthForm(header.id) : null,
    };
  },
};

function documentTimeline(compartment: DocumentCompartment): TimelineSource {
  const table = (
    compartment === 'health' ? 'health_documents' : 'police_documents'
  ) as 'health_documents';
  return {
    compartment,
    async events(db, caseId) {
      const rows = await db
        .selectFrom(`${table} as d`)
        .innerJoin('users', 'users.id', 'd.added_by')
        .select(['d.kind', 'd.added_at', 'users.name'])
        .where('d.case_id', '=', caseId)
        .execute();
      return rows.map((r) => ({
        at: r.added_at,
        title: `Document added: ${kindLabel(r.kind)}`,
        by: r.name,
        description: null,
      }));
    },
  };
}

/** Documents on the case timeline, each in its own compartment. */
export const healthDocumentsTimeline = documentTimeline('health');
export const policeDocumentsTimeline = documentTimeline('police');
