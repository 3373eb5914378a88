#!/usr/bin/env bash
# swarm_replay.sh ENGINESIM FS_ENGINE GET_MUTANT WORKDIR: swarm testing and the strategy
# mix (issue 16). A --swarm seed prints its drawn shape, records it in the
# schedule file and replays to the same trace hash; the same seed draws the
# same shape again; an explicit --keys fixes that dimension and leaves the
# others of the seed's shape alone; --strategy mix picks random, pct:2, pct:3
# by seed mod 3; explore prints a failing seed's strategy and shape and its
# schedule replays; --swarm with --no-swarm is a usage error.
set -u
bin="$1"; fs="$2"; get_mutant="$3"; work="$4"
rm -rf "$work"; mkdir -p "$work"; cd "$work" || exit 1
fail() { printf 'FAIL: %s\n--- output ---\n%s\n' "$1" "${out:-}"; exit 1; }
base=(run --engine "$fs" --config "dir={tmpdir};mode=sync")
shape_of() { sed -n 's/^swarm shape: //p' <<<"$1"; }
hash_of() { sed -n 's/^trace-hash: //p' <<<"$1"; }

out="$("$bin" "${base[@]}" --swarm --seed 11 --strategy random --record a.schedule 2>&1)"
shape="$(shape_of "$out")"; hash="$(hash_of "$out")"
[ -n "$shape" ] || fail "run --swarm printed no 'swarm shape:' line"
[ -n "$hash" ] || fail "run printed no trace hash"
grep -q "^meta swarm-shape $shape\$" a.schedule || fail "the schedule file does not record the shape"
out="$("$bin" replay a.schedule 2>&1)"
[ "$(shape_of "$out")" = "$shape" ] || fail "replay did not print the recorded shape"
grep -q "^trace-hash: $hash (recorded $hash: same" <<<"$out" || fail "the replay did not reproduce trace-hash $hash"
out="$("$bin" "${base[@]}" --swarm --seed 11 --strategy random 2>&1)"
[ "$(shape_of "$out")" = "$shape" ] || fail "seed 11 drew another shape the second time"
[ "$(hash_of "$out")" = "$hash" ] || fail "seed 11 ran another trace the second time"

# Shapes differ between seeds (10 seeds, at least 5 distinct shapes).
n=$(for s in $(seq 1 10); do
      shape_of "$("$bin" "${base[@]}" --swarm --seed "$s" --strategy random 2>&1)"
    done | sort -u | wc -l)
[ "$n" -ge 5 ] || fail "10 seeds drew only $n distinct shapes"

# --keys 1 fixes the keys; the rest of seed 11's shape stays.
out="$("$bin" "${base[@]}" --swarm --seed 11 --strategy random --keys 1 2>&1)"
fixed="$(shape_of "$out")"
grep -q ', 1 key, ' <<<"$fixed" || fail "--keys 1 did not fix one key: $fixed"
[ "$(sed 's/, [0-9]* keys\?, /, K, /' <<<"$fixed")" = "$(sed 's/, [0-9]* keys\?, /, K, /' <<<"$shape")" ] ||
  fail "--keys changed other dimensions: '$shape' became '$fixed'"

# With --no-swarm no shape is drawn.
out="$("$bin" "${base[@]}" --no-swarm --seed 11 --strategy random 2>&1)"
[ -z "$(shape_of "$out")" ] || fail "--no-swarm drew a shape"

# --strategy mix: seed mod 3 = 0 random, 1 pct:2, 2 pct:3 (with K measured).
for pair in 3:random 4:pct:2: 5:pct:3:; do
  seed="${pair%%:*}"; want="${pair#*:}"
  out="$("$bin" "${base[@]}" --strategy mix --seed "$seed" 2>&1)"
  grep -q "^run: seed $seed, strategy $want" <<<"$out" || fail "mix gave seed $seed not $want"
done

# explore --strategy mix with swarm (the default): seed 713 of the mutant
# whose gets swap answers fails under pct:3 (713 mod 3 = 2) with a one-key
# shape; the failure line names both and the recorded schedule replays it.
out="$("$bin" explore --engine "$get_mutant" --config "dir={tmpdir};mode=async" --seeds 713 \
  --strategy mix --jobs 1 --out fails 2>&1)"
grep -q '^  seed 713: strategy pct:3:[0-9]*, swarm shape: .* 1 key, mix .*get' <<<"$out" ||
  fail "explore did not print seed 713's strategy and shape"
grep -q 'confirmed: a second run of the recorded schedule repeats' <<<"$out" || fail "not confirmed"
out="$("$bin" replay fails/seed-713.schedule 2>&1)"
[ $? -eq 1 ] || fail "the replay of seed 713 did not fail again"
grep -q '^replay: .*strategy pct:3:' <<<"$out" || fail "the schedule does not hold the seed's strategy"

out="$("$bin" "${base[@]}" --swarm --no-swarm --seed 1 2>&1)"
[ $? -eq 2 ] || fail "--swarm --no-swarm did not exit 2"
grep -q 'contradict' <<<"$out" || fail "--swarm --no-swarm did not say why"
echo "swarm_replay: ok"
