import {
  audit,
  days,
  isoDate,
  occurs,
  step,
  type CaseContext,
  type CaseGenerator,
} from '../story.ts';
import { liaisonText } from '../vocabulary-casework.ts';
import { text } from '../vocabulary.ts';

/**
 * Advice as the advice service writes it; for an accepted case now and then a communication
 * strategy (what to avoid, who to involve) rather than plain advice.
 */
function giveAdvice(context: CaseContext, author: string, strategy = false): void {
  const { random, kase, staff } = context;
  step(context, 'give_advice');
  const id = random.uuid();
  const kind = strategy ? 'communication_strategy' : 'advice';
  context.rows.add('advice', {
    id,
    case_id: kase.id,
    author_id: author,
    kind,
    title: random.chance(0.7) ? text.adviceTitle(random) : null,
    body: text.adviceBody(random),
    avoid: strategy ? liaisonText.avoid(random) : null,
    involve: strategy ? liaisonText.involve(random) : null,
    given_at: isoDate(context.at - random.int(0, 1) * days(1)),
    created_at: new Date(context.at),
  });
  audit(
    context,
    { userId: author, role: staff.hubLeads.includes(author) ? 'hub_lead' : 'clinician' },
    {
      action: 'collection',
      subjectType: 'advice',
      subjectId: id,
      personId: kase.personId,
      detail: { caseId: kase.id, kind },
    },
  );
}

/**
 * Advice to the case officer: one or two pieces for an advice-only consultation (any clinician
 * of the hub works those), sometimes one from the lead clinician of an accepted case.
 */
export const advice: CaseGenerator = {
  name: 'advice',
  generate(context) {
    const { random, kase, staff } = context;
    if (kase.status === 'advice_only') {
      const author = random.pick(staff.clinicians);
      const count = random.chance(0.3) ? 2 : 1;
      for (let i = 0; i < count; i += 1) {
        if (!occurs(context, context.at + random.logNormal(days(i === 0 ? 4 : 14), 1.8))) return;
        giveAdvice(context, author);
      }
    } else if (kase.status === 'open' && kase.lead && random.chance(0.4)) {
      if (!occurs(context, context.at + random.logNormal(days(10), 1.8))) return;
      giveAdvice(context, kase.lead, random.chance(0.35));
    }
  },
};
