#!/usr/bin/env bash
# Installs what Nadir needs on a fresh Debian machine with Swift, skipping what is already there.
#   scripts/install-deps.sh          build + run dependencies (DCMTK)
#   scripts/install-deps.sh --test   also the test oracles (R survival, pydicom, scikit-learn, dicom3tools, Chromium)
set -euo pipefail
want_test=0
[ "${1:-}" = "--test" ] && want_test=1

apt_pkgs=(libdcmtk-dev dcmtk)
if [ $want_test = 1 ]; then
  apt_pkgs+=(sqlite3 dicom3tools r-base-core r-cran-survival chromium chromium-driver python3-pip)
fi
missing=()
for p in "${apt_pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "==> apt-get install ${missing[*]}"
  SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

if [ $want_test = 1 ]; then
  py_missing=()
  python3 -c "import pydicom" 2>/dev/null || py_missing+=("pydicom==3.0.2")
  python3 -c "import numpy" 2>/dev/null || py_missing+=("numpy")  # pydicom pixel_array (DICOM pixel oracle)
  python3 -c "import selenium" 2>/dev/null || py_missing+=("selenium")
  python3 -c "import sklearn" 2>/dev/null || py_missing+=("scikit-learn==1.9.1")  # Cohen's kappa oracle
  if [ ${#py_missing[@]} -gt 0 ]; then
    echo "==> pip install ${py_missing[*]}"
    python3 -m pip install -q "${py_missing[@]}" 2>/dev/null || python3 -m pip install -q --break-system-packages "${py_missing[@]}"
  fi
fi
