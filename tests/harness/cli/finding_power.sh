#!/usr/bin/env bash
# finding_power.sh ENGINESIM ENGINES_DIR MUTANTS_TXT SEEDS "STRATEGIES" "SHAPES" [NAME...]
# The finding power of `enginesim explore` with its default options and no
# per-mutant flags (issue 16): for each engine, strategy (random, pct:2,
# pct:3, mix; "default" = no --strategy) and shape (uniform = --no-swarm,
# swarm = --swarm, default = neither), the number of failing seeds out of
# 1..SEEDS, one line each:  NAME STRATEGY SHAPE FAILING SEEDS SECONDS FIRST
# (FIRST: the lowest failing seed explore printed, "-" when none failed)
# NAMEs are mutants of MUTANTS_TXT (default: every lin: mutant, the rule:notify
# mutants and the explore:none one, i.e. those a campaign without faults can
# find) or the correct engines fs_sync, fs_async, mem, ep (default: all four).
# A name list of "mutants" or "correct" selects one group.
# With FINDING_POWER_STOP_ON_FIRST=1 each campaign stops at its first failing
# seed (explore --stop-on-first): FAILING then says only whether it found one.
set -u
bin="$1"; engines="$2"; table="$3"; seeds="$4"; strategies="$5"; shapes="$6"; shift 6
work="$(mktemp -d "${TMPDIR:-/tmp}/finding_power.XXXXXX")"
trap 'rm -rf "$work"' EXIT
ep_config="max_size=1k;exp_pager_stime=30;flusher_batch=1;compaction_min_dead=32"

# NAME -> "so|config" for the correct engines and the table's mutants.
config_of() {
  case "$1" in
    fs_sync) echo "fs_engine|dir={tmpdir};mode=sync"; return ;;
    fs_async) echo "fs_engine|dir={tmpdir};mode=async"; return ;;
    mem) echo "mem_engine|"; return ;;
    ep) echo "ep_engine|dbdir={tmpdir};$ep_config"; return ;;
  esac
  awk -F ' [|] ' -v n="$1" '$1 == n {
      c = $3; gsub(/^ +| +$/, "", c)
      if ($2 == "fs_engine") c = "dir={tmpdir};" c
      else if ($2 == "ep_engine") c = "dbdir={tmpdir};" c
      print "mutant_" n "|" c }' "$table"
}
campaign_mutants() {
  awk -F ' [|] ' '!/^#/ && NF >= 5 && ($4 ~ /^lin:/ || $4 ~ /^rule:notify/ || $4 ~ /^explore:none/) { print $1 }' "$table"
}

names=("$@")
[ ${#names[@]} -eq 0 ] && names=(mutants correct)
expanded=()
for n in "${names[@]}"; do
  case "$n" in
    mutants) mapfile -t -O ${#expanded[@]} expanded < <(campaign_mutants) ;;
    correct) expanded+=(fs_sync fs_async mem ep) ;;
    *) expanded+=("$n") ;;
  esac
done

for name in "${expanded[@]}"; do
  row="$(config_of "$name")"
  [ -n "$row" ] || { echo "finding_power: unknown engine '$name' (not in $table)" >&2; exit 2; }
  so="$engines/${row%%|*}.so"; config="${row#*|}"
  [ -f "$so" ] || { echo "finding_power: $so not built" >&2; exit 2; }
  for strategy in $strategies; do
    for shape in $shapes; do
      args=(explore --engine "$so" --seeds "1..$seeds" --jobs 2 --out "$work/out")
      [ -n "$config" ] && args+=(--config "$config")
      [ "$strategy" = default ] || args+=(--strategy "$strategy")
      [ "${FINDING_POWER_STOP_ON_FIRST:-0}" = 1 ] && args+=(--stop-on-first)
      case "$shape" in
        uniform) args+=(--no-swarm) ;;
        swarm) args+=(--swarm) ;;
      esac
      start=$(date +%s)
      out="$("$bin" "${args[@]}" 2>&1)"
      secs=$(( $(date +%s) - start ))
      summary="$(grep '^summary: ' <<<"$out")"
      [ -n "$summary" ] || { printf 'finding_power: no summary for %s\n%s\n' "$name" "$out" >&2; exit 2; }
      # Every verdict but ok and incomplete is a failing seed (is_failure in
      # harness/sim/sim_session.cpp): lock_order too, which this list missed.
      failing=$(awk '{ for (i = 1; i < NF; i++) { n = $(i+1); sub(/,$/, "", n)
          if ($i ~ /^[a-z_]+$/ && $i != "ok" && $i != "incomplete" && n ~ /^[0-9]+$/) f += n } }
        END { print f + 0 }' <<<"${summary#*:*:}")
      first=$(awk '$1 == "FAIL" && $2 == "seed" { n = $3; sub(/:$/, "", n)
          if (f == "" || n + 0 < f + 0) f = n } END { print (f == "" ? "-" : f) }' <<<"$out")
      echo "$name $strategy $shape $failing $seeds $secs $first"
      rm -rf "$work/out"
    done
  done
done
