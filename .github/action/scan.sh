#!/usr/bin/env bash
# Step 3 of the azscan action: turn the action's inputs into azscan flags, run the scan,
# append the markdown report to the job's step summary, and exit with azscan's code (so
# fail-on gates the job) only after the reports are in place.
#
# In:  AZSCAN_BIN, and one AZSCAN_INPUT_<NAME> per action input (see action.yml),
#      GITHUB_OUTPUT, GITHUB_STEP_SUMMARY, RUNNER_TEMP.
# Out: sarif, json, exit-code in $GITHUB_OUTPUT; azscan.sarif and azscan.json in the
#      working directory.
set -euo pipefail

args=()

# A list input: one ID per comma, space or line.
list() { tr ',\n\r\t' '    ' <<< "$1"; }
# `${a[@]+"${a[@]}"}` below expands an empty array under `set -u` in macOS's bash 3.2.

read -ra ids <<< "$(list "${AZSCAN_INPUT_SUBSCRIPTION_ID:-}")"
for id in ${ids[@]+"${ids[@]}"}; do args+=(--subscription-id "$id"); done

case "${AZSCAN_INPUT_ALL_SUBSCRIPTIONS:-false}" in
  true | True | TRUE) args+=(--all-subscriptions) ;;
  false | False | FALSE | "") ;;
  *)
    echo "::error::all-subscriptions must be true or false, not '$AZSCAN_INPUT_ALL_SUBSCRIPTIONS'"
    exit 2
    ;;
esac

if [[ -n "${AZSCAN_INPUT_MANAGEMENT_GROUP:-}" ]]; then
  args+=(--management-group "$AZSCAN_INPUT_MANAGEMENT_GROUP")
fi
read -ra excluded <<< "$(list "${AZSCAN_INPUT_EXCLUDE_SUBSCRIPTION:-}")"
for id in ${excluded[@]+"${excluded[@]}"}; do args+=(--exclude-subscription "$id"); done

if [[ -n "${AZSCAN_INPUT_FAIL_ON:-}" ]]; then args+=(--fail-on "$AZSCAN_INPUT_FAIL_ON"); fi
if [[ -n "${AZSCAN_INPUT_CONFIG:-}" ]]; then args+=(--config "$AZSCAN_INPUT_CONFIG"); fi
if [[ -n "${AZSCAN_INPUT_BASELINE:-}" ]]; then args+=(--baseline "$AZSCAN_INPUT_BASELINE"); fi
if [[ -n "${AZSCAN_INPUT_SARIF_CATEGORY:-}" ]]; then
  args+=(--sarif-category "$AZSCAN_INPUT_SARIF_CATEGORY")
fi

# Extra arguments, split on whitespace and never glob-expanded.
read -ra extra <<< "${AZSCAN_INPUT_ARGS:-}"

sarif=azscan.sarif
json=azscan.json
markdown="${RUNNER_TEMP:-/tmp}/azscan-summary.md"
rm -f "$sarif" "$json" "$markdown"
args+=(--report "sarif=$sarif" --report "json=$json" --report "markdown=$markdown")

args+=(${extra[@]+"${extra[@]}"})
echo "azscan ${args[*]}"
code=0
"$AZSCAN_BIN" "${args[@]}" || code=$?

if [[ -f "$markdown" && -n "${GITHUB_STEP_SUMMARY:-}" ]]; then
  cat "$markdown" >> "$GITHUB_STEP_SUMMARY"
fi
{
  echo "sarif=$sarif"
  echo "json=$json"
  echo "exit-code=$code"
} >> "$GITHUB_OUTPUT"
exit "$code"
