#!/usr/bin/env bash
# The whole test suite: lint, types, unit + integration (PGlite, and PostgreSQL when
# TEST_DATABASE_URL is set), then the browser suite. Usage: test.sh [unit|browser|all]
set -euo pipefail
cd "$(dirname "$0")/.."
what=${1:-all}
node=(node --import tsx --test --test-concurrency=2 --test-reporter=spec)

unit_files() { find src test -name '*.test.ts' -not -path 'test/browser/*' | sort; }
browser_files() { find test/browser -name '*.test.ts' | sort; }

if [ "$what" = all ]; then
  echo "== lint and types"
  npx eslint --max-warnings 0 .
  npx prettier --check . >/dev/null || { npx prettier --check .; exit 1; }
  npx tsc --noEmit
fi

if [ "$what" = all ] || [ "$what" = unit ]; then
  echo "== unit and integration tests on PGlite (embedded)"
  mapfile -t files < <(unit_files)
  [ ${#files[@]} -gt 0 ] || { echo "no unit test files found" >&2; exit 1; }
  embedded=("${files[@]}")
  if [ -n "${TEST_DATABASE_URL:-}" ]; then
    # The boundary crawl (minutes) checks who sees what, the same on either database: with a
    # PostgreSQL run to follow, it runs there only. Without one it runs here.
    mapfile -t embedded < <(printf '%s\n' "${files[@]}" | grep -v '^test/leak/boundary.test.ts$')
  fi
  env -u TEST_DATABASE_URL "${node[@]}" "${embedded[@]}"
  if [ -n "${TEST_DATABASE_URL:-}" ]; then
    echo "== unit and integration tests on PostgreSQL ($TEST_DATABASE_URL)"
    node --import tsx scripts/sweep-test-databases.ts
    "${node[@]}" "${files[@]}"
  else
    echo "(TEST_DATABASE_URL is not set: skipping the PostgreSQL run; CI always sets it)"
  fi
fi

if [ "$what" = all ] || [ "$what" = browser ]; then
  echo "== browser tests (Chromium + axe)"
  mapfile -t files < <(browser_files)
  [ ${#files[@]} -gt 0 ] || { echo "no browser test files found" >&2; exit 1; }
  # Two files at a time: one browser test keeps about one core busy (the server and Chromium
  # take turns), so two use the machine's two cores. Checked under a load average of 13-25.
  "${node[@]}" "${files[@]}"
fi
