import type { Random } from './random.ts';

/**
 * Made-up names, places and sentences for synthetic records. Common given and family names,
 * combined at random: they belong to no one, and the NHS numbers come from the testing range.
 * Free text is generic and says it is synthetic, so no page ever shows anything that reads like
 * a real person's history.
 *
 * Words for the clinical and multi-agency records (plans, formulations, liaison, disclosures)
 * are in vocabulary-casework.ts.
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
export function sentence(random: Random, options: readonly string[]): string {
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
