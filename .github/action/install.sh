#!/usr/bin/env bash
# Step 2 of the azscan action: download the release archive for this runner, verify it
# against the release's SHA-256 checksum, and unpack the binary into AZSCAN_DIR (which
# actions/cache restores on later runs, so then nothing is downloaded). Puts it on PATH.
#
# In:  AZSCAN_VERSION, AZSCAN_ARCHIVE, AZSCAN_DIR, AZSCAN_BIN (resolve.sh's outputs),
#      AZSCAN_DOWNLOAD_URL (optional mirror), RUNNER_TEMP, GITHUB_PATH.
set -euo pipefail

releases="${AZSCAN_DOWNLOAD_URL:-https://github.com/azscan/azscan/releases}"

if [[ -x "$AZSCAN_BIN" ]]; then
  echo "azscan $AZSCAN_VERSION is already in $AZSCAN_DIR"
else
  work=$(mktemp -d "${RUNNER_TEMP:-/tmp}/azscan-download.XXXXXX")
  trap 'rm -rf "$work"' EXIT
  url="$releases/download/v$AZSCAN_VERSION/$AZSCAN_ARCHIVE"
  echo "Downloading $url"
  fetch() { curl --proto '=https,file' --tlsv1.2 -fsSL --retry 3 -o "$2" "$1"; }
  fetch "$url" "$work/$AZSCAN_ARCHIVE"
  fetch "$url.sha256" "$work/$AZSCAN_ARCHIVE.sha256"

  # The .sha256 file is `<hex> *<name>`; compare the hex only, whatever the name says.
  read -r expected _ < "$work/$AZSCAN_ARCHIVE.sha256"
  if command -v sha256sum > /dev/null; then
    read -r actual _ < <(sha256sum "$work/$AZSCAN_ARCHIVE")
  else
    read -r actual _ < <(shasum -a 256 "$work/$AZSCAN_ARCHIVE")
  fi
  expected=$(tr '[:upper:]' '[:lower:]' <<< "$expected")
  if [[ "$actual" != "$expected" ]]; then
    echo "::error::checksum mismatch for $AZSCAN_ARCHIVE: expected $expected, got $actual"
    exit 1
  fi
  echo "SHA-256 verified: $actual"

  mkdir -p "$work/unpacked" "$AZSCAN_DIR"
  case "$AZSCAN_ARCHIVE" in
    *.zip)
      if command -v unzip > /dev/null; then
        unzip -q "$work/$AZSCAN_ARCHIVE" -d "$work/unpacked"
      else
        pwsh -NoProfile -Command "Expand-Archive -LiteralPath '$work/$AZSCAN_ARCHIVE' -DestinationPath '$work/unpacked'"
      fi
      ;;
    *) tar -xzf "$work/$AZSCAN_ARCHIVE" -C "$work/unpacked" ;;
  esac
  # Tarballs hold azscan-<target>/azscan, zips hold azscan.exe at the top: take it from
  # wherever it is.
  name="${AZSCAN_BIN##*/}"
  found=$(find "$work/unpacked" -type f -name "$name" | head -n 1)
  if [[ -z "$found" ]]; then
    echo "::error::$AZSCAN_ARCHIVE holds no $name"
    exit 1
  fi
  cp "$found" "$AZSCAN_BIN"
  chmod +x "$AZSCAN_BIN"
fi

echo "$AZSCAN_DIR" >> "$GITHUB_PATH"
"$AZSCAN_BIN" --version
