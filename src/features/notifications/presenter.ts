import { formatDateTime } from '../../web/format.ts';
import {
  DELIVERIES,
  KINDS,
  NOTIFICATION_KINDS,
  type Delivery,
  type NotificationKind,
} from './kinds.ts';
import type { NotificationItem } from './service.ts';

const DELIVERY_LABELS: Record<Delivery, string> = {
  immediate: 'Email me at once',
  daily: 'Include in a daily summary email',
  none: 'Do not email me',
};

/** The notifications page: newest first, unread marked, each opening its page. */
export function notificationsPage(input: {
  items: NotificationItem[];
  page: number;
  more: boolean;
  unread: number;
}) {
  return {
    title: 'Notifications',
    unread: input.unread,
    items: input.items.map((item) => ({
      id: item.id,
      text: KINDS[item.kind].text,
      when: formatDateTime(item.createdAt),
      read: item.read,
      openAction: `/notifications/${item.id}/open`,
    })),
    previous: input.page > 1 ? `/notifications?page=${input.page - 1}` : null,
    next: input.more ? `/notifications?page=${input.page + 1}` : null,
  };
}

/** One notification (an email's link): what it is, and a button to open its page. */
export function notificationPage(item: NotificationItem) {
  return {
    title: 'Notification',
    backLink: { href: '/notifications', text: 'Back' },
    text: KINDS[item.kind].text,
    when: formatDateTime(item.createdAt),
    read: item.read,
    openAction: `/notifications/${item.id}/open`,
  };
}

/** The preferences page: one radio group per kind; urgent requests shown as always at once. */
export function preferencesPage(current: Record<NotificationKind, Delivery>, saved: boolean) {
  return {
    title: 'Notification emails',
    backLink: { href: '/account', text: 'Back' },
    saved,
    fixed: NOTIFICATION_KINDS.filter((kind) => KINDS[kind].fixed).map((kind) => KINDS[kind].label),
    groups: NOTIFICATION_KINDS.filter((kind) => !KINDS[kind].fixed).map((kind) => ({
      name: kind,
      legend: KINDS[kind].label,
      items: DELIVERIES.map((delivery) => ({
        value: delivery,
        text: DELIVERY_LABELS[delivery],
        checked: current[kind] === delivery,
      })),
    })),
  };
}
