#!/usr/bin/env bash
# Fuzzes one target with libFuzzer: the driver fuzz/libfuzzer/wsconf-libfuzzer.c (built by wsconf with clang
# -fsanitize=fuzzer) runs the .NET target as its child under SharpFuzz's Fuzzer.LibFuzzer.Run.
# Usage: fuzz/run-libfuzzer.sh TARGET [--fork N] [--seconds S] [--out DIR] [--no-build] [-- MORE LIBFUZZER FLAGS]
# New inputs go to OUT/corpus (seeded from fuzz/corpus/TARGET), crashes to OUT/crash-*. See fuzz/README.md.
set -euo pipefail

usage() { echo "usage: $0 TARGET [--fork N] [--seconds S] [--out DIR] [--no-build] [-- MORE LIBFUZZER FLAGS]" >&2; exit 2; }
[[ $# -ge 1 ]] || usage
target=$1
shift
fork=0
seconds=0
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build_wsconf=1
out=$repo/fuzz/libfuzzer-out/$target
extra=()
while [[ $# -gt 0 ]]; do
    case $1 in
        --fork) fork=$2; shift 2 ;;
        --seconds) seconds=$2; shift 2 ;;
        --out) out=$(realpath -m "$2"); shift 2 ;;
        --no-build) build_wsconf=0; shift ;;
        --) shift; extra=("$@"); break ;;
        *) usage ;;
    esac
done

seeds=$repo/fuzz/corpus/$target
[[ -d $seeds ]] || { echo "no seed folder $seeds" >&2; exit 2; }
command -v clang >/dev/null || { echo "clang not found: apt-get install -y clang libclang-rt-14-dev" >&2; exit 2; }

build=$repo/fuzz/.build
# --no-build reuses the last build (several campaigns in a row, or a machine that only runs them).
if [[ $build_wsconf -eq 1 ]]; then
    echo "== building wsconf into $build"
    dotnet build "$repo/src/WsConformance.Cli" -c Release -o "$build" --nologo -v quiet -clp:ErrorsOnly >/dev/null
fi

mkdir -p "$out/corpus"
flags=(-dict="$repo/fuzz/websocket.dict" -artifact_prefix="$out/" -timeout=5 -rss_limit_mb=0)
if [[ $fork -gt 0 ]]; then
    flags+=(-fork="$fork")
fi
if [[ $seconds -gt 0 ]]; then
    flags+=(-max_total_time="$seconds")
fi
echo "== libFuzzer on $target, corpus $out/corpus, artifacts in $out"
# The first corpus folder receives new inputs; the seeds are only read.
exec /usr/bin/dotnet "$build/wsconf.dll" fuzz libfuzzer "$target" -- "${flags[@]}" "${extra[@]}" "$out/corpus" "$seeds"
