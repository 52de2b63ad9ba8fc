import {
  basesFor,
  CONSENT_ANSWERS,
  EXTERNAL_METHODS,
  type DisclosureDirection,
} from '../../domain/disclosures.ts';
import type { CaseHeader } from '../../access/case-context.ts';
import type { FormErrors } from '../../web/forms.ts';
import type { Candidates } from './drafts.ts';
import type { DisclosureValues } from './form.ts';
import { backFor, disclosurePaths, errorsOf } from './presenter.ts';
import { itemKey, type ReleasableGroup } from './sources/index.ts';
import { multilineValue } from '../../web/format.ts';

export const EMPTY_VALUES: DisclosureValues = {
  items: [],
  summary: '',
  recipients: [],
  otherIds: [],
  otherReason: '',
  organisation: '',
  team: '',
  person: '',
  method: '',
  address: '',
  purpose: '',
  legalBasis: '',
  necessity: '',
  consent: '',
  consentNote: '',
  personTold: '',
  personToldNote: '',
};

export function formPage(input: {
  header: CaseHeader;
  direction: DisclosureDirection;
  groups: ReleasableGroup[];
  candidates: Candidates | null;
  values?: DisclosureValues;
  errors?: FormErrors;
  disclosureId?: string;
  version?: number;
  viewerId?: string;
}) {
  const values = input.values ?? EMPTY_VALUES;
  const paths = disclosurePaths(input.direction, input.header.id);
  const toPolice = input.direction === 'health_to_police';
  const external = input.direction === 'health_to_external';
  const checked = (list: string[], v: string) => list.includes(v);
  return {
    title: toPolice
      ? 'Record a disclosure to police'
      : external
        ? 'Share information with a service outside Cicero'
        : 'Share information with the clinical team',
    caption: `${input.header.reference} – ${input.header.personName}`,
    backHref: input.disclosureId
      ? paths.record(input.disclosureId)
      : backFor(input.direction, input.header, input.viewerId ?? ''),
    action: input.disclosureId ? paths.record(input.disclosureId) : paths.base,
    version: input.version ?? 0,
    toPolice,
    external,
    methodItems: EXTERNAL_METHODS.map((m) => ({
      value: m.code,
      text: m.label,
      checked: values.method === m.code,
    })),
    itemList: input.groups.flatMap((g) =>
      g.items.map((i) => ({
        value: itemKey(i),
        text: `${g.source.title} – ${i.label}`,
        hint: multilineValue(i.text),
        checked: checked(values.items, itemKey(i)),
      })),
    ),
    recipientItems: input.candidates
      ? [
          {
            value: 'case_officer',
            text: `${input.candidates.caseOfficer.name} (requesting case officer)`,
            checked: checked(values.recipients, 'case_officer'),
          },
          ...input.candidates.policeLeads.map((p) => ({
            value: `lead:${p.id}`,
            text: `${p.name} (police lead)`,
            checked: checked(values.recipients, `lead:${p.id}`),
          })),
        ]
      : [],
    otherItems: (input.candidates?.others ?? []).map((p) => ({
      value: p.id,
      text: p.name,
      checked: checked(values.otherIds, p.id),
    })),
    basisItems: basesFor(input.direction).map((b) => ({
      value: b.code,
      text: b.label,
      checked: values.legalBasis === b.code,
    })),
    consentItems: CONSENT_ANSWERS.map((c) => ({
      value: c.code,
      text: c.label,
      checked: values.consent === c.code,
    })),
    toldItems: [
      { value: 'yes', text: 'Yes', checked: values.personTold === 'yes' },
      { value: 'no', text: 'No', checked: values.personTold === 'no' },
    ],
    values,
    ...errorsOf(input.errors),
  };
}
