#!/usr/bin/env bash
# The one command that runs every test of the project (README: "Run all tests").
# It installs what the tests need on a fresh machine, then runs the whole suite.
set -euo pipefail
cd "$(dirname "$0")"

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

# System packages the tests drive: chromium (studio browser tests, no `playwright install`), fonts-noto-cjk
# (Chinese glyphs in screenshots), espeak-ng (TTS preview). Installed with apt-get only when missing, quietly;
# as root directly, otherwise through sudo when it is there.
install_missing() {
  local missing=()
  for package in "$@"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  if ! command -v apt-get >/dev/null 2>&1; then
    echo "test.sh: missing ${missing[*]} and no apt-get here; install them yourself" >&2
    return 1
  fi
  local sudo=()
  if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null 2>&1 || { echo "test.sh: missing ${missing[*]}; run as root or install them" >&2; return 1; }
    sudo=(sudo)
  fi
  echo "test.sh: installing ${missing[*]}"
  # Another apt run (a parallel job, unattended upgrades) holds the lock for a while: wait for it.
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 update -qq
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}
install_missing chromium fonts-noto-cjk espeak-ng

dotnet build Studio.sln -c Release -warnaserror --nologo -v:q
# One test project at a time (-m:1): the runtime's timing-sensitive tests (reminders, crash recovery) and the
# browser tests each get the two cores to themselves. A test that hangs is stopped after 10 minutes and
# named instead of stalling the run.
dotnet test Studio.sln -c Release --no-build --nologo -v:q -m:1 --blame-hang-timeout 10m --blame-hang-dump-type none \
  --logger "console;verbosity=minimal"
