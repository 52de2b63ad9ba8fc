import { legalBasisLabel } from '../../domain/disclosures.ts';
import { CLOSURE_OUTCOMES } from '../../domain/reference/case-outcomes.ts';
import type { AdviceItem } from '../advice/service.ts';
import type { ClosureSummary } from '../closure/feedback.ts';
import type { ReleasedItem } from '../disclosures/released.ts';
import { cicero, concept, PROVENANCE_AUTHOR, PROVENANCE_VERIFIER } from './codes.ts';
import { profiled, urn } from './presenter-record.ts';
import type { Resource } from './types.ts';

/**
 * What crossed between the compartments: advice and the closure summary to the case officer,
 * released copies (UKCore-Communication), and a Provenance for each disclosure decision that
 * released them: who decided, who approved, when, on what basis and what it released.
 */

interface Ids {
  self: string;
  patient: string | null;
  episode: string | null;
}

const VSS = { display: 'Vulnerability Support Service' };
const OFFICER = { display: 'Requesting case officer' };

const around = (ids: Ids) => ({
  ...(ids.patient ? { subject: { reference: urn(ids.patient) } } : {}),
  ...(ids.episode ? { about: [{ reference: urn(ids.episode) }] } : {}),
});

/** Advice given to the case officer (or a communication strategy). */
export function adviceResource(advice: AdviceItem, ids: Ids): Resource {
  const strategy = advice.kind === 'communication_strategy';
  const parts = [
    advice.title ?? (strategy ? 'Communication strategy' : 'Advice'),
    advice.body,
    ...(advice.avoid ? [`What to avoid: ${advice.avoid}`] : []),
    ...(advice.involve ? [`Who to involve: ${advice.involve}`] : []),
  ];
  return {
    ...profiled('Communication', ids.self),
    status: 'completed',
    category: [
      concept(
        strategy
          ? cicero('communicationCategory', 'communication_strategy', 'Communication strategy')
          : cicero('communicationCategory', 'advice', 'Advice to the case officer'),
      ),
    ],
    ...around(ids),
    sent: advice.givenAt,
    recipient: [OFFICER],
    sender: { display: advice.authorName },
    payload: parts.map((contentString) => ({ contentString })),
  };
}

/** The approved closure summary, as the case officer reads it. */
export function closureResource(closure: ClosureSummary, ids: Ids): Resource {
  const outcome = CLOSURE_OUTCOMES.find((o) => o.code === closure.outcome);
  return {
    ...profiled('Communication', ids.self),
    status: 'completed',
    category: [concept(cicero('communicationCategory', 'closure_summary', 'Closure summary'))],
    ...around(ids),
    sent: closure.approvedAt.toISOString(),
    recipient: [OFFICER],
    sender: VSS,
    reasonCode: [
      concept(cicero('closureOutcome', closure.outcome, outcome?.label ?? closure.outcome)),
    ],
    payload: [{ contentString: closure.summary }],
  };
}

/** Who a released copy went to, by the decision's direction (never a name). */
const RECIPIENTS: Record<ReleasedItem['direction'], string> = {
  health_to_police: 'Named police recipients',
  health_to_external: 'A service outside Cicero named in the decision',
  police_to_health: 'Hub clinical team',
};

/** One released copy: its label and text while the decision is in effect, else only that. */
export function releasedResource(item: ReleasedItem, ids: Ids): Resource {
  const fromVss = item.direction !== 'police_to_health';
  const withdrawn = item.withdrawnAt !== null;
  return {
    ...profiled('Communication', ids.self),
    status: withdrawn ? 'stopped' : 'completed',
    ...(withdrawn ? { statusReason: { text: 'The disclosure decision was withdrawn' } } : {}),
    category: [concept(cicero('communicationCategory', 'released_item', 'Information released'))],
    ...around(ids),
    sent: item.releasedAt.toISOString(),
    recipient: [{ display: RECIPIENTS[item.direction] }],
    sender: fromVss ? VSS : { display: 'Counter-terrorism policing' },
    ...(item.label !== null && item.text !== null
      ? { payload: [{ contentString: item.label }, { contentString: item.text }] }
      : {}),
  };
}

/** The decision that released these copies (all of one disclosure), as a Provenance. */
export function provenanceResource(
  items: ReleasedItem[],
  input: { self: string; targets: string[] },
): Resource {
  const first = items[0]!;
  const released = items.map((i) => i.releasedAt.getTime());
  return {
    ...profiled('Provenance', input.self),
    target: input.targets.map((id) => ({ reference: urn(id) })),
    recorded: new Date(Math.min(...released)).toISOString(),
    ...(first.legalBasis ? { reason: [{ text: legalBasisLabel(first.legalBasis) }] } : {}),
    activity: { text: 'Disclosure decision' },
    agent: [
      { type: concept(PROVENANCE_AUTHOR), who: { display: first.decidedByName ?? 'Unknown user' } },
      ...(first.approvedByName
        ? [{ type: concept(PROVENANCE_VERIFIER), who: { display: first.approvedByName } }]
        : []),
    ],
  };
}
