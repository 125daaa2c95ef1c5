#!/usr/bin/env bash
# Register import benchmark (issue 4): generates N households, then in one run times
#   1. sqlite3's .import of the same csv files into bare tables (the yardstick), and
#   2. `jingzhun import` into a fresh SQLite database holding the demo county's regions,
# and, when BENCH_POSTGRES_URL is set, the same import into PostgreSQL.
# Peak memory by /usr/bin/time. Usage: scripts/bench-import.sh [HOUSEHOLDS] [WORKDIR]
# Build first: swift build -c release --product jingzhun
set -euo pipefail
N="${1:-100000}"
WORK="${2:-/tmp/jingzhun-bench-$N}"
BIN="${JINGZHUN_BIN:-$(swift build -c release --show-bin-path)/jingzhun}"
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
command -v sqlite3 >/dev/null || { echo "需要 sqlite3 命令（apt-get install sqlite3）"; exit 1; }
[ -x /usr/bin/time ] || { echo "需要 /usr/bin/time（apt-get install time）"; exit 1; }
mkdir -p "$WORK"
measure() { # label, command…
    local label="$1"; shift
    /usr/bin/time -f "%e %M" -o "$WORK/time.txt" "$@" > "$WORK/out.txt" 2>&1 || { cat "$WORK/out.txt"; exit 1; }
    read -r secs kb < "$WORK/time.txt"
    printf '| %s | %s s | %d MB |\n' "$label" "$secs" "$((kb / 1024))"
}
if [ ! -f "$WORK/gen/户信息.csv" ]; then
    measure "jingzhun generate $N" "$BIN" generate --households "$N" --seed 1 --encoding utf8 --out "$WORK/gen"
fi
H=$(($(wc -l < "$WORK/gen/户信息.csv") - 1)); M=$(($(wc -l < "$WORK/gen/家庭成员.csv") - 1))
echo "输入：$H 户，$M 名成员（$(du -sh "$WORK/gen" | cut -f1)）"
echo "| 步骤 | 时间 | 峰值内存 |"
echo "|---|---|---|"
rm -f "$WORK/bare.sqlite"
measure "sqlite3 .import（裸表）" sqlite3 "$WORK/bare.sqlite" -cmd ".mode csv" \
    ".import '$WORK/gen/户信息.csv' households" ".import '$WORK/gen/家庭成员.csv' members"
rm -f "$WORK/jz.sqlite"*
"$BIN" region import --db "$WORK/jz.sqlite" "$ROOT/data/zhenping-regions.csv" > /dev/null
measure "jingzhun import → SQLite" "$BIN" import --db "$WORK/jz.sqlite" --year 2020 \
    "$WORK/gen/村信息.csv" "$WORK/gen/户信息.csv" "$WORK/gen/家庭成员.csv"
tail -1 "$WORK/out.txt"
if [ -n "${BENCH_POSTGRES_URL:-}" ]; then
    "$BIN" region import --db "$BENCH_POSTGRES_URL" "$ROOT/data/zhenping-regions.csv" > /dev/null
    measure "jingzhun import → PostgreSQL" "$BIN" import --db "$BENCH_POSTGRES_URL" --year 2020 \
        "$WORK/gen/村信息.csv" "$WORK/gen/户信息.csv" "$WORK/gen/家庭成员.csv"
fi
