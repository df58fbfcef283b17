#!/usr/bin/env bash
# Install the Debian packages the build and the tests need, when missing.
# Safe to run repeatedly: it only calls apt-get when a command is absent.
set -euo pipefail

# command-to-check:package list
declare -A needs=(
  [xelatex]="texlive-xetex texlive-latex-extra texlive-lang-french texlive-fonts-recommended fonts-freefont-otf"
  [pdftotext]="poppler-utils"
  [chromium]="chromium"
  [java]="default-jre-headless"  # EPUBCheck, which validates the EPUB edition in the tests
  [nginx]="nginx-light"
)
missing=()
for cmd in "${!needs[@]}"; do
  # nginx lives in /usr/sbin, outside an ordinary user's PATH.
  command -v "$cmd" >/dev/null 2>&1 || [ -x "/usr/sbin/$cmd" ] || missing+=(${needs[$cmd]})
done
# Libraries and fonts are files, not commands.
ldconfig -p 2>/dev/null | grep libcairo.so.2 >/dev/null || missing+=(libcairo2)
fc-list 2>/dev/null | grep FreeSerif >/dev/null || missing+=(fonts-freefont-otf)
fc-list 2>/dev/null | grep Symbola >/dev/null || missing+=(fonts-symbola)
if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
echo "Installing Debian packages: ${missing[*]}"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
