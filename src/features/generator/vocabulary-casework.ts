import type { DisclosureDirection } from '../../domain/disclosures.ts';
import type { Random } from './random.ts';
import { sentence } from './vocabulary.ts';

/**
 * Made-up words for the clinical and multi-agency records of synthetic cases: intervention
 * plans, structured formulations, liaison and meetings, disclosure decisions. Generic, and
 * marked synthetic, like the rest of vocabulary.ts.
 */

/** Words for intervention plans: needs, actions, agencies, reviews. */
export const planText = {
  need: (random: Random, category: string) =>
    sentence(
      random,
      {
        access_to_services: [
          'Not registered with a GP; no current mental health care.',
          'Lost contact with the community mental health team last year.',
          'Needs an assessment by the local neurodevelopmental service.',
        ],
        protective_factors: [
          'Few activities outside the home; wants to return to education.',
          'Isolated from peers; would value structured activity.',
          'Family relationships strained; carer support wanted.',
        ],
        mental_health_safeguarding: [
          'Low mood with thoughts of self-harm at times of stress.',
          'Possible psychotic symptoms; needs a clear crisis plan.',
        ],
        officer_advice: [
          'Case officer asked how best to engage given communication needs.',
          'Joint approach to visits needed so contact is predictable.',
        ],
      }[category] ?? ['Need recorded at planning.'],
    ),
  action: (random: Random, serviceType: string) =>
    sentence(
      random,
      {
        mental_health: [
          'Refer to the community mental health team for assessment.',
          'Letter to the GP asking for a medication review.',
        ],
        crisis_care: ['Agree a crisis plan and share it with the home treatment team.'],
        housing: ['Support an application to the housing options team.'],
        substance_misuse: ['Offer a referral to the local drug and alcohol service.'],
        offending_behaviour: ['Share the formulation with the probation practitioner.'],
        education: [
          'Meet the college about a place on a course.',
          'Agree a return-to-school plan.',
        ],
        employment: ['Refer to the employment support adviser.'],
        social_support: [
          'Introduce a youth worker for weekly sessions.',
          'Link with a local club.',
        ],
        other: [
          'Advise the case officer on a communication approach.',
          'Joint visit with the case officer.',
        ],
      }[serviceType] ?? ['Action agreed at planning.'],
    ),
  agency: (random: Random, serviceType: string) =>
    random.pick(
      {
        mental_health: ['Community Mental Health Team', 'GP practice', 'CAMHS'],
        crisis_care: ['Home Treatment Team', 'Crisis Resolution Team'],
        housing: ['Local authority housing options'],
        substance_misuse: ['Drug and alcohol service'],
        offending_behaviour: ['Probation Service', 'Youth Justice Service'],
        education: ['Further education college', 'School'],
        employment: ['Jobcentre Plus'],
        social_support: ['Youth service', 'Voluntary sector mentor'],
        other: ['Vulnerability Support Service', 'Counter Terrorism Policing'],
      }[serviceType] ?? ['Vulnerability Support Service'],
    ),
  owner: (random: Random, category: string) =>
    category === 'officer_advice'
      ? random.pick(['Case officer', 'Lead clinician'])
      : random.pick(['Lead clinician', 'Care coordinator', 'Family support worker', 'GP']),
  notAchieved: (random: Random) =>
    sentence(random, [
      'Declined the referral when it was offered.',
      'Service waiting list too long; alternative being sought.',
      'Did not attend two appointments.',
    ]),
  progress: (random: Random, closed: number, total: number) =>
    `${closed} of ${total} actions completed or closed. ${random.pick([
      'Engagement steady.',
      'Engagement has improved since the last review.',
      'Engagement patchy over the period.',
    ])} (Synthetic record.)`,
  changes: (random: Random) =>
    sentence(random, [
      'Due dates moved for actions waiting on other services.',
      'No changes to needs; actions continue.',
      'New action added for education support.',
    ]),
};

/** Words for the structured formulation: evidence, scenarios, returns and reviews. */
export const formulationText = {
  evidence: (random: Random) =>
    sentence(random, [
      'Reported by the person at assessment and confirmed by the GP record.',
      'Seen at interview; described by family.',
      'Noted in school reports over the last year.',
      'From the community mental health team letter.',
    ]),
  scenario: (random: Random) => ({
    description: sentence(random, [
      'Withdraws further and spends more time in online spaces that reinforce grievance.',
      'Relapse of mental illness with renewed fixation on the grievance.',
      'Crisis after a loss, with risk of harm to self.',
    ]),
    triggers: random.chance(0.9)
      ? sentence(random, [
          'Exclusion or loss of a place.',
          'Stopping medication.',
          'Conflict at home.',
        ])
      : null,
    warning_signs: random.chance(0.9)
      ? sentence(random, [
          'Missing appointments.',
          'Poor sleep and agitation.',
          'New online contacts.',
        ])
      : null,
  }),
  returnReason: (random: Random) =>
    sentence(random, [
      'Please add the evidence for the protective factors.',
      'The scenarios need their warning signs.',
    ]),
  reviewReason: (random: Random) =>
    sentence(random, [
      'Six-month review: new information from the community team.',
      'Circumstances changed after a move of accommodation.',
      'Review after a period of crisis care.',
    ]),
};

/** Words for liaison contacts, multi-agency meetings and communication strategies. */
export const liaisonText = {
  summary: (random: Random, purpose: string) =>
    sentence(
      random,
      purpose === 'safeguarding'
        ? [
            'Safeguarding concern shared with the service.',
            'Service contacted the VSS with a concern.',
          ]
        : purpose === 'advice'
          ? ['Advice on approach discussed.', 'Asked how best to support engagement.']
          : [
              'Asked for recent contact and medication history.',
              'Agreed who coordinates appointments.',
              'Shared the plan and agreed next steps.',
            ],
    ),
  contribution: (random: Random) =>
    sentence(random, [
      'Shared the formulation summary and advised on engagement.',
      'Advised on mental health needs and the referral under way.',
      'Explained the communication strategy for the case officer.',
    ]),
  attendeeAgency: (random: Random, meetingType: string) =>
    random.pick(
      meetingType === 'mappa'
        ? ['Probation Service', 'Police', 'Local authority', 'Community Mental Health Team']
        : meetingType === 'channel_panel'
          ? [
              'Local authority (chair)',
              'Counter Terrorism Policing',
              'Children’s services',
              'School',
            ]
          : ['GP practice', 'Community Mental Health Team', 'Housing', 'Youth service'],
    ),
  agreedAction: (random: Random) =>
    sentence(random, [
      'Offer an intervention provider session.',
      'Review school support at the next panel.',
      'Share the crisis plan with the team.',
    ]),
  avoid: (random: Random) =>
    sentence(random, [
      'Avoid unannounced visits and long open questions.',
      'Avoid discussing the referral in front of siblings.',
    ]),
  involve: (random: Random) =>
    random.chance(0.7)
      ? random.pick(['A trusted teacher', 'The care coordinator', 'A parent'])
      : null,
};

/** Disclosure decisions: why, on what grounds, and what was said to the person. */
export const disclosureText = {
  summary: (random: Random) =>
    sentence(random, [
      'Engaging with the service; attends appointments and has a GP review booked.',
      'Mental health needs are being assessed; contact is best arranged through the care coordinator.',
      'Support is in place with the community mental health team; the case officer should avoid unannounced visits.',
      'Has been referred to mainstream mental health services and is on their waiting list.',
    ]),
  policeSummary: (random: Random) =>
    sentence(random, [
      'Seen at home by the case officer; family supportive of the referral.',
      'The Channel panel has agreed a support plan; the intervention provider starts next month.',
      'No change since the request; the school reports better attendance.',
    ]),
  purpose: (random: Random, direction: DisclosureDirection) =>
    sentence(
      random,
      direction === 'health_to_police'
        ? [
            'So that the case officer can plan contact around the person’s mental health needs.',
            'To inform the Channel panel’s support plan for the person.',
            'To safeguard the person while support is arranged.',
          ]
        : [
            'So that the clinical team knows of recent contact with the person.',
            'To inform the assessment of the person’s needs.',
          ],
    ),
  necessity: (random: Random) =>
    sentence(random, [
      'Only the items needed for the purpose are released, to the named people who need them.',
      'The summary alone would not be enough for safe planning; nothing else is shared.',
      'Limited to what the recipients need to act on this week.',
    ]),
  consentNote: (random: Random, answer: 'given' | 'refused' | 'not_sought') =>
    sentence(
      random,
      answer === 'given'
        ? ['Discussed at the appointment; agreed verbally.', 'Agreed in writing at the review.']
        : answer === 'refused'
          ? ['Asked at the appointment; did not agree to sharing.', 'Declined when asked by phone.']
          : [
              'Seeking consent would put the person at risk of harm.',
              'The person lacks capacity to decide; best-interests decision recorded.',
              'Could not be contacted in the time available.',
            ],
    ),
  personToldNote: (random: Random) =>
    sentence(random, [
      'Telling the person now could put them at risk; to be reviewed at the next contact.',
      'Not reachable before the information was needed; they will be told at the next contact.',
    ]),
  otherReason: (random: Random) =>
    sentence(random, [
      'Covering the case while the requesting officer is on leave.',
      'Attends the Channel panel in place of the requesting officer.',
    ]),
  refusalReason: (random: Random) =>
    sentence(random, [
      'Not necessary: the purpose can be met without sharing health information.',
      'Disproportionate: ask again for consent first.',
      'Share the summary only, not the formulation.',
    ]),
  withdrawalReason: (random: Random) =>
    sentence(random, [
      'Released to the wrong officer; withdrawn at once.',
      'The person has since withdrawn their agreement to share.',
      'Superseded by a later disclosure.',
    ]),
};
