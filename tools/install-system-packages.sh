#!/usr/bin/env bash
# Installs, with apt-get, the system packages a bare Debian or Ubuntu machine lacks. It always says
# what it is about to install and why before it changes anything, and does nothing when all is there.
#
#   tools/install-system-packages.sh venv [PYTHON]  Python's venv module (with ensurepip), which make
#                                                   needs to create .venv/ (Debian ships it apart)
#   tools/install-system-packages.sh tests          what the tests use to open generated workbooks for
#                                                   real: LibreOffice Calc (headless), its Python bridge
#                                                   (to open a password-protected pack over UNO),
#                                                   poppler's pdftoppm, and the fonts the workbook names
#
# Without root or apt-get it installs nothing: it names the packages and the command, and exits 1.
set -u
group=${1:-tests}
need=()   # package names
why=()    # one line each: what for

case "$group" in
  venv)
    python=${2:-python3}
    if "$python" -c "import ensurepip, venv" >/dev/null 2>&1; then exit 0; fi
    version=$("$python" -c 'import sys; print("%d.%d" % sys.version_info[:2])')
    need+=("python$version-venv")
    why+=("python$version-venv: Python's venv module, to create the project's environment in .venv/")
    ;;
  tests)
    if ! command -v soffice >/dev/null 2>&1; then
      need+=(libreoffice-calc-nogui)
      why+=("libreoffice-calc-nogui: LibreOffice Calc, to recalculate the generated workbooks and print them to PDF")
    fi
    if ! command -v pdftoppm >/dev/null 2>&1; then
      need+=(poppler-utils)
      why+=("poppler-utils: pdftoppm, to turn the printed pages into pictures")
    fi
    if ! /usr/bin/python3 -c "import uno" >/dev/null 2>&1; then
      need+=(python3-uno)
      why+=("python3-uno: LibreOffice's Python bridge, to open a password-protected board pack")
    fi
    # Metric-compatible fonts for the ones the workbook names, so LibreOffice lays out and prints
    # the pages as Excel does.
    if ! fc-list 2>/dev/null | grep -qi carlito; then
      need+=(fonts-crosextra-carlito)
      why+=("fonts-crosextra-carlito: Carlito, metric-compatible with Calibri")
    fi
    if ! fc-list 2>/dev/null | grep -qi "liberation sans"; then
      need+=(fonts-liberation)
      why+=("fonts-liberation: Liberation Sans, metric-compatible with Arial")
    fi
    ;;
  *)
    echo "usage: $0 venv [PYTHON] | tests" >&2
    exit 2
    ;;
esac

[ ${#need[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null 2>&1; then
  echo "Missing system packages (installing them needs root and apt-get):" >&2
  printf '  %s\n' "${why[@]}" >&2
  echo "Install them with: sudo apt-get install ${need[*]}" >&2
  [ "$group" = tests ] && echo "Until then the tests that need them are skipped (and fail under CI)." >&2
  exit 1
fi

echo "Installing system packages with apt-get (this changes the machine; run make with INSTALL_SYSTEM=no to skip):"
printf '  %s\n' "${why[@]}"
[ "$group" = tests ] && echo "LibreOffice is a download of a few hundred MB and can take several minutes; apt-get's progress follows."
export DEBIAN_FRONTEND=noninteractive
apt-get update -q && apt-get install -y -q --no-install-recommends "${need[@]}"
status=$?
if [ $status -ne 0 ]; then
  echo "apt-get could not install ${need[*]} (exit $status)." >&2
  exit $status
fi
echo "Installed ${need[*]}."
