import { reading } from '../../db/read-together.ts';
import { summaryPart, type CasePanel, type PanelView } from '../cases/registry.ts';
import { contactsSection, contactUrls } from './presenter.ts';
import { contactsOf, lastPersonContactOn } from './read.ts';

type ContactsPanel = PanelView & ReturnType<typeof contactsSection>;

/**
 * Next appointments, latest contacts and did-not-attends (health compartment), in the
 * "Contacts and notes" section; the Summary's "What needs doing" gets the next appointment.
 */
export const contactsPanel: CasePanel<ContactsPanel> = {
  id: 'contacts',
  order: 85,
  section: 'contacts',
  template: 'features/contacts/views/case-panel.njk',
  visible: (opened) => opened.visibility.health,
  async read({ db, clock, opened }) {
    if (!opened.visibility.health) return null;
    const { header, can } = opened;
    const contacts = await contactsOf(db, header.id);
    return contactsSection({
      caseId: header.id,
      contacts,
      lastPersonContact: await lastPersonContactOn(db, header.id),
      canRecord: can.workHealth && header.status === 'open',
      now: clock.now(),
    });
  },
  summary: summaryPart(
    ({ db, clock, opened }) => ({
      next: reading(
        db
          .selectFrom('contacts')
          .select('starts_at')
          .where('case_id', '=', opened.header.id)
          .where('status', '=', 'planned')
          .where('starts_at', '>=', clock.now())
          .orderBy('starts_at')
          .limit(1),
        ['starts_at'],
      ),
    }),
    ({ opened }, rows) => {
      if (!opened.visibility.health) return {};
      const next = rows.next[0];
      return {
        facts: {
          nextAppointment: next
            ? { startsAt: next.starts_at, href: contactUrls.list(opened.header.id) }
            : null,
        },
      };
    },
  ),
};

export { contactsTimeline } from './timeline.ts';
