/**
 * The summary fields of an assessment that the service reports on (PRODUCT.md step 5), and the
 * rating scales of structured professional judgement. Instrument items themselves are
 * configuration loaded from files, never listed here: licensed instruments are not ours.
 */

export const PRIMARY_VULNERABILITIES = [
  { code: 'diagnosable_mental_illness', label: 'Diagnosable mental illness' },
  { code: 'complex_needs', label: 'Complex needs' },
  { code: 'mental_health_not_primary', label: 'Mental health not the primary factor' },
  { code: 'no_mental_health_needs', label: 'No mental health needs identified' },
] as const;

export const PRESENTATIONS = [
  { code: 'psychosis', label: 'Psychosis' },
  { code: 'depression', label: 'Depression' },
  { code: 'anxiety', label: 'Anxiety' },
  { code: 'dysregulated_emotions', label: 'Dysregulated emotions and behaviour' },
  { code: 'personality_difficulties', label: 'Personality difficulties' },
  { code: 'substance_misuse', label: 'Substance misuse' },
  { code: 'complex_communication', label: 'Complex communication difficulties' },
  { code: 'autism', label: 'Autism' },
  { code: 'adhd', label: 'ADHD' },
  { code: 'learning_disability', label: 'Learning disability' },
  { code: 'other', label: 'Other' },
] as const;

export const MAINSTREAM_SERVICE_RELATIONS = [
  { code: 'currently_known', label: 'Currently known to services' },
  { code: 'known_not_engaged', label: 'Known but not engaged' },
  { code: 'lost_to_services', label: 'Lost to services' },
  { code: 'never_known', label: 'Never known to services' },
] as const;

export const ADDITIONAL_NEEDS = [
  { code: 'housing', label: 'Homelessness or housing' },
  { code: 'childhood_trauma', label: 'Childhood trauma' },
  { code: 'social_instability', label: 'Social and relationship instability' },
  { code: 'unemployment', label: 'Unemployment' },
  { code: 'debt', label: 'Debt' },
  { code: 'bereavement', label: 'Bereavement' },
  { code: 'other_stressors', label: 'Other stressors' },
] as const;

export const OFFENDING_HISTORY = [
  { code: 'convictions', label: 'Previous convictions' },
  { code: 'supervision_failures', label: 'Past failures under supervision' },
] as const;

export const FACTOR_PRESENCE = [
  { code: 'absent', label: 'Absent' },
  { code: 'partial', label: 'Partially present' },
  { code: 'present', label: 'Present' },
  { code: 'omitted', label: 'Omitted (not enough information)' },
] as const;

export const FACTOR_RELEVANCE = [
  { code: 'low', label: 'Low' },
  { code: 'moderate', label: 'Moderate' },
  { code: 'high', label: 'High' },
] as const;

/** The 5 Ps of a formulation. */
export const FORMULATION_SECTIONS = [
  { code: 'presenting', label: 'Presenting' },
  { code: 'predisposing', label: 'Predisposing' },
  { code: 'precipitating', label: 'Precipitating' },
  { code: 'perpetuating', label: 'Perpetuating' },
  { code: 'protective', label: 'Protective' },
] as const;
