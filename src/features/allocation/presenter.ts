import type { FormErrors } from '../../web/forms.ts';
import type { CaseHeader } from '../../access/case-context.ts';
import { formatDate } from '../../web/case-format.ts';
import type { CurrentAllocation, HubClinician } from './service.ts';

export interface AllocationValues {
  lead: string;
  others: string[];
}

export function allocationPage(input: {
  header: CaseHeader;
  refusal: string | null;
  clinicians: HubClinician[];
  current: CurrentAllocation[];
  values?: AllocationValues;
  errors?: FormErrors;
}) {
  const values: AllocationValues = input.values ?? {
    lead: input.current.find((a) => a.role === 'lead')?.clinicianId ?? '',
    others: input.current.filter((a) => a.role === 'other').map((a) => a.clinicianId),
  };
  const reallocating = input.current.length > 0;
  const hint = (c: HubClinician) => (c.profession ? { text: c.profession } : undefined);
  return {
    title: reallocating
      ? `Reallocate ${input.header.reference}`
      : `Allocate ${input.header.reference}`,
    heading: reallocating ? 'Reallocate this case' : 'Allocate this case',
    caseId: input.header.id,
    reference: input.header.reference,
    version: String(input.header.version),
    refusal: input.refusal,
    current: input.current.map((a) => ({
      name: a.name,
      role: a.role === 'lead' ? 'Lead practitioner' : 'Other clinician',
      since: formatDate(a.from),
    })),
    leadItems: input.clinicians.map((c) => ({
      value: c.id,
      text: c.name,
      hint: hint(c),
      checked: values.lead === c.id,
    })),
    otherItems: input.clinicians.map((c) => ({
      value: c.id,
      text: c.name,
      hint: hint(c),
      checked: values.others.includes(c.id),
    })),
    errorSummary: input.errors?.summary ?? [],
    errors: input.errors?.byField ?? {},
  };
}
