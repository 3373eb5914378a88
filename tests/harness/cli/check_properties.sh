#!/usr/bin/env bash
# check_properties.sh ENGINESIM ENGINE_DIR WORKDIR [crash]: `enginesim check`
# (the rapidcheck properties on any engine module). The reference engines
# pass; a sequential mutant, an expiry mutant (found through the generated
# clock advances) and a concurrency mutant (the split compare-and-swap) are
# each found and shrunk, with the failure printed one operation a line, and
# the one printed replay command reproduces the same shrunk case and failure;
# the base engine passes the same seed and cases. With "crash": an engine that
# dies by SIGSEGV in a decr is a counterexample of both properties naming the
# signal, and check exits 1 instead of dying.
set -u
bin="$1"; engines="$2"; work="$3"; part="${4:-main}"
rm -rf "$work"; mkdir -p "$work"; cd "$work" || exit 1
export TMPDIR="$work"  # the concurrent property keeps a failure's files here
out=""
fail() { printf 'FAIL: %s\n--- output ---\n%s\n' "$1" "$out"; exit 1; }
sync_config="dir={tmpdir};mode=sync"

# check CODE ARGS...: runs `enginesim check ARGS`, which must exit CODE.
check() {
  local want="$1"; shift
  out="$("$bin" check "$@" 2>&1)"; local code=$?
  [ "$code" = "$want" ] || fail "check $* exited $code, not $want"
}
has() { grep -Eq -- "$1" <<<"$out" || fail "no /$1/ in the output of check"; }
# The lines of one property's shrunk case: from its "shrunk" line to "why"
# or the end of its counterexample (without the kept files' names).
# (A failure's files are in a fresh directory per run: its name is masked.)
shrunk_block() {
  sed -n '/^  shrunk /,/^  \(why\|files\)/p' <<<"$1" | grep -v '^  files' |
    sed 's/enginesim-property-[A-Za-z0-9]*/enginesim-property-X/g'
}
# replays: runs the printed replay command (the last line), which must fail
# the same way: the same shrunk case, the same replay command.
replays() {
  local first="$out" cmd
  cmd="$(tail -n 1 <<<"$first")"
  grep -q -- ' check --engine .* --reproduce ' <<<"$cmd" || fail "the last line is no replay command"
  out="$(eval "$cmd" 2>&1)"; local code=$?
  [ "$code" = 1 ] || fail "the replay command exited $code, not 1: $cmd"
  grep -q 'replaying the shrunk case' <<<"$out" || fail "the replay ran more than the shrunk case"
  [ "$(shrunk_block "$out")" = "$(shrunk_block "$first")" ] ||
    fail "the replay printed another shrunk case than $(shrunk_block "$first")"
  [ "$(tail -n 1 <<<"$out")" = "$cmd" ] || fail "the replay printed another replay command"
  [ -n "$(shrunk_block "$out")" ] || fail "no shrunk case printed"
}

if [ "$part" = crash ]; then
  check 1 --engine "$engines/mutant_fs_decr_crashes.so" --config "$sync_config" --cases 100
  has '^verdict: FAILED \(sequential, concurrent\)$'
  has 'the engine died: killed by SIGSEGV( \(core dumped\))? in operation [0-9]+ \(decr '
  has '^    decr "k[0-9]" delta=[0-9]+ -> \(died: killed by SIGSEGV'
  has '^  verdict: died$'
  has 'the child died of signal 11 \(SIGSEGV'
  replays
  echo "ok: a SIGSEGV in decr is a counterexample of both properties, shrunk, replayed; exit 1"
  exit 0
fi

# The reference engines pass both properties.
check 0 --engine "$engines/mem_engine.so" --cases 30
has '^sequential: ' && has '^concurrent: ' && has '^verdict: ok$'
[ "$(grep -c '^  passed 30 cases$' <<<"$out")" = 2 ] || fail "mem: not 30 cases passed twice"
check 0 --engine "$engines/fs_engine.so" --config "$sync_config" --cases 30
[ "$(grep -c '^  passed 30 cases$' <<<"$out")" = 2 ] || fail "fs sync: not 30 cases passed twice"

# A sequential mutant: add stores over a live item.
seq=(--config "$sync_config" --property sequential --cases 300 --seed 1)
check 1 --engine "$engines/mutant_fs_add_overwrites.so" "${seq[@]}"
has '^sequential: ' && has '^  FAILED after [0-9]+ passing cases$'
has '^  shrunk case: [23] operation\(s\), with the engine.s answers:$'
has '^    add "k[0-9]" .* -> ENGINE_SUCCESS'
has '\(add [^)]*\) got ENGINE_SUCCESS[^;]*; memcached allows ENGINE_NOT_STORED'
has '^verdict: FAILED \(sequential\)$'
replays

# The token names the mutant's cases: another engine's check refuses it.
token="$(sed -n 's/.* --reproduce \([^ ]*\)$/\1/p' <<<"$out" | tail -n 1)"
check 2 --engine "$engines/fs_engine.so" "${seq[@]}" --reproduce "$token"
has "--reproduce names no case of fs_engine's properties"

# An expiry mutant: an item outlives its exptime by a second. Reached only
# through a store with an exptime and a generated clock advance.
check 1 --engine "$engines/mutant_fs_expiry_off_by_one.so" "${seq[@]}"
has '^  shrunk case: [2-4] operation\(s\)'
has '^    (set|add|replace|cas|incr|decr) .*exptime='
has '^    advance_time to=[0-9]+ -> '
has 'memcached allows ENGINE_KEY_ENOENT'
replays
check 0 --engine "$engines/fs_engine.so" "${seq[@]}"  # the base passes the same cases

# A concurrency mutant: a CAS store compares, lets the lock go, then swaps.
lin=(--config "$sync_config" --property concurrent --mix get,cas --cases 300 --seed 2)
check 1 --engine "$engines/mutant_fs_cas_not_atomic.so" "${lin[@]}"
has '^concurrent: .*; mix get,cas$'
has '^  shrunk counterexample: [0-9]+ operations on [2-4] connections$'
has '^    connection 2:$'
has '^      cas k[0-9]+ '
has '^    schedule \(decision i takes option list\[i mod size\] mod count\):'
has 'is not linearizable'
has 'lost update: '
has '^verdict: FAILED \(concurrent\)$'
replays
check 0 --engine "$engines/fs_engine.so" "${lin[@]}"
echo "ok: mem and fs pass; add_overwrites, expiry_off_by_one (clock advances) and cas_not_atomic found, shrunk and replayed; fs passes their seeds"
