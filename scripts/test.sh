#!/usr/bin/env bash
# `npm test`: every test tier this machine can run. The keychain tests need a Secret Service, so
# without one on the session bus this re-runs itself inside a private D-Bus session with an
# unlocked gnome-keyring (a real keychain, with a throwaway password).
set -euo pipefail
cd "$(dirname "$0")/.."

if [ -z "${IKT_TEST_KEYRING:-}" ] && [ "$(uname)" = Linux ] && command -v dbus-run-session >/dev/null &&
  command -v gnome-keyring-daemon >/dev/null; then
  export IKT_TEST_KEYRING=1
  exec dbus-run-session -- bash -c \
    'printf "test-keyring" | gnome-keyring-daemon --unlock --components=secrets >/dev/null && exec "$0" "$@"' \
    "$0" "$@"
fi

echo "== unit and integration tests (vitest)"
npx vitest run

echo "== end-to-end tests (Playwright)"
npx electron-vite build >/dev/null
npx playwright test
