import { formErrors, type FormErrors } from '../../web/forms.ts';
import { formInput } from '../../web/form-fields.ts';
import type { AppointmentChoice, BookedAppointment, LetterRequest } from './service.ts';
import type { LetterTemplate } from './templates.ts';

export const LETTER_ACTIONS = ['pdf', 'docx', 'save'] as const;
export type LetterAction = (typeof LETTER_ACTIONS)[number];

const TYPED = ['appointmentDate', 'appointmentTime', 'appointmentPlace'] as const;
const TYPED_LIMITS = { appointmentDate: 60, appointmentTime: 30, appointmentPlace: 300 };
const TYPED_LABELS = {
  appointmentDate: 'the date of the appointment',
  appointmentTime: 'the time of the appointment',
  appointmentPlace: 'where the appointment is',
};

/** The names of a template's form inputs, in the order of the page. */
export function inputNames(template: LetterTemplate): string[] {
  return [
    ...(template.appointment ? ['appointment', ...TYPED] : []),
    ...template.fields.map((f) => f.name),
  ];
}

const upperFirst = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);
const lowerFirst = (text: string) => text.charAt(0).toLowerCase() + text.slice(1);

export type LetterForm =
  | { ok: true; request: LetterRequest; action: LetterAction }
  | { ok: false; errors: FormErrors; values: Record<string, string> };

/**
 * A letter form as sent, checked in one pass: each required field filled, none too long; for
 * an appointment letter, a booked appointment of this case chosen, or the date, time and place
 * typed. The button pressed says what to make.
 */
export function readLetterForm(
  template: LetterTemplate,
  body: unknown,
  booked: BookedAppointment[],
): LetterForm {
  const values = formInput(body, [...inputNames(template), 'action']);
  const pairs: [string, string][] = [];
  let appointment: AppointmentChoice | null = null;
  if (template.appointment) {
    const chosen = booked.length ? values.appointment! : 'typed';
    if (chosen === 'typed') {
      for (const name of TYPED) {
        const value = values[name]!.trim();
        if (!value) pairs.push([name, `Enter ${TYPED_LABELS[name]}`]);
        else if (value.length > TYPED_LIMITS[name])
          pairs.push([
            name,
            `${upperFirst(TYPED_LABELS[name])} must be ${TYPED_LIMITS[name]} characters or fewer`,
          ]);
      }
      appointment = {
        kind: 'typed',
        date: values.appointmentDate!.trim(),
        time: values.appointmentTime!.trim(),
        place: values.appointmentPlace!.trim(),
      };
    } else if (booked.some((a) => a.id === chosen)) {
      appointment = { kind: 'booked', contactId: chosen };
    } else {
      pairs.push(['appointment', 'Select the appointment, or type its date, time and place']);
    }
  }
  const fields: Record<string, string> = {};
  for (const field of template.fields) {
    const value = values[field.name]!.trim();
    const limit = field.maxLength ?? (field.rows > 1 ? 5000 : 200);
    if (!value && !field.optional) pairs.push([field.name, `Enter ${lowerFirst(field.label)}`]);
    else if (value.length > limit)
      pairs.push([
        field.name,
        `${field.label} must be ${limit.toLocaleString('en-GB')} characters or fewer`,
      ]);
    fields[field.name] = value;
  }
  if (pairs.length) return { ok: false, errors: formErrors(pairs), values };
  const action = (LETTER_ACTIONS as readonly string[]).includes(values.action!)
    ? (values.action as LetterAction)
    : 'pdf';
  return { ok: true, request: { template, fields, appointment }, action };
}
