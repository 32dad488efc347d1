#!/usr/bin/env bash
# Step 1 of the azscan action: which release, which build for this runner, and where it
# lives. Pure (no download unless the version is "latest"), so actions/cache can key on
# its outputs before anything is fetched.
#
# In:  AZSCAN_VERSION (a version such as 0.1.0 or v0.1.0, or "latest"),
#      RUNNER_OS, RUNNER_ARCH, RUNNER_TOOL_CACHE (set by the runner),
#      AZSCAN_DOWNLOAD_URL (optional: a mirror of https://github.com/azscan/azscan/releases).
# Out: version, target, archive, dir, bin in $GITHUB_OUTPUT.
set -euo pipefail

releases="${AZSCAN_DOWNLOAD_URL:-https://github.com/azscan/azscan/releases}"
version="${AZSCAN_VERSION:-latest}"

if [[ "$version" == "latest" ]]; then
  # The /latest page redirects to /tag/vX.Y.Z: one request, no API token, no rate limit.
  effective=$(curl --proto '=https,file' --tlsv1.2 -fsSL -o /dev/null -w '%{url_effective}' "$releases/latest")
  version="${effective##*/tag/}"
  if [[ "$version" == "$effective" ]]; then
    echo "::error::cannot tell the latest azscan release from $releases/latest (got $effective); set the version input"
    exit 1
  fi
fi
version="${version#v}"
if [[ ! "$version" =~ ^[0-9]+\.[0-9]+\.[0-9]+([-+][0-9A-Za-z.-]+)?$ ]]; then
  echo "::error::version '$AZSCAN_VERSION' is not a release version such as 0.1.0 (or \"latest\")"
  exit 1
fi

# The static Linux builds (musl) run on any distribution, glibc or not.
case "${RUNNER_OS:-}/${RUNNER_ARCH:-}" in
  Linux/X64)     target=x86_64-unknown-linux-musl;  ext=tar.gz ;;
  Linux/ARM64)   target=aarch64-unknown-linux-musl; ext=tar.gz ;;
  macOS/X64)     target=x86_64-apple-darwin;        ext=tar.gz ;;
  macOS/ARM64)   target=aarch64-apple-darwin;       ext=tar.gz ;;
  Windows/X64)   target=x86_64-pc-windows-msvc;     ext=zip ;;
  *)
    echo "::error::azscan has no release build for ${RUNNER_OS:-?}/${RUNNER_ARCH:-?} runners (Linux, macOS: X64, ARM64; Windows: X64)"
    exit 1
    ;;
esac
bin=azscan
[[ "$RUNNER_OS" == "Windows" ]] && bin=azscan.exe

# Forward slashes: both Git Bash and Windows' own tools (actions/cache) accept them.
tool_cache="${RUNNER_TOOL_CACHE:-${RUNNER_TEMP:-/tmp}}"
dir="${tool_cache//\\//}/azscan/$version/$target"

{
  echo "version=$version"
  echo "target=$target"
  echo "archive=azscan-$target.$ext"
  echo "dir=$dir"
  echo "bin=$dir/$bin"
} >> "$GITHUB_OUTPUT"
