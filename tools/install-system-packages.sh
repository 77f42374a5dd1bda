#!/usr/bin/env bash
# Installs the system programs the tests use to open generated workbooks for real:
# LibreOffice Calc (headless), its Python bridge (to open a password-protected pack over UNO),
# poppler's pdftoppm and the fonts the workbook names. Does nothing if they are already
# there, and only warns where the machine does not allow it (no root, no apt-get).
set -u
need=()
command -v soffice >/dev/null 2>&1 || need+=(libreoffice-calc-nogui)
command -v pdftoppm >/dev/null 2>&1 || need+=(poppler-utils)
/usr/bin/python3 -c "import uno" >/dev/null 2>&1 || need+=(python3-uno)
# Metric-compatible fonts for the ones the workbook names (Carlito for Calibri, Liberation Sans
# for Arial), so LibreOffice lays out and prints the pages as Excel does.
fc-list 2>/dev/null | grep -qi carlito || need+=(fonts-crosextra-carlito)
fc-list 2>/dev/null | grep -qi "liberation sans" || need+=(fonts-liberation)
[ ${#need[@]} -eq 0 ] && exit 0
if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null 2>&1; then
  echo "note: ${need[*]} not installed (needs root and apt-get); tests that open workbooks in LibreOffice will be skipped" >&2
  exit 0
fi
echo "Installing ${need[*]} ..."
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq && apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
