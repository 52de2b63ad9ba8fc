import { ROLE_LABELS, isRole } from '../../domain/roles.ts';
import type { AuditLogRow } from '../audit/search.ts';
import {
  auditAction,
  auditOutcome,
  auditType,
  cicero,
  CICERO_SYSTEMS,
  ENTITY_OBJECT,
  ENTITY_PERSON,
} from './codes.ts';
import { profiled } from './presenter-record.ts';
import type { BundleStamp } from './export.ts';
import type { Bundle, Resource } from './types.ts';
import { bundleOf } from './presenter.ts';

/**
 * The access log of a case for the information governance officer: one AuditEvent
 * (UKCore-AuditEvent) per row, ids and codes only, as the audit log itself holds them.
 */
export function auditEventResource(row: AuditLogRow, id: string): Resource {
  const role = isRole(row.actorRole) ? ROLE_LABELS[row.actorRole] : row.actorRole;
  return {
    ...profiled('AuditEvent', id),
    type: auditType(row.action),
    subtype: [cicero('auditAction', row.action)],
    action: auditAction(row.action),
    recorded: row.occurredAt.toISOString(),
    outcome: auditOutcome(row.outcome),
    ...(row.reason ? { purposeOfEvent: [{ text: row.reason }] } : {}),
    agent: [
      row.actorUserId
        ? {
            ...(role ? { role: [{ text: role }] } : {}),
            who: {
              identifier: { system: CICERO_SYSTEMS.user, value: row.actorUserId },
              ...(row.actorName ? { display: row.actorName } : {}),
            },
            requestor: true,
          }
        : { who: { display: 'Cicero' }, requestor: false },
    ],
    source: {
      site: row.hubCode ?? 'national',
      observer: { display: 'Cicero' },
    },
    entity: [
      {
        what: {
          identifier: {
            system: CICERO_SYSTEMS.auditSubject,
            value: row.subjectId ? `${row.subjectType}/${row.subjectId}` : row.subjectType,
          },
        },
        type: ENTITY_OBJECT,
      },
      ...(row.personId
        ? [
            {
              what: { identifier: { system: CICERO_SYSTEMS.person, value: row.personId } },
              type: ENTITY_PERSON,
            },
          ]
        : []),
    ],
  };
}

/** The bundle of a case's access log. */
export function auditBundle(rows: AuditLogRow[], stamp: BundleStamp): Bundle {
  return bundleOf(
    rows.map((row) => {
      const id = stamp.uuid();
      return { id, resource: auditEventResource(row, id) };
    }),
    stamp,
  );
}
