#!/usr/bin/env bash
# The one command that runs every test of the project (README: "Run all tests").
# It installs what the tests need on a fresh machine, then runs the whole suite.
set -euo pipefail
cd "$(dirname "$0")"

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

dotnet build Studio.sln -c Release -warnaserror --nologo -v:q
dotnet test Studio.sln -c Release --no-build --nologo -v:q --logger "console;verbosity=minimal"
