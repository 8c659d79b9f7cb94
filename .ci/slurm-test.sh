#!/usr/bin/env bash
# A real Slurm cluster on this machine runs a moat study as a job array, and the merged shards
# must be byte-identical to the same study run on one machine.
#   1. installs Slurm and MUNGE from Debian's packages when they are missing;
#   2. writes a single-node slurm.conf for this machine (its hostname, CPUs, and memory from
#      /proc/meminfo) in a private directory, on private ports, and starts munged, slurmctld and
#      slurmd (stopped again on exit);
#   3. submits the study through docs/cluster/slurm-array.sh (an array of 3 shards and a merge
#      job that depends on it) and waits for the merge;
#   4. runs the same study with one process and compares every file with cmp.
# Exits non-zero on any failure or difference. Takes about a minute (more on a fresh machine,
# for the install). Needs root, `npm ci` done, and dist/ built (npm run build).
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
START=$(date +%s)
WORK=$(mktemp -d /tmp/moat-slurm.XXXXXX)
chmod 755 "$WORK"
STUDY="$ROOT/test/experiment/fixtures/slurm-sweep.yaml"
SHARDS=3
log() { echo "slurm-test: $*"; }
fail() { echo "slurm-test: FAIL: $*" >&2; exit 1; }

[ "$(id -u)" = 0 ] || fail "needs root (to install and start Slurm)"
# one test cluster at a time on this machine (fixed ports, one munged)
exec 9>/tmp/moat-slurm-test.lock
flock 9
[ -f "$ROOT/dist/sim/cli/main.js" ] || fail "dist/ is missing: run npm run build first"

# --- 1. install ----------------------------------------------------------------------------------
if ! command -v sbatch >/dev/null || ! command -v slurmctld >/dev/null || ! command -v slurmd >/dev/null || ! command -v munged >/dev/null; then
  log "installing slurmctld, slurmd, slurm-client, munge (Debian packages)"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null
  apt-get install -y -qq --no-install-recommends slurmctld slurmd slurm-client munge >/dev/null
fi

# --- 2. configure and start a one-node cluster ----------------------------------------------------
HOST=$(hostname -s)
CPUS=$(nproc)
MEM_MB=$(awk '/^MemTotal:/ { print int($2 / 1024) }' /proc/meminfo)
mkdir -p "$WORK/state" "$WORK/spool" "$WORK/log"
export SLURM_CONF="$WORK/slurm.conf"
cat > "$SLURM_CONF" <<CONF
# single-node test cluster written by .ci/slurm-test.sh
ClusterName=moatci
SlurmctldHost=$HOST
SlurmctldPort=16817
SlurmdPort=16818
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
StateSaveLocation=$WORK/state
SlurmdSpoolDir=$WORK/spool
SlurmctldPidFile=$WORK/slurmctld.pid
SlurmdPidFile=$WORK/slurmd.pid
SlurmctldLogFile=$WORK/log/slurmctld.log
SlurmdLogFile=$WORK/log/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
SchedulerType=sched/backfill
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
MpiDefault=none
ReturnToService=2
SlurmctldTimeout=30
SlurmdTimeout=30
InactiveLimit=0
KillWait=5
MinJobAge=300
NodeName=$HOST CPUs=$CPUS RealMemory=$MEM_MB State=UNKNOWN
PartitionName=moat Nodes=$HOST Default=YES MaxTime=INFINITE State=UP
CONF

started_munged=0
cleanup() {
  local status=$?
  local pids=()
  for daemon in slurmd slurmctld; do
    if [ -s "$WORK/$daemon.pid" ]; then pids+=("$(cat "$WORK/$daemon.pid")"); fi
  done
  if [ "$started_munged" = 1 ] && [ -s /run/munge/munged.pid ]; then pids+=("$(cat /run/munge/munged.pid)"); fi
  # stop the daemons and wait until they are gone, so a next run finds the ports free
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do
    for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$pid" 2>/dev/null || true
  done
  if [ "$status" != 0 ]; then
    echo "--- slurmctld.log (tail) ---" >&2; tail -n 30 "$WORK/log/slurmctld.log" 2>/dev/null >&2 || true
    echo "--- slurmd.log (tail) ---" >&2; tail -n 30 "$WORK/log/slurmd.log" 2>/dev/null >&2 || true
    for f in "$WORK"/out/study.logs/*.out; do [ -f "$f" ] && { echo "--- $f ---" >&2; cat "$f" >&2; }; done
    echo "slurm-test: work directory kept: $WORK" >&2
  else
    rm -rf "$WORK"
  fi
  exit "$status"
}
trap cleanup EXIT

if ! munge -n 2>/dev/null | unmunge >/dev/null 2>&1; then
  log "starting munged"
  if [ ! -s /etc/munge/munge.key ]; then
    mkdir -p /etc/munge
    dd if=/dev/urandom of=/etc/munge/munge.key bs=1 count=1024 status=none
  fi
  chown -R munge:munge /etc/munge && chmod 700 /etc/munge && chmod 400 /etc/munge/munge.key
  mkdir -p /run/munge /var/lib/munge /var/log/munge
  chown munge:munge /run/munge /var/lib/munge /var/log/munge
  runuser -u munge -- /usr/sbin/munged --force
  started_munged=1
  for _ in $(seq 1 50); do munge -n 2>/dev/null | unmunge >/dev/null 2>&1 && break; sleep 0.1; done
  munge -n | unmunge >/dev/null || fail "munged did not start"
fi

log "starting slurmctld and slurmd ($HOST, $CPUS CPUs, ${MEM_MB} MB)"
slurmctld -f "$SLURM_CONF" -i
slurmd -f "$SLURM_CONF"
state=""
for _ in $(seq 1 100); do
  state=$(sinfo -h -n "$HOST" -o %T 2>/dev/null | head -n 1 || true)
  case "$state" in
    idle*|mixed*|allocated*) break ;;
    down*|drain*) scontrol update NodeName="$HOST" State=RESUME 2>/dev/null || true ;;
  esac
  sleep 0.2
done
case "$state" in idle*|mixed*|allocated*) ;; *) fail "node $HOST not ready (state: ${state:-unknown})" ;; esac
log "cluster up in $(( $(date +%s) - START ))s"

# --- 3. the study as a job array, then the merge ------------------------------------------------
cd "$ROOT"
log "submitting $SHARDS shards and the merge job"
MOAT_ARGS="study $STUDY" SHARDS=$SHARDS OUT="$WORK/out/study" MOAT="node $ROOT/bin/moat.js" CPUS=1 WAIT=1 \
  timeout 300 bash docs/cluster/slurm-array.sh || fail "the job array or the merge job failed"
[ -f "$WORK/out/study/manifest.json" ] || fail "the merge job wrote no manifest.json"
for k in $(seq 1 $SHARDS); do
  [ -f "$WORK/out/study.shards/$k/.runs/study.json" ] || fail "shard $k left no checkpoint"
done

# --- 4. the same study on one machine, compared byte for byte ------------------------------------
log "running the same study in one process"
node "$ROOT/bin/moat.js" study "$STUDY" --out "$WORK/out/one" --quiet >/dev/null
(cd "$WORK/out/one" && find . -type f | sort) > "$WORK/one.files"
(cd "$WORK/out/study" && find . -type f | sort) > "$WORK/merged.files"
diff -u "$WORK/one.files" "$WORK/merged.files" || fail "the merged study has different files from the one-machine study"
count=0
while read -r file; do
  cmp "$WORK/out/one/$file" "$WORK/out/study/$file" || fail "$file differs between the merged shards and the one-machine study"
  count=$((count + 1))
done < "$WORK/one.files"
[ "$count" -gt 5 ] || fail "expected the study's files, found $count"

log "PASS: $SHARDS-task Slurm array merged to the one-machine bytes ($count files identical) in $(( $(date +%s) - START ))s"
