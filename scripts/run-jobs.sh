#!/usr/bin/env bash
# run-jobs.sh [-j N] [-t LABEL] < JOBS: run test jobs N at a time (default
# $MESO_TEST_JOBS, else the number of processors). Each line of JOBS is
#
#     NAME COMMAND...            or    NAME<AFTER COMMAND...
#
# COMMAND runs with bash -c; blank lines and # comments are skipped. With
# <AFTER the job waits until job AFTER has passed (and is failed unrun when
# AFTER fails). Jobs start in the order given, so put the slowest first.
#
# MESO_TEST_ONLY=REGEX runs only the jobs whose names match it (extended
# regular expression), and the jobs they wait for.
#
# Each job's output goes to a file of its own and is printed in one piece
# when the job ends, so parallel jobs never interleave: a passing job prints
# one line ("ok NAME (TIME s)"), a failing job everything it wrote. At the end: the slowest jobs with their times, and
# every failed job by name; exit 1 if any failed. (docs/testing.md)
set -uo pipefail
jobs=${MESO_TEST_JOBS:-$(nproc 2>/dev/null || echo 2)}
label=jobs
while [ $# -gt 0 ]; do
    case "$1" in
    -j) jobs=$2; shift 2 ;;
    -t) label=$2; shift 2 ;;
    *) echo "usage: run-jobs.sh [-j N] [-t LABEL] < JOBS" >&2; exit 2 ;;
    esac
done
[ "$jobs" -ge 1 ] 2>/dev/null || jobs=1
tmp=$(mktemp -d "${TMPDIR:-/tmp}/meso-jobs-XXXXXX")
names=() afters=() cmds=()
while IFS= read -r line; do
    [[ "$line" =~ ^[[:space:]]*(#|$) ]] && continue
    head=${line%% *}
    names+=("${head%%<*}")
    if [[ "$head" == *"<"* ]]; then afters+=("${head#*<}"); else afters+=(""); fi
    cmds+=("${line#* }")
done
if [ -n "${MESO_TEST_ONLY:-}" ]; then
    declare -A keep=()
    for ((j = 0; j < ${#names[@]}; j++)); do
        if [[ "${names[$j]}" =~ $MESO_TEST_ONLY ]]; then
            keep[${names[$j]}]=1
            [ -n "${afters[$j]}" ] && keep[${afters[$j]}]=1
        fi
    done
    kn=() ka=() kc=()
    for ((j = 0; j < ${#names[@]}; j++)); do
        [ -n "${keep[${names[$j]}]:-}" ] || continue
        kn+=("${names[$j]}"); ka+=("${afters[$j]}"); kc+=("${cmds[$j]}")
    done
    names=("${kn[@]}") afters=("${ka[@]}") cmds=("${kc[@]}")
fi
declare -A pid_job=() pid_start=() state=() # state[NAME]: running, ok, failed
cleanup() {
    local p
    for p in "${!pid_job[@]}"; do kill -TERM -- "-$p" 2>/dev/null || kill -TERM "$p" 2>/dev/null; done
    rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
failed=() times=()
t0=$(date +%s%N)

# report JOB STATUS MILLISECONDS
report() {
    local j=$1 rc=$2 ms=$3 name=${names[$1]} secs
    secs=$(printf '%d.%d' $((ms / 1000)) $(((ms % 1000) / 100)))
    times+=("$secs $name")
    if [ "$rc" -eq 0 ]; then
        state[$name]=ok
        echo "ok $name ($secs s)"
    else
        state[$name]=failed
        failed+=("$name")
        echo "---- FAILED: $name (exit $rc, $secs s); its output:"
        cat "$tmp/$j.log"
        echo "---- end of $name"
    fi
}

started=() # started[j]=1
left=${#names[@]}
while [ "$left" -gt 0 ] || [ ${#pid_job[@]} -gt 0 ]; do
    # Start what may start, in order, up to the limit.
    for ((j = 0; j < ${#names[@]} && ${#pid_job[@]} < jobs; j++)); do
        [ -n "${started[$j]:-}" ] && continue
        a=${afters[$j]}
        if [ -n "$a" ]; then
            case "${state[$a]:-}" in
            ok) ;;
            failed)
                started[$j]=1; left=$((left - 1))
                echo "job $a failed, so ${names[$j]} did not run" >"$tmp/$j.log"
                report "$j" 1 0
                continue ;;
            *) continue ;;
            esac
        fi
        started[$j]=1; left=$((left - 1))
        state[${names[$j]}]=running
        # Its own process group (set -m), so a stop takes its children too.
        set -m
        bash -c "${cmds[$j]}" >"$tmp/$j.log" 2>&1 </dev/null &
        set +m
        pid_job[$!]=$j
        pid_start[$!]=$(date +%s%N)
    done
    if [ ${#pid_job[@]} -eq 0 ]; then
        # Nothing runs and nothing may start: an AFTER that names no job.
        for ((j = 0; j < ${#names[@]}; j++)); do
            [ -n "${started[$j]:-}" ] && continue
            started[$j]=1; left=$((left - 1))
            echo "no job ${afters[$j]} to wait for" >"$tmp/$j.log"
            report "$j" 1 0
        done
        continue
    fi
    done_pid=""
    wait -n -p done_pid "${!pid_job[@]}"
    rc=$?
    [ -n "$done_pid" ] || continue
    report "${pid_job[$done_pid]}" "$rc" $((($(date +%s%N) - pid_start[$done_pid]) / 1000000))
    unset "pid_job[$done_pid]" "pid_start[$done_pid]"
done
total=$((($(date +%s%N) - t0) / 1000000000))
echo "$label: ${#names[@]} jobs, $jobs at a time, $total s; the slowest:"
printf '%s\n' "${times[@]}" | sort -rn | head -8 | sed 's/^/    /'
if [ ${#failed[@]} -gt 0 ]; then
    echo "$label: FAILED: ${failed[*]}"
    exit 1
fi
echo "$label: ok"
