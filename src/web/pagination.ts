/** A GOV.UK pagination component's parameters, or null when everything fits on one page. */
export function pagination(input: {
  page: number;
  pageSize: number;
  total: number;
  href: (page: number) => string;
}) {
  const pages = Math.max(1, Math.ceil(input.total / input.pageSize));
  if (pages <= 1) return null;
  const page = Math.min(Math.max(1, input.page), pages);
  return {
    previous: page > 1 ? { href: input.href(page - 1) } : undefined,
    next: page < pages ? { href: input.href(page + 1) } : undefined,
    items: Array.from({ length: pages }, (_, i) => i + 1)
      .filter((n) => n === 1 || n === pages || Math.abs(n - page) <= 2)
      .flatMap((n, i, shown) => {
        const item = { number: n, href: input.href(n), current: n === page };
        return i > 0 && n - shown[i - 1]! > 1 ? [{ ellipsis: true }, item] : [item];
      }),
  };
}

/** A page number from a query string: a positive whole number, else 1. */
export function pageOf(query: unknown): number {
  const raw = (query as { page?: unknown } | undefined)?.page;
  return typeof raw === 'string' && /^\d{1,6}$/.test(raw) && Number(raw) > 0 ? Number(raw) : 1;
}
