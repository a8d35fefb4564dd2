#!/usr/bin/env bash
# peer-bench.sh runs the peer benchmark's hand-written Go (gocalc, in
# ../shared/peer-plan) and the salesplan command line side by side on the
# same generated data, checks that they write the same lines and totals
# (gocalc's lines.csv and totals.csv, byte for byte), and prints the medians
# and ratios of RUNS interleaved runs of each.
#
#   scripts/peer-bench.sh [-n DEALS] [-r RUNS] [-w WORKDIR]
#
# -n  number of deals (default 100000; the payees are always 1,000 reps
#     and 50 managers)
# -r  runs of each program (default 5), interleaved: gocalc, salesplan,
#     gocalc, ...
# -w  work folder (default ${TMPDIR:-/tmp}/salesplan-peer-bench): the
#     binaries, the data (kept between runs of the script: data-N/) and
#     the outputs
#
# SALESPLAN_PEER_PLAN names the peer's folder (default ../shared/peer-plan
# beside the repository); it is only read.
#
# What is measured, per process, with /usr/bin/time -v: wall time, user +
# system CPU time and peak resident memory. gocalc also logs its phases
# (parse, calc, write) on stderr. salesplan is
#   salesplan run strategy.yaml --deals deals.csv --period FY2027-Q1 --format csv --out FILE
# on the converted inputs (internal/peerbench/peerconv convert): the
# strategy document (parsed and compiled each run) and a deals file with
# a currency column and splits as owner:0.6;partner:0.4.
set -euo pipefail

n=100000
runs=5
work=${TMPDIR:-/tmp}/salesplan-peer-bench
while getopts "n:r:w:" opt; do
	case $opt in
	n) n=$OPTARG ;;
	r) runs=$OPTARG ;;
	w) work=$OPTARG ;;
	*) echo "usage: $0 [-n DEALS] [-r RUNS] [-w WORKDIR]" >&2; exit 2 ;;
	esac
done

repo=$(cd "$(dirname "$0")/.." && pwd)
peer=${SALESPLAN_PEER_PLAN:-$repo/../shared/peer-plan}
peer=$(cd "$peer" && pwd)
bin=$work/bin
data=$work/data-$n
out=$work/out-$n
mkdir -p "$bin" "$out"

echo "building gen, gocalc (in $peer), salesplan and peerconv (in $repo)" >&2
(cd "$peer" && go build -o "$bin/gen" ./gen && go build -o "$bin/gocalc" ./gocalc)
(cd "$repo" && go build -o "$bin/salesplan" ./cmd/salesplan && go build -o "$bin/peerconv" ./internal/peerbench/peerconv)

if [ ! -s "$data/deals.csv" ]; then
	echo "generating $n deals in $data" >&2
	"$bin/gen" -deals "$n" -payees 1000 -out "$data"
fi
"$bin/peerconv" convert -data "$data" -out "$data/salesplan"

# field NAME FILE prints the value of a /usr/bin/time -v line.
field() { grep -F "$1" "$2" | sed 's/.*: //'; }
# seconds H:MM:SS.ss or M:SS.ss
seconds() { awk -F: '{ s = 0; for (i = 1; i <= NF; i++) s = s * 60 + $i; print s }'; }

for i in $(seq "$runs"); do
	echo "run $i of $runs" >&2
	/usr/bin/time -v -o "$out/time-gocalc-$i.txt" \
		"$bin/gocalc" -data "$data" -out "$out/gocalc" 2>"$out/gocalc-$i.log"
	/usr/bin/time -v -o "$out/time-salesplan-$i.txt" \
		"$bin/salesplan" run "$data/salesplan/strategy.yaml" --deals "$data/salesplan/deals.csv" \
		--period FY2027-Q1 --format csv --out "$out/salesplan.csv"
done

# The same lines and totals, byte for byte, C5 included.
"$bin/peerconv" lines -payees "$data/payees.csv" -in "$out/salesplan.csv" -out "$out/got"
same=yes
for f in lines.csv totals.csv; do
	if ! cmp -s "$out/gocalc/$f" "$out/got/$f"; then
		same=no
		echo "DIFFERENT: $out/gocalc/$f $out/got/$f" >&2
	fi
done

# One row per run: program wall_s cpu_s rss_mib, and for gocalc its phases
# parse_ms calc_ms write_ms parse_cpu_ms calc_cpu_ms write_cpu_ms.
rows=$out/runs.txt
: >"$rows"
for i in $(seq "$runs"); do
	for prog in gocalc salesplan; do
		t=$out/time-$prog-$i.txt
		wall=$(field "Elapsed (wall clock)" "$t" | seconds)
		cpu=$(awk -v u="$(field "User time" "$t")" -v s="$(field "System time" "$t")" 'BEGIN { print u + s }')
		rss=$(awk -v k="$(field "Maximum resident set size" "$t")" 'BEGIN { printf "%.1f", k / 1024 }')
		phases="- - - - - -"
		if [ $prog = gocalc ]; then
			phases=$(sed -n 's/.*parse_ms=\([0-9.]*\) calc_ms=\([0-9.]*\) write_ms=\([0-9.]*\) parse_cpu_ms=\([0-9.]*\) calc_cpu_ms=\([0-9.]*\) write_cpu_ms=\([0-9.]*\).*/\1 \2 \3 \4 \5 \6/p' "$out/gocalc-$i.log")
		fi
		echo "$prog $wall $cpu $rss $phases" >>"$rows"
	done
done

median() { # median of column $2 for program $1
	awk -v p="$1" -v c="$2" '$1 == p { print $c }' "$rows" | sort -g |
		awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

gw=$(median gocalc 2) gc=$(median gocalc 3) gr=$(median gocalc 4)
sw=$(median salesplan 2) sc=$(median salesplan 3) sr=$(median salesplan 4)
gp=$(median gocalc 5) gk=$(median gocalc 6) gx=$(median gocalc 7)
gpc=$(median gocalc 8) gkc=$(median gocalc 9) gxc=$(median gocalc 10)

echo
echo "peer plan, $n deals, 1,000 reps: medians of $runs interleaved runs"
echo "machine: $(lscpu | sed -n 's/^Model name: *//p'), $(nproc) cores; $(go version | cut -d' ' -f3-); load average now $(cut -d' ' -f1-3 /proc/loadavg)"
echo "same lines.csv and totals.csv as gocalc: $same"
echo
printf "%-34s %10s %10s %10s\n" "" "gocalc" "salesplan" "ratio"
printf "%-34s %10.2f %10.2f %9.2fx\n" "wall time, whole process (s)" "$gw" "$sw" "$(awk -v a="$sw" -v b="$gw" 'BEGIN { print a / b }')"
printf "%-34s %10.2f %10.2f %9.2fx\n" "CPU time, user + system (s)" "$gc" "$sc" "$(awk -v a="$sc" -v b="$gc" 'BEGIN { print a / b }')"
printf "%-34s %10.1f %10.1f %9.2fx\n" "peak resident memory (MiB)" "$gr" "$sr" "$(awk -v a="$sr" -v b="$gr" 'BEGIN { print a / b }')"
printf "%-34s %10.1f   CPU %7.1f\n" "gocalc parse phase (ms)" "$gp" "$gpc"
printf "%-34s %10.1f   CPU %7.1f\n" "gocalc calc phase (ms)" "$gk" "$gkc"
printf "%-34s %10.1f   CPU %7.1f\n" "gocalc write phase (ms)" "$gx" "$gxc"
echo
echo "every run: $rows (program wall_s cpu_s rss_mib; gocalc's phases parse, calc, write: wall ms, then CPU ms)"
[ $same = yes ]
