#!/bin/bash
# Run a moat study on a Slurm cluster as a job array: task k of N runs shard k/N of the study
# (`moat ... --shard k/N`), and a merge job that starts when every task has succeeded combines
# the shards into exactly the files a one-machine run of the study writes.
#
# Submit from the moat checkout (it must be on a file system every node sees, with `npm ci`
# done, so that bin/moat.js and dist/ are there):
#
#   MOAT_ARGS="study scenarios/studies/threshold-sweep.yaml" SHARDS=8 OUT=out/threshold-sweep \
#     bash docs/cluster/slurm-array.sh
#
# Without SLURM_JOB_ID in the environment the script is the submitter: it submits itself as an
# array of SHARDS tasks, then the dependent merge job, and prints both job ids (with WAIT=1 it
# waits for the merge and exits with its status). Inside the array, SLURM_ARRAY_TASK_ID picks
# the shard. Settings (environment variables):
#   MOAT_ARGS  the study: `study <file>`, or `compare <a> <b> --seeds N`, or `sweep <s> --vary ...`,
#              or `claims ...` (e.g. `claims --global`: the merge job is then `moat claims ... --merge`)
#   SHARDS     number of array tasks (default 8)
#   OUT        the merged study directory (default out/slurm-study); shards go to $OUT.shards/<k>
#   MOAT       how to call moat (default: node bin/moat.js)
#   CPUS       CPUs per task = worker threads per shard (default 2)
#   PARTITION  Slurm partition (default: the cluster's default)
#   WAIT       1: block until the merge job ends and return its exit status
#
# A task that fails or is preempted can be rerun (scontrol requeue, or resubmit the same
# --array index): shards run with --resume, so finished runs are kept. See docs/EXPERIMENTS.md.
#SBATCH --job-name=moat-shard
#SBATCH --time=04:00:00
set -euo pipefail

MOAT_ARGS=${MOAT_ARGS:?set MOAT_ARGS, e.g. MOAT_ARGS="study scenarios/studies/threshold-sweep.yaml"}
SHARDS=${SHARDS:-8}
OUT=${OUT:-out/slurm-study}
MOAT=${MOAT:-node bin/moat.js}
CPUS=${CPUS:-2}
export MOAT_ARGS SHARDS OUT MOAT CPUS

if [ -z "${SLURM_JOB_ID:-}" ]; then
  # --- submitter -------------------------------------------------------------------------------
  mkdir -p "$OUT.logs"
  partition=()
  if [ -n "${PARTITION:-}" ]; then partition=(--partition "$PARTITION"); fi
  array_job=$(sbatch --parsable "${partition[@]}" --array="1-$SHARDS" --cpus-per-task="$CPUS" \
    --output="$OUT.logs/shard-%a.out" --export=ALL "$0")
  array_job=${array_job%%;*}
  shard_dirs=""
  for k in $(seq 1 "$SHARDS"); do shard_dirs="$shard_dirs $OUT.shards/$k"; done
  # a study merges with `moat merge <dirs>`; the claims (and their global study) with the same
  # arguments plus --merge <comma-separated dirs>, which writes the report
  if [ "${MOAT_ARGS%% *}" = claims ]; then
    comma_dirs=$(echo $shard_dirs | tr ' ' ',')
    merge_command="$MOAT $MOAT_ARGS --merge $comma_dirs --out $OUT"
  else
    merge_command="$MOAT merge$shard_dirs --out $OUT"
  fi
  wait_flag=()
  if [ "${WAIT:-0}" = 1 ]; then wait_flag=(--wait); fi
  echo "submitted array job $array_job ($SHARDS shards of: moat $MOAT_ARGS)"
  merge_job=$(sbatch --parsable "${wait_flag[@]}" "${partition[@]}" --job-name=moat-merge --cpus-per-task=1 \
    --dependency="afterok:$array_job" --kill-on-invalid-dep=yes --output="$OUT.logs/merge.out" --export=ALL \
    --wrap="$merge_command")
  merge_job=${merge_job%%;*}
  echo "merge job $merge_job runs after it: $OUT/ (logs in $OUT.logs/)"
  if [ "${WAIT:-0}" = 1 ]; then
    # sbatch --wait returns 0 for a merge job cancelled because a shard failed: ask Slurm how it ended
    state=$(scontrol show job -o "$merge_job" 2>/dev/null | grep -o 'JobState=[A-Z_]*' | cut -d= -f2 || true)
    if [ -n "$state" ] && [ "$state" != COMPLETED ]; then
      echo "merge job $merge_job ended $state (see $OUT.logs/)" >&2
      exit 1
    fi
  fi
  exit 0
fi

# --- one array task: shard k of N --------------------------------------------------------------
k=${SLURM_ARRAY_TASK_ID:?not running as an array task}
# shellcheck disable=SC2086 # MOAT and MOAT_ARGS are word lists on purpose
exec $MOAT $MOAT_ARGS --shard "$k/$SHARDS" --out "$OUT.shards/$k" --workers "${SLURM_CPUS_PER_TASK:-$CPUS}" --resume --quiet
