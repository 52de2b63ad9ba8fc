import type { ConsentStatus } from './consent.ts';
import type { FormulationStatus } from './formulation.ts';
import { actionDueState, reviewDueState } from './plan-due.ts';

/**
 * "What needs doing" at the top of a case's Summary (issue 13): the next steps of the case
 * journey, each with the address of the page where it is done. Pure: the facts are those the
 * case's panels already read (each feature adds its own, src/features/cases/registry.ts), and
 * a fact the viewer may not see is never given, so it never adds an item.
 */

export interface WorkFacts {
  /** Consent to engage: the status in force, null when none is recorded. */
  consent: { status: ConsentStatus | null; href: string };
  /** The latest formulation version, or null when there is none. */
  formulation: {
    latest: { versionNumber: number; status: FormulationStatus } | null;
    href: string;
  };
  /** The intervention plan: its review date and actions, or null before there is one. */
  plan: {
    current: { reviewDate: string; actions: { status: string; dueDate: string }[] } | null;
    href: string;
  };
  /** A closure request waiting for the hub lead. */
  closure: { pending: boolean; href: string };
  /** Disclosure decisions waiting for the Caldicott delegate's approval. */
  disclosures: { awaitingApproval: { href: string }[] };
  /** The next planned appointment (contacts), or null when none is booked. */
  nextAppointment: { startsAt: Date; href: string } | null;
}

export type WorkItem =
  | { kind: 'seek_consent'; href: string }
  | { kind: 'write_formulation'; href: string }
  | { kind: 'finish_formulation'; href: string; versionNumber: number }
  | { kind: 'review_formulation'; href: string; reviewDate: string }
  | { kind: 'review_plan'; href: string; reviewDate: string }
  | { kind: 'overdue_actions'; href: string; count: number }
  | { kind: 'next_appointment'; href: string; startsAt: Date }
  | { kind: 'formulation_sign_off'; href: string; versionNumber: number }
  | { kind: 'closure_approval'; href: string }
  | { kind: 'disclosure_approval'; href: string };

/**
 * The items, in the order of the journey: consent, formulation, plan, appointment, then what
 * waits for someone's approval. Work on the record (consent, formulation, plan) is asked only
 * while the case is open; approvals are listed whatever its state.
 */
export function whatNeedsDoing(input: {
  facts: Partial<WorkFacts>;
  caseOpen: boolean;
  /** Today in the UK, 'YYYY-MM-DD'. */
  today: string;
  now: Date;
}): WorkItem[] {
  const { facts, caseOpen, today, now } = input;
  const items: WorkItem[] = [];
  const { consent, formulation, plan } = facts;

  if (caseOpen && consent) {
    if (consent.status === null || consent.status === 'not_yet_sought') {
      items.push({ kind: 'seek_consent', href: consent.href });
    }
  }

  const reviewDate = plan?.current?.reviewDate ?? null;
  const reviewDue =
    reviewDate !== null && ['overdue', 'due_today'].includes(reviewDueState(reviewDate, today));

  if (caseOpen && formulation) {
    const latest = formulation.latest;
    if (!latest) items.push({ kind: 'write_formulation', href: formulation.href });
    else if (latest.status === 'draft') {
      items.push({
        kind: 'finish_formulation',
        href: formulation.href,
        versionNumber: latest.versionNumber,
      });
    } else if (latest.status === 'signed_off' && reviewDue && reviewDate) {
      items.push({ kind: 'review_formulation', href: formulation.href, reviewDate });
    }
  }

  if (caseOpen && plan?.current) {
    const overdue = plan.current.actions.filter(
      (a) => actionDueState(a, today) === 'overdue',
    ).length;
    if (overdue > 0) items.push({ kind: 'overdue_actions', href: plan.href, count: overdue });
    if (reviewDue && reviewDate) items.push({ kind: 'review_plan', href: plan.href, reviewDate });
  }

  const next = facts.nextAppointment;
  if (next && next.startsAt.getTime() >= now.getTime()) {
    items.push({ kind: 'next_appointment', href: next.href, startsAt: next.startsAt });
  }

  if (formulation?.latest?.status === 'submitted') {
    items.push({
      kind: 'formulation_sign_off',
      href: formulation.href,
      versionNumber: formulation.latest.versionNumber,
    });
  }
  if (facts.closure?.pending) items.push({ kind: 'closure_approval', href: facts.closure.href });
  for (const d of facts.disclosures?.awaitingApproval ?? []) {
    items.push({ kind: 'disclosure_approval', href: d.href });
  }
  return items;
}
