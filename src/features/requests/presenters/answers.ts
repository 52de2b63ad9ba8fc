import { formatNhsNumber } from '../../../domain/nhs-number.ts';
import {
  ETHNICITIES,
  GENDERS,
  PERSON_AWARE,
  PREVENT_STAGES,
  REFERRAL_SECTORS,
  URGENCIES,
  type Option,
} from '../options.ts';
import { SECTION_TITLES, type DraftAnswers, type SectionId } from '../sections.ts';
import { formatDate, labelOf, row } from './format.ts';

type Answered = Required<
  Pick<DraftAnswers, 'person' | 'prevent' | 'referral' | 'concerns' | 'urgency'>
>;

/**
 * The police part of a request as GOV.UK summary lists, one card per section: on check your
 * answers with Change links, on the request page without.
 */
export function answerCards(
  answers: Answered,
  options: { concernTypes: Option[]; changeHref?: (section: SectionId) => string },
) {
  const { person, prevent, referral, concerns, urgency } = answers;
  const href = (section: SectionId) => options.changeHref?.(section);
  const card = (section: SectionId, rows: ReturnType<typeof row>[]) => ({
    card: { title: { text: SECTION_TITLES[section] } },
    rows,
  });
  return [
    card('person', [
      row('First name', person.givenName, href('person')),
      row('Last name', person.familyName, href('person')),
      row('Other names', person.otherNames, href('person')),
      row('Date of birth', formatDate(person.dateOfBirth), href('person')),
      row(
        'NHS number',
        person.nhsNumber ? formatNhsNumber(person.nhsNumber) : null,
        href('person'),
      ),
      row('Gender', labelOf(GENDERS, person.gender), href('person')),
      row('Ethnic group', labelOf(ETHNICITIES, person.ethnicity), href('person')),
      row('Postcode district', person.postcodeDistrict ?? 'Not known', href('person')),
      row('First language', person.firstLanguage ?? 'Not known', href('person')),
      row('Communication needs', person.communicationNeeds, href('person')),
    ]),
    card('prevent', [
      row('PCMT reference', prevent.pcmtReference, href('prevent')),
      row('Prevent stage', labelOf(PREVENT_STAGES, prevent.preventStage), href('prevent')),
      row('Gateway assessment date', formatDate(prevent.gatewayDate), href('prevent')),
      row('Channel case reference', prevent.channelReference, href('prevent')),
    ]),
    card('referral', [
      row('Referral sector', labelOf(REFERRAL_SECTORS, referral.referralSector), href('referral')),
      row('Type of concern', labelOf(options.concernTypes, referral.concernType), href('referral')),
    ]),
    card('concerns', [
      row(
        'Mental health and wellbeing concerns seen',
        concerns.concernsSeen,
        href('concerns'),
        'concerns seen',
      ),
      row('Why support is requested', concerns.supportReason, href('concerns')),
      row('GP practice', concerns.gpPractice, href('concerns')),
      row('Mental health team', concerns.mentalHealthTeam, href('concerns')),
    ]),
    card('urgency', [
      row(
        'Does the person know about this request?',
        labelOf(PERSON_AWARE, urgency.personAware),
        href('urgency'),
        'whether the person knows',
      ),
      row('Urgency', labelOf(URGENCIES, urgency.urgency), href('urgency')),
      ...(urgency.urgency === 'urgent'
        ? [row('Why it is urgent', urgency.urgencyReason, href('urgency'))]
        : []),
    ]),
  ];
}
