/**
 * Moved to requests/police-request.ts (the request is the requests feature's). Kept only so
 * triage's imports keep working until triage imports it from there.
 */
export {
  policeRequestView,
  readPoliceRequest,
  type PoliceRequest,
} from '../requests/police-request.ts';
