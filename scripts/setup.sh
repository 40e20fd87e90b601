#!/usr/bin/env bash
# Installs what building (and, with --browser, testing) Jinguo Ledger needs and
# is missing. Safe to run again: each step checks first. Everything goes into
# the project's .tools/ except Chromium, which comes from Debian.
#
#   scripts/setup.sh            wasm32 target, wasm-bindgen-cli, wasm-split-cli, wasm-opt
#   scripts/setup.sh --browser  also Chromium + its driver, WebKit's driver + xvfb, LibreOffice
#                               headless + pdftotext (office-print test), the e2e test packages and
#                               Python's venv (the API fuzzer, tests/fuzz/run.sh, makes its
#                               own virtual environment in .tools/fuzz-venv)
#   scripts/setup.sh --s3       also s3s-fs, the S3-compatible server the photo tests run
#                               against (scripts/s3.sh); both flags may be given
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
say() { printf '\033[1m==> %s\033[0m\n' "$*"; }

want_browser=false
want_s3=false
for arg in "$@"; do
  case "$arg" in
    --browser) want_browser=true ;;
    --s3) want_s3=true ;;
    *) echo "usage: $0 [--browser] [--s3]" >&2; exit 2 ;;
  esac
done

# 1. The Rust target for the browser.
if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  say "Adding the Rust target wasm32-unknown-unknown"
  rustup target add wasm32-unknown-unknown
fi

# 2. wasm-bindgen-cli at exactly the version of the wasm-bindgen crate in Cargo.lock.
if [ ! -f Cargo.lock ]; then
  say "Resolving dependencies (Cargo.lock)"
  cargo generate-lockfile
fi
wb_version="$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock)"
if [ -z "$wb_version" ]; then
  echo "error: no wasm-bindgen in Cargo.lock" >&2
  exit 1
fi
have="$(.tools/bin/wasm-bindgen --version 2>/dev/null | awk '{print $2}' || true)"
if [ "$have" != "$wb_version" ]; then
  say "Installing wasm-bindgen-cli $wb_version into .tools (takes about 2 minutes, once)"
  # Not --locked: the CLI's own lockfile pins a crate version the registry lacks.
  cargo install wasm-bindgen-cli --version "$wb_version" --root .tools --quiet
fi

# 2b. wasm-split-cli (crate wasm_split_cli_support, pinned): cuts the office's
#     screens out of the wasm into a chunk loaded on demand (build-frontend.sh).
if [ ! -x .tools/bin/wasm-split-cli ] ||
   [ "$(cat .tools/wasm-split-cli.version 2>/dev/null)" != "0.2.4" ]; then
  say "Installing wasm-split-cli (wasm_split_cli_support 0.2.4) into .tools (about 2 minutes, once)"
  cargo install wasm_split_cli_support --version 0.2.4 --features build-binary --root .tools --quiet
  echo 0.2.4 > .tools/wasm-split-cli.version
fi

# 3. wasm-opt from npm's binaryen (Debian's binaryen 108 produces a broken app).
if [ ! -x .tools/node/node_modules/.bin/wasm-opt ] ||
   ! cmp -s scripts/tools/package-lock.json .tools/node/package-lock.json; then
  say "Installing wasm-opt (npm binaryen, pinned in scripts/tools) into .tools/node"
  mkdir -p .tools/node
  cp scripts/tools/package.json scripts/tools/package-lock.json .tools/node/
  npm ci --prefix .tools/node --no-audit --no-fund --loglevel=error
fi

if $want_browser; then
  # 4. Chromium and its driver, from Debian.
  if [ ! -x /usr/bin/chromium ] || [ ! -x /usr/bin/chromedriver ]; then
    say "Installing Chromium and chromium-driver from Debian"
    sudo=""
    [ "$(id -u)" -ne 0 ] && sudo="sudo"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq chromium chromium-driver >/dev/null
  fi
  # 4b. WebKit (the Safari engine) and its WebDriver, from Debian, with a
  #     virtual display: tests/e2e/wasm-once.test.mjs counts a first visit's
  #     wasm fetches in WebKit too (Safari fetched it three times).
  if ! command -v WebKitWebDriver >/dev/null || ! command -v xvfb-run >/dev/null; then
    say "Installing webkit2gtk-driver and xvfb from Debian"
    sudo=""
    [ "$(id -u)" -ne 0 ] && sudo="sudo"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq webkit2gtk-driver xvfb >/dev/null
  fi
  # 4c. LibreOffice headless and poppler's pdftotext, from Debian:
  #     tests/e2e/office-print.test.mjs opens the exported Excel and Word files as
  #     the office would and checks how they print.
  if ! command -v soffice >/dev/null || ! command -v pdftotext >/dev/null; then
    say "Installing LibreOffice (headless) and poppler-utils from Debian"
    sudo=""
    [ "$(id -u)" -ne 0 ] && sudo="sudo"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq \
      libreoffice-calc-nogui libreoffice-writer-nogui poppler-utils >/dev/null
  fi
  # 5. Python with venv, for the API fuzzer (Schemathesis from PyPI, installed by
  #    tests/fuzz/run.sh). Debian ships venv's pip bootstrap (ensurepip) apart.
  if ! command -v python3 >/dev/null || ! python3 -c 'import ensurepip, venv' 2>/dev/null; then
    say "Installing python3-venv from Debian"
    sudo=""
    [ "$(id -u)" -ne 0 ] && sudo="sudo"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq python3 python3-venv >/dev/null
  fi
  # 6. The end-to-end test runner's packages (playwright-core drives Debian's Chromium).
  # A copy of the lockfile in node_modules marks an install of exactly that lockfile.
  if ! cmp -s tests/package-lock.json tests/node_modules/.installed-lock.json 2>/dev/null; then
    say "Installing the end-to-end test packages (npm ci in tests/)"
    npm ci --prefix tests --no-audit --no-fund --loglevel=error
    cp tests/package-lock.json tests/node_modules/.installed-lock.json
  fi
fi
if $want_s3; then
  # 7. s3s-fs from crates.io, pinned: 0.14.1 is the newest that builds with Rust
  #    1.95 (0.15 and later need 1.96). Its own lockfile (--locked): about
  #    5 minutes once, cold.
  s3s_version=0.14.1
  if [ "$(.tools/bin/s3s-fs --version 2>/dev/null | awk '{print $2}' || true)" != "$s3s_version" ]; then
    say "Installing s3s-fs $s3s_version into .tools (takes about 5 minutes, once)"
    cargo install s3s-fs --version "$s3s_version" --locked --features binary --root .tools --quiet
  fi
fi
say "Tools ready: wasm-bindgen $wb_version, wasm-opt $(.tools/node/node_modules/.bin/wasm-opt --version 2>/dev/null | awk '{print $3}')"
