import { audit, days, occurs, step, type CaseGenerator } from '../story.ts';
import { text } from '../vocabulary.ts';

/** The requesting case officer adds updates to their request while the case is open. */
export const policeUpdates: CaseGenerator = {
  name: 'police-updates',
  generate(context) {
    const { random, kase } = context;
    if (kase.status === 'closed') return;
    const count = random.weighted({ 0: 60, 1: 28, 2: 12 });
    for (let i = 0; i < Number(count); i += 1) {
      if (!occurs(context, context.at + random.logNormal(days(12), 2))) return;
      step(context, 'add_police_update');
      const id = random.uuid();
      context.rows.add('police_updates', {
        id,
        case_id: kase.id,
        author_id: kase.requestedBy,
        body: text.policeUpdate(random),
        created_at: new Date(context.at),
      });
      audit(
        context,
        { userId: kase.requestedBy, role: 'case_officer' },
        {
          action: 'collection',
          subjectType: 'police_update',
          subjectId: id,
          personId: kase.personId,
          detail: { caseId: kase.id },
        },
      );
    }
  },
};
