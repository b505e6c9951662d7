# bgptopo receive program (src/deploy/host/deploy-receive.sh): runs as root on one host with the apply
# bundle on stdin, as `sh -c "<EXIT_* constants><this text>" sh STAGE SHA256 LOGFILE STATE`. It stores the
# bundle whole (mode 0600 in a 0700 folder), verifies its checksum, and only then runs it, detached from
# the SSH channel (setsid: a dropped connection cannot stop it half-way), with its output in a root-only
# log that stays on the host; then prints that log. A connection that drops mid-upload hands `cat` a short
# file, whose checksum cannot match, or a signal: either way it is removed and never run. A failed write
# (full disk) removes what was written. Stale staging folders of older interrupted runs are removed after an hour.
# shellcheck shell=sh
# shellcheck disable=SC2154 # the EXIT_* constants are set above this text
umask 077
stage=$1 sha=$2 log=$3 state=$4
emit() { printf 'BGPTOPO %s\n' "$*"; }
find "$state" -maxdepth 1 -name 'stage.*' -mmin +60 -exec rm -rf {} + 2>/dev/null
# A connection that drops during the upload ends this program: what arrived is removed, never run.
trap 'rm -rf "$stage"; exit 1' HUP INT TERM PIPE
if ! error=$( { mkdir -p "$stage" && cat > "$stage/bundle.sh"; } 2>&1 ); then
  emit UPLOAD-FAILED "$(printf '%s\n' "${error:-cannot write $stage}" | head -1)"
  rm -rf "$stage"
  exit "$EXIT_UPLOAD_FAILED"
fi
if ! (cd "$stage" && echo "$sha  bundle.sh" | sha256sum -c --status); then
  emit CHECKSUM-MISMATCH bundle.sh
  rm -rf "$stage"
  exit "$EXIT_CHECKSUM"
fi
if ! emit RUN "$stage" 2>/dev/null > "$log"; then
  emit UPLOAD-FAILED "cannot write the log $log (no space left on device?)"
  rm -rf "$stage" "$log"
  exit "$EXIT_UPLOAD_FAILED"
fi
# From here the run is the bundle's (it removes its staging folder itself), detached from this connection.
trap - HUP INT TERM PIPE
setsid -w sh "$stage/bundle.sh" >> "$log" 2>&1 < /dev/null
rc=$?
cat "$log"
exit "$rc"
