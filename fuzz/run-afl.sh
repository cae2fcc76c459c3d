#!/usr/bin/env bash
# Fuzzes one target with afl-fuzz (AFL++ 4.x): one main instance and N-1 secondaries sharing one sync folder.
# The target runs under SharpFuzz's Fuzzer.Run (wsconf fuzz afl TARGET).
# Usage: fuzz/run-afl.sh TARGET [--jobs N] [--seconds S] [--out DIR] [--name NAME] [--no-build]
# See fuzz/README.md for what each AFL_* setting is for.
set -euo pipefail

usage() { echo "usage: $0 TARGET [--jobs N] [--seconds S] [--out DIR] [--name NAME] [--no-build]" >&2; exit 2; }
[[ $# -ge 1 ]] || usage
target=$1
shift
jobs=1
seconds=0
name=main
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build_wsconf=1
out=$repo/fuzz/afl-out/$target
while [[ $# -gt 0 ]]; do
    case $1 in
        --jobs) jobs=$2; shift 2 ;;
        --seconds) seconds=$2; shift 2 ;;
        --out) out=$(realpath -m "$2"); shift 2 ;;
        --no-build) build_wsconf=0; shift ;;
        --name) name=$2; shift 2 ;;
        *) usage ;;
    esac
done

seeds=$repo/fuzz/corpus/$target
[[ -d $seeds ]] || { echo "no seed folder $seeds" >&2; exit 2; }
command -v afl-fuzz >/dev/null || { echo "afl-fuzz not found: apt-get install -y afl++" >&2; exit 2; }

build=$repo/fuzz/.build
# --no-build reuses the last build (several campaigns in a row, or a machine that only runs them).
if [[ $build_wsconf -eq 1 ]]; then
    echo "== building wsconf into $build"
    dotnet build "$repo/src/WsConformance.Cli" -c Release -o "$build" --nologo -v quiet -clp:ErrorsOnly >/dev/null
fi
wsconf=(/usr/bin/dotnet "$build/wsconf.dll")
target_command=("${wsconf[@]}" fuzz afl "$target")
# Instrument once (cached under the temp folder) so the instances don't all do it while afl-fuzz waits.
"${target_command[@]}" </dev/null

# dotnet has no AFL marker in its binary, and the .NET process is the fork server itself.
export AFL_SKIP_BIN_CHECK=1
export AFL_SKIP_CPUFREQ=1
export AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1
# Starting .NET and JIT-compiling the target takes longer than afl's default hello timeout.
export AFL_FORKSRV_INIT_TMOUT=60000
export AFL_NO_UI=1
# Each instance keeps two processes busy (afl-fuzz + dotnet); past one instance per core, don't pin.
if [[ $jobs -gt $(nproc) ]]; then
    export AFL_NO_AFFINITY=1
fi

common=(-i "$seeds" -o "$out" -x "$repo/fuzz/websocket.dict" -t 5000 -m none)
if [[ $seconds -gt 0 ]]; then
    common+=(-V "$seconds")
fi

mkdir -p "$out"
pids=()
# Instance names must be unique across every machine sharing a sync folder: --name sets this machine's prefix.
# One machine runs the main instance (--name main, the default); on the others every instance is a secondary.
role=-S
if [[ $name == main ]]; then
    role=-M
fi
afl-fuzz "$role" "$name" "${common[@]}" -- "${target_command[@]}" >"$out/$name.log" 2>&1 &
pids+=($!)
for ((i = 1; i < jobs; i++)); do
    afl-fuzz -S "$name-sec$i" "${common[@]}" -- "${target_command[@]}" >"$out/$name-sec$i.log" 2>&1 &
    pids+=($!)
done
echo "== $jobs afl-fuzz instance(s) on $target, output in $out (logs: $out/*.log)"
trap 'kill "${pids[@]}" 2>/dev/null || true' INT TERM
status=0
for pid in "${pids[@]}"; do
    wait "$pid" || status=$?
done
# afl-whatsup leaves finished instances out of its totals, so print each instance's final statistics.
for stats in "$out"/*/fuzzer_stats; do
    [[ -f $stats ]] || continue
    awk -v name="$(basename "$(dirname "$stats")")" -F' *: *' '{ v[$1] = $2 } END {
        printf "== %s: %s execs in %s s (%s/s), %s edges, %s crashes, %s hangs\n",
            name, v["execs_done"], v["run_time"], v["execs_per_sec"], v["edges_found"], v["saved_crashes"], v["saved_hangs"] }' "$stats"
done
exit $status
