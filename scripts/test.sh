#!/usr/bin/env bash
# `npm test`: every test tier this machine can run. The keychain tests need a Secret Service, so
# on Linux this re-runs itself inside a private D-Bus session with an unlocked gnome-keyring (a
# real keychain, with a throwaway password). A missing keyring, or a PostgreSQL server named by
# TEST_DATABASE_URL that does not answer, stops the run here: tests never pass by not running.
set -euo pipefail
cd "$(dirname "$0")/.."

fail() {
  printf 'npm test: %s\n' "$*" >&2
  exit 1
}

if [ -z "${IKT_TEST_KEYRING:-}" ] && [ "$(uname)" = Linux ]; then
  command -v dbus-run-session >/dev/null && command -v gnome-keyring-daemon >/dev/null ||
    fail 'the keychain tests need dbus-run-session and gnome-keyring-daemon (Debian: apt-get install dbus-bin gnome-keyring)'
  export IKT_TEST_KEYRING=1
  exec dbus-run-session -- bash -c \
    'printf "test-keyring" | gnome-keyring-daemon --unlock --components=secrets >/dev/null ||
       { echo "npm test: gnome-keyring-daemon did not start a Secret Service" >&2; exit 1; }
     exec "$0" "$@"' \
    "$0" "$@"
fi

if [ -n "${TEST_DATABASE_URL:-}" ]; then
  node -e 'const c = new (require("pg").Client)(process.env.TEST_DATABASE_URL);
    c.connect().then(() => c.end(), (e) => { console.error(e.message); process.exit(1); })' ||
    fail "TEST_DATABASE_URL is set but PostgreSQL does not answer there"
else
  echo "npm test: TEST_DATABASE_URL is not set: the portal's PostgreSQL tests are reported as skipped" >&2
fi

echo "== unit and integration tests (vitest)"
npx vitest run

echo "== end-to-end tests (Playwright)"
npx electron-vite build >/dev/null
npx playwright test
