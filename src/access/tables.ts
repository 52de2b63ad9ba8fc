/** Tables of the access core's shared form handling (src/access/form-submissions.ts). */
export interface FormSubmissionTables {
  form_submissions: {
    token: string;
    user_id: string;
    case_id: string;
    kind: string;
    record_id: string;
    submitted_at: Date;
  };
}
