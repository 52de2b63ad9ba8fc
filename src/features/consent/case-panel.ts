import {
  CONSENT_METHOD_LABELS,
  CONSENT_STATUS_LABELS,
  currentConsent,
} from '../../domain/consent.ts';
import { summaryRow } from '../../web/conflict.ts';
import {
  SUMMARY_ORDER,
  sectionPath,
  summaryPart,
  type CasePanel,
  type PanelView,
  type TimelineSource,
} from '../cases/registry.ts';
import { consentRows, consentStatusText, lawfulBasisRows } from './presenter.ts';
import {
  consentHistory,
  consentHistoryFrom,
  consentHistoryQuery,
  lawfulBasisHistory,
} from './service.ts';
import { reading } from '../../db/read-together.ts';

type ConsentPanel = PanelView & {
  consentNow: string;
  consentMethod: string | null;
  consentRows: ReturnType<typeof consentRows>;
  lawfulBasisRows: ReturnType<typeof lawfulBasisRows>;
  canRecord: boolean;
};

/** Consent to engage and the lawful basis (health compartment). */
export const consentPanel: CasePanel<ConsentPanel> = {
  id: 'consent',
  order: 60,
  section: 'assessment',
  template: 'features/consent/views/case-panel.njk',
  visible: (opened) => opened.visibility.health,
  async read({ db, opened }) {
    if (!opened.visibility.health) return null;
    const { header, can } = opened;
    const consents = await consentHistory(db, header.id);
    const lawfulBases = await lawfulBasisHistory(db, header.id);
    const method = consents.at(-1)?.method;
    return {
      consentNow: consentStatusText(consents),
      consentMethod: method ? CONSENT_METHOD_LABELS[method] : null,
      consentRows: consentRows(consents),
      lawfulBasisRows: lawfulBasisRows(lawfulBases),
      // Working the record is the access core's answer; the forms check again.
      canRecord: can.workHealth && header.status === 'open',
    };
  },
  summary: summaryPart(
    ({ db, opened }) => ({
      consents: reading(consentHistoryQuery(db, opened.header.id), ['decided_at', 'recorded_at']),
    }),
    ({ opened }, rows) => {
      if (!opened.visibility.health) return {};
      const consents = consentHistoryFrom(rows.consents);
      return {
        rows: [
          { order: SUMMARY_ORDER.consent, row: summaryRow('Consent', consentStatusText(consents)) },
        ],
        facts: {
          consent: {
            status: currentConsent(consents)?.status ?? null,
            href: sectionPath(opened.header.id, 'assessment') + '#consent',
          },
        },
      };
    },
  ),
};

export const consentTimeline: TimelineSource = {
  compartment: 'health',
  async events(db, caseId) {
    const rows = await db
      .selectFrom('consents')
      .innerJoin('users', 'users.id', 'consents.recorded_by')
      .select(['consents.status', 'consents.recorded_at', 'users.name'])
      .where('consents.case_id', '=', caseId)
      .execute();
    return rows.map((r) => ({
      at: r.recorded_at,
      title: `Consent recorded: ${CONSENT_STATUS_LABELS[r.status]}`,
      by: r.name,
      description: null,
    }));
  },
};

export const lawfulBasisTimeline: TimelineSource = {
  compartment: 'health',
  async events(db, caseId) {
    const rows = await db
      .selectFrom('lawful_bases')
      .innerJoin('users', 'users.id', 'lawful_bases.recorded_by')
      .select(['lawful_bases.recorded_at', 'users.name'])
      .where('lawful_bases.case_id', '=', caseId)
      .execute();
    return rows.map((r) => ({
      at: r.recorded_at,
      title: 'Lawful basis recorded',
      by: r.name,
      description: null,
    }));
  },
};
