/**
 * The disclosure services (PRODUCT.md step 10), one module per capability: drafts (the form
 * and its answers), decisions (read, submit, withdraw), approvals (the hub lead's queue and
 * decision), records (loading a decision; the case's list). Every one opens the case through
 * the access core (src/access/case-context.ts) inside its own transaction.
 */
export {
  candidatesFor,
  disclosureForm,
  ITEMS_CHANGED,
  saveDraft,
  type Candidates,
  type DisclosureForm,
  type DisclosureInput,
  type DraftRequest,
  type DraftResult,
  type Person,
} from './drafts.ts';
export {
  NOT_FRESH,
  readDisclosure,
  submitDisclosure,
  withdrawDisclosure,
  type SubmitRequest,
  type SubmitResult,
  type WithdrawRequest,
} from './decisions.ts';
export {
  approvalQueue,
  decideApproval,
  readForApproval,
  type ApprovalDecision,
  type ApprovalQueueItem,
  type ApprovalRequest,
} from './approvals.ts';
export {
  capabilityFor,
  disclosuresOfCase,
  loadDisclosure,
  openForDirection,
  type Acting,
  type DisclosureDeps,
  type DisclosureRecord,
  type DisclosureTarget,
} from './records.ts';
