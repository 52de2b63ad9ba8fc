import { audit, days, occurs, step, type CaseContext, type CaseGenerator } from '../story.ts';

function allocate(context: CaseContext, action: 'allocate' | 'reallocate', lead: string): void {
  const { random, kase, staff } = context;
  const at = new Date(context.at);
  const by = random.pick(staff.hubLeads);
  step(context, action);
  // Reallocation ends the current rows, as the service does.
  for (const row of kase.allocations) {
    if (row.allocated_to === null) {
      row.allocated_to = at;
      row.ended_by = by;
    }
  }
  const others =
    staff.clinicians.length > 1 && random.chance(0.15)
      ? [random.pick(staff.clinicians.filter((c) => c !== lead))]
      : [];
  for (const [clinician, role] of [
    [lead, 'lead'] as const,
    ...others.map((o) => [o, 'other'] as const),
  ]) {
    const row = context.rows.add('allocations', {
      id: random.uuid(),
      case_id: kase.id,
      clinician_id: clinician,
      role,
      allocated_from: at,
      allocated_to: null,
      allocated_by: by,
      ended_by: null,
    });
    kase.allocations.push(row);
  }
  kase.lead = lead;
  audit(
    context,
    { userId: by, role: 'hub_lead' },
    {
      action: action === 'allocate' ? 'collection' : 'alteration',
      subjectType: 'allocation',
      subjectId: kase.id,
      personId: kase.personId,
      detail: { action, lead, others },
    },
  );
}

/** The hub lead allocates an accepted case to a clinician; now and then reallocates it. */
export const allocation: CaseGenerator = {
  name: 'allocation',
  generate(context) {
    const { random, kase, staff } = context;
    if (kase.status !== 'awaiting_allocation') return;
    if (!occurs(context, context.at + random.logNormal(days(5), 2))) return;
    allocate(context, 'allocate', random.pick(staff.clinicians));
    if (staff.clinicians.length > 1 && random.chance(0.08)) {
      if (!occurs(context, context.at + random.logNormal(days(10), 2))) return;
      allocate(context, 'reallocate', random.pick(staff.clinicians.filter((c) => c !== kase.lead)));
    }
  },
};
