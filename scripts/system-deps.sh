#!/usr/bin/env bash
# Install the Debian packages the test suite uses, when missing and when we may.
# Usage: scripts/system-deps.sh PACKAGE:COMMAND ...  (installs PACKAGE unless COMMAND is on PATH,
# or, when COMMAND is a path, unless that file or directory exists: postgresql:/usr/lib/postgresql)
set -euo pipefail
missing=()
for spec in "$@"; do
  pkg=${spec%%:*}; cmd=${spec#*:}
  if ! command -v "$cmd" >/dev/null 2>&1 && ! [ -x "$cmd" ]; then missing+=("$pkg"); fi
done
((${#missing[@]})) || exit 0
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then SUDO=sudo; else
    echo "system-deps: missing ${missing[*]}; install them with apt-get (needs root)." >&2; exit 0; fi
else SUDO=; fi
echo "system-deps: installing ${missing[*]} from Debian"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
