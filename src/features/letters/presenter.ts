import type { CaseHeader } from '../../access/case-context.ts';
import { noErrors, type FormErrors } from '../../web/forms.ts';
import { formatDate, formatTime } from '../../web/format.ts';
import type { BookedAppointment } from './service.ts';
import type { LetterTemplate } from './templates.ts';

export const letterUrls = {
  list: (caseId: string) => `/cases/${caseId}/letters`,
  form: (caseId: string, templateId: string) => `/cases/${caseId}/letters/${templateId}`,
};

/** The letters a clinician can write for a case. */
export function lettersPage(input: {
  header: CaseHeader;
  templates: LetterTemplate[];
  saved: string | null;
}) {
  const { header } = input;
  return {
    title: `Write a letter – ${header.reference}`,
    caseId: header.id,
    reference: header.reference,
    caseHref: `/cases/${header.id}`,
    savedNotice: input.saved,
    letters: input.templates.map((t) => ({
      title: t.title,
      description: t.description,
      href: letterUrls.form(header.id, t.id),
    })),
  };
}

/** A letter's form: its fields (GOV.UK textareas or inputs), and for an appointment letter, the appointment. */
export function letterFormPage(input: {
  header: CaseHeader;
  template: LetterTemplate;
  booked: BookedAppointment[];
  values: Record<string, string>;
  errors?: FormErrors;
  /** The form's token (src/access/form-submissions.ts): a double "save" saves once. */
  formToken: string;
}) {
  const { header, template, booked, values } = input;
  const errors = input.errors ?? noErrors;
  const typedChosen = values.appointment === 'typed';
  return {
    title: template.title,
    caseId: header.id,
    reference: header.reference,
    backHref: letterUrls.list(header.id),
    action: letterUrls.form(header.id, template.id),
    formToken: input.formToken,
    description: template.description,
    errorSummary: errors.summary,
    errors: errors.byField,
    appointment: template.appointment
      ? {
          booked: booked.map((a) => ({
            value: a.id,
            text: `${formatDate(a.startsAt)} at ${formatTime(a.startsAt)}${a.place ? `, ${a.place}` : ''}`,
            checked: values.appointment === a.id,
          })),
          typedChosen,
          values: {
            date: values.appointmentDate ?? '',
            time: values.appointmentTime ?? '',
            place: values.appointmentPlace ?? '',
          },
        }
      : null,
    fields: template.fields.map((f) => ({
      name: f.name,
      label: f.optional ? `${f.label} (optional)` : f.label,
      hint: f.hint ?? null,
      rows: f.rows,
      value: values[f.name] ?? '',
    })),
  };
}
