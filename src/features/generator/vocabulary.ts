import type { Random } from './random.ts';

/**
 * Made-up names, places and sentences for synthetic records. Common given and family names,
 * combined at random: they belong to no one, and the NHS numbers come from the testing range.
 * Free text is generic and says it is synthetic, so no page ever shows anything that reads like
 * a real person's history.
 */

const MALE_NAMES = [
  'Oliver',
  'Jack',
  'Harry',
  'Jacob',
  'Charlie',
  'Thomas',
  'George',
  'James',
  'William',
  'Noah',
  'Leo',
  'Oscar',
  'Mohammed',
  'Adam',
  'Yusuf',
  'Ibrahim',
  'Ali',
  'Hamza',
  'Bilal',
  'Omar',
  'Daniel',
  'Ryan',
  'Connor',
  'Kyle',
  'Liam',
  'Dylan',
  'Tyler',
  'Callum',
  'Lewis',
  'Reece',
  'Kwame',
  'Tobi',
  'Emeka',
  'Dawit',
  'Arjun',
  'Rohan',
  'Jakub',
  'Mateusz',
  'Andrei',
  'Luca',
] as const;
const FEMALE_NAMES = [
  'Olivia',
  'Amelia',
  'Isla',
  'Ava',
  'Emily',
  'Sophie',
  'Grace',
  'Lily',
  'Chloe',
  'Ella',
  'Aisha',
  'Fatima',
  'Maryam',
  'Zara',
  'Hana',
  'Amira',
  'Leah',
  'Megan',
  'Jade',
  'Holly',
  'Ama',
  'Chiamaka',
  'Priya',
  'Anaya',
  'Zuzanna',
  'Maria',
  'Elena',
  'Nadia',
  'Sara',
  'Ruby',
] as const;
const NEUTRAL_NAMES = ['Alex', 'Sam', 'Jordan', 'Charlie', 'Riley', 'Morgan', 'Jamie', 'Robin'];
const FAMILY_NAMES = [
  'Smith',
  'Jones',
  'Taylor',
  'Brown',
  'Williams',
  'Wilson',
  'Johnson',
  'Davies',
  'Patel',
  'Robinson',
  'Wright',
  'Thompson',
  'Evans',
  'Walker',
  'White',
  'Roberts',
  'Green',
  'Hall',
  'Wood',
  'Jackson',
  'Clarke',
  'Khan',
  'Hussain',
  'Ahmed',
  'Ali',
  'Begum',
  'Shah',
  'Mahmood',
  'Iqbal',
  'Akhtar',
  'Mensah',
  'Okafor',
  'Adeyemi',
  'Osei',
  'Mohamed',
  'Singh',
  'Kaur',
  'Sharma',
  'Nowak',
  'Kowalski',
  'Murphy',
  'Kelly',
  "O'Brien",
  'Byrne',
  'Hughes',
  'Edwards',
  'Turner',
  'Hill',
  'Moore',
  'Cooper',
  'Ward',
  'Morris',
  'King',
  'Harris',
  'Baker',
  'Lewis',
] as const;

export function givenName(random: Random, gender: string): string {
  if (gender === 'male') return random.pick(MALE_NAMES);
  if (gender === 'female') return random.pick(FEMALE_NAMES);
  return random.pick(NEUTRAL_NAMES);
}

export const familyName = (random: Random): string => random.pick(FAMILY_NAMES);

/** Postcode districts of each pilot hub's area (outward codes only, as the app keeps). */
const POSTCODE_AREAS: Record<string, { prefix: string; from: number; to: number }[]> = {
  WM: [
    { prefix: 'B', from: 1, to: 76 },
    { prefix: 'CV', from: 1, to: 12 },
    { prefix: 'WV', from: 1, to: 14 },
    { prefix: 'WS', from: 1, to: 10 },
    { prefix: 'DY', from: 1, to: 9 },
  ],
  NW: [
    { prefix: 'M', from: 1, to: 46 },
    { prefix: 'L', from: 1, to: 40 },
    { prefix: 'BL', from: 1, to: 9 },
    { prefix: 'OL', from: 1, to: 16 },
    { prefix: 'PR', from: 1, to: 9 },
    { prefix: 'WA', from: 1, to: 16 },
  ],
  LDN: [
    { prefix: 'E', from: 1, to: 18 },
    { prefix: 'N', from: 1, to: 22 },
    { prefix: 'SE', from: 1, to: 28 },
    { prefix: 'SW', from: 1, to: 20 },
    { prefix: 'NW', from: 1, to: 11 },
    { prefix: 'W', from: 2, to: 14 },
  ],
};
const OTHER_AREAS = [
  { prefix: 'LS', from: 1, to: 29 },
  { prefix: 'S', from: 1, to: 36 },
  { prefix: 'BS', from: 1, to: 16 },
  { prefix: 'NE', from: 1, to: 13 },
];

export function postcodeDistrict(random: Random, hubCode: string): string {
  const area = random.pick(POSTCODE_AREAS[hubCode] ?? OTHER_AREAS);
  return `${area.prefix}${random.int(area.from, area.to)}`;
}

/** Census-like shares of each pilot area's population, by assumption, in ETHNIC_GROUPS codes. */
export const ETHNICITY_WEIGHTS: Record<string, Record<string, number>> = {
  default: {
    white_british: 62,
    white_other: 6,
    white_irish: 1,
    asian_pakistani: 8,
    asian_indian: 4,
    asian_bangladeshi: 3,
    asian_other: 2,
    black_african: 4,
    black_caribbean: 2,
    mixed_white_black_caribbean: 2,
    mixed_other: 2,
    other_arab: 1,
    other_any: 1,
    not_stated: 2,
  },
  LDN: {
    white_british: 38,
    white_other: 14,
    white_irish: 2,
    asian_pakistani: 4,
    asian_indian: 7,
    asian_bangladeshi: 5,
    asian_other: 4,
    black_african: 9,
    black_caribbean: 4,
    mixed_white_black_caribbean: 2,
    mixed_other: 3,
    other_arab: 2,
    other_any: 4,
    not_stated: 2,
  },
};

export const FIRST_LANGUAGE_WEIGHTS = {
  English: 86,
  Urdu: 3,
  Polish: 2,
  Punjabi: 2,
  Bengali: 1.5,
  Arabic: 1.5,
  Somali: 1,
  Romanian: 1,
  Portuguese: 1,
  Tigrinya: 1,
} as const;

const GP_PRACTICES = [
  'Riverside Medical Centre',
  'Park Lane Surgery',
  'Church Street Health Centre',
  'Oakwood Family Practice',
  'Victoria Road Surgery',
  'Meadowbank Medical Practice',
];
const MH_TEAMS = [
  'Community Mental Health Team',
  'Early Intervention in Psychosis',
  'Child and Adolescent Mental Health Services',
  'Home Treatment Team',
];

export const gpPractice = (random: Random): string | null =>
  random.chance(0.8) ? random.pick(GP_PRACTICES) : null;
export const mentalHealthTeam = (random: Random): string | null =>
  random.chance(0.35) ? random.pick(MH_TEAMS) : null;

/** A sentence marked synthetic, chosen from a few, so pages show varied but harmless text. */
function sentence(random: Random, options: readonly string[]): string {
  return `${random.pick(options)} (Synthetic record.)`;
}

export const text = {
  concernsSeen: (random: Random) =>
    sentence(random, [
      'Expressed support for violence online and shared extremist material with peers.',
      'Searched for attack methods and talked about past attackers with admiration.',
      'Fixated on a grievance against a local group; statements escalating over weeks.',
      'School staff noticed drawings and remarks about mass violence.',
      'Family reported withdrawal, long hours in online forums and new hostile views.',
      'Made threats in a group chat; no known plan or means.',
    ]),
  supportReason: (random: Random) =>
    sentence(random, [
      'Possible unmet mental health needs; the PCMT would value a clinical view.',
      'Previous contact with mental health services; unclear whether still engaged.',
      'Behaviour suggests a possible neurodevelopmental condition; advice on approach wanted.',
      'Low mood and isolation reported; advice sought on engagement and support.',
    ]),
  urgencyReason: (random: Random) =>
    sentence(random, [
      'Recent escalation in statements and possible access to weapons.',
      'Family worried about rapid deterioration in the last few days.',
    ]),
  triageRationale: (random: Random, decision: string) =>
    sentence(
      random,
      decision === 'accept'
        ? [
            'Indicators of possible mental health needs; assessment would inform case management.',
            'Complex needs and unclear service contact: accepted for assessment.',
          ]
        : decision === 'advice_only'
          ? [
              'Needs appear to be met by current services; advice to the case officer is enough.',
              'Limited information; advice on next steps rather than assessment.',
            ]
          : decision === 'decline'
            ? ['No indication of mental health needs within VSS scope.']
            : ['Acute risk to self: diverted to crisis care before any VSS work.'],
    ),
  signposting: (random: Random) =>
    sentence(random, [
      'Signposted to the GP and to local youth services.',
      'Signposted to the local authority early help team.',
    ]),
  divertedTo: (random: Random) =>
    random.pick(['Crisis Resolution and Home Treatment Team', 'Liaison Psychiatry', 'NHS 111']),
  adviceTitle: (random: Random) =>
    random.pick([
      'Approach to engagement',
      'Mental health services',
      'Communication needs',
      'Next steps',
    ]),
  adviceBody: (random: Random) =>
    sentence(random, [
      'Keep contact short and concrete; offer a trusted adult at meetings.',
      'Ask the GP whether a referral to the community team has been made.',
      'The person may find open questions hard; use plain language and visual aids.',
      'Consider a joint visit with the allocated social worker.',
    ]),
  policeUpdate: (random: Random) =>
    sentence(random, [
      'Channel panel met; support plan agreed.',
      'No further concerning online activity seen this month.',
      'Family report improved engagement at school.',
      'New intelligence received; risk unchanged.',
    ]),
  closureSummary: (random: Random) =>
    sentence(random, [
      'Assessment completed; care now with mainstream services.',
      'Advice given to the case officer; no further VSS involvement needed.',
      'Engagement ended; the case officer has the recommendations.',
    ]),
  closingNotes: (random: Random) =>
    sentence(random, [
      'Formulation shared with the community team with consent.',
      'Discharge letter sent to the GP.',
      'No further action for the hub.',
    ]),
  returnReason: (random: Random) =>
    sentence(random, ['Please add the GP letter before closing.', 'Summary needs the outcome.']),
  feedbackComment: (random: Random) =>
    random.chance(0.4)
      ? sentence(random, [
          'Helpful advice that changed our approach.',
          'Quick response from the hub.',
          'Would have liked more detail in the summary.',
        ])
      : null,
  formulation: (random: Random, section: string) =>
    sentence(
      random,
      {
        presenting: [
          'Low mood, social withdrawal and intense online activity.',
          'Fixed grievance with rising anger.',
        ],
        predisposing: ['Childhood adversity and disrupted schooling.', 'Longstanding isolation.'],
        precipitating: ['Recent exclusion from school.', 'Loss of a relationship and housing.'],
        perpetuating: [
          'Online communities that reinforce grievance.',
          'No current contact with services.',
        ],
        protective: ['Supportive sibling.', 'Interest in college course; engages with youth work.'],
      }[section] ?? ['Not recorded.'],
    ),
};

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
  purpose: (random: Random, direction: 'health_to_police' | 'police_to_health') =>
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
