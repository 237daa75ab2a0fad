#!/usr/bin/env bash
# Builds one fuzz target with clang's libFuzzer (ASan + UBSan) and runs it for RUNS executions.
#   tests/fuzz/libfuzzer.sh TARGET RUNS BUILD_DIR SOURCE_DIR
# Only targets whose code avoids std::expected can be built: clang 14 cannot compile it from libstdc++ 12.
set -euo pipefail
target=$1 runs=$2 build=$3 src=$4
out="$build/libfuzzer"
mkdir -p "$out/corpus-$target"
bin="$out/fuzz_$target"
case "$target" in
  sam_reply) sources=("$src/drivers/idcard/sam/codec.cpp" "$src/hal/src/id_card.cpp" "$src/firmware/src/base/utf8.cpp"
                      "$src/firmware/src/base/secure_wipe.cpp" "$src/drivers/idcard/sam/codec.hpp"
                      "$src/hal/include/yici/hal/id_card_reader.hpp" "$src/firmware/src/base/utf8.hpp"
                      "$src/firmware/src/base/secure_wipe.hpp") libs=(-lsodium) ;;
  hall_answer) sources=("$src/firmware/src/hall/hall_protocol.cpp" "$src/firmware/src/hall/hall_protocol.hpp"
                        "$src/firmware/src/base/utf8.cpp" "$src/firmware/src/base/utf8.hpp")
               libs=(-lboost_json) ;;
  *) echo "libfuzzer.sh: no clang build for $target" >&2; exit 2 ;;
esac
if [ ! -x "$bin" ] || [ -n "$(find "$src/tests/fuzz/fuzz_$target.cpp" "${sources[@]}" -newer "$bin")" ]; then
  clang++ -std=c++2b -O1 -g -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined \
    -I"$src/drivers" -I"$src/hal/include" -I"$src/firmware/src" \
    "$src/tests/fuzz/fuzz_$target.cpp" $(printf '%s\n' "${sources[@]}" | grep '\.cpp$') "${libs[@]}" -o "$bin"
fi
# Grows a corpus in the build folder between runs; the seeds live in tests/fuzz/corpus/TARGET.
status=0
"$bin" -runs="$runs" -max_len=4096 -print_final_stats=1 "$out/corpus-$target" "$src/tests/fuzz/corpus/$target" \
  >"$out/$target.log" 2>&1 || status=$?
grep -E 'stat::number_of_executed_units|ERROR|SUMMARY|Done|crash-' "$out/$target.log" || true
exit "$status"
