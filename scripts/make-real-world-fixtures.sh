#!/usr/bin/env bash
# Regenerate the fixtures of the real-world corpus (tests/data/real-world/) in
# tests/fixtures/real-world/, with two independent implementations:
#
#   java.jsonl      Apache Avro for Java (../shared/oracle/java/java-oracle, Avro 1.8.2 from Debian):
#                   for every compilation unit of tests/data/real-world/INDEX.tsv (a file, after the
#                   files it `includes`), Java's verdict: the Parsing Canonical Form and CRC-64-AVRO
#                   fingerprint of the file's top-level schema, or Java's error.
#   datums/<file>.jsonl
#                   fastavro (../shared/oracle/avro_oracle.py through scripts/oracle.sh): DATUMS
#                   random datums {"hex": ..., "datum": ...} of the file's top-level schema, for
#                   every unit Java accepts, unless the oracle cannot make data for it (listed
#                   below with the reason; any other failure stops the script).
#   datums/index.tsv
#                   which datum file belongs to which unit, and the command that made it.
#
# Usage: scripts/make-real-world-fixtures.sh          (from any directory)
# Needs: the Java oracle's Debian packages (see ../shared/oracle/java/README.md:
#        apt-get install -y default-jdk-headless libavro-java avro-bin) and the fastavro oracle
#        (scripts/oracle.sh sets up .venv-oracle on first use). The test suite needs neither.
# Deterministic: units in INDEX.tsv order, fixed seed, fixed count.
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo"
shared="${AVRO_SHARED:-$repo/../shared}"
JAVA_ORACLE="$shared/oracle/java/java-oracle"
ORACLE=scripts/oracle.sh
SEED=42
DATUMS=20
data=tests/data/real-world
out=tests/fixtures/real-world

# Units Java accepts for which fastavro makes no datums, with the reason. A unit that fails and is
# not listed here stops the script, so a new problem is never skipped silently.
declare -A NO_DATUMS=(
    [apache__hudi/hudi-common/src/main/avro/HoodieFSPermission.avsc]="invalid default: the string \"null\" for the union [\"null\", \"boolean\"] matches no branch (fastavro rejects the schema; Java 1.8 does not check defaults)"
    [apache__hudi/hudi-common/src/main/avro/HoodieFileStatus.avsc]="includes HoodieFSPermission.avsc, whose defaults are invalid (see there)"
    [hamba__avro/cmd/avrosv/testdata/bad-default-schema.avsc]="invalid default: null for a string field (fastavro rejects the schema; Java 1.8 does not check defaults)"
    [actgardner__gogen-avro/test/default-fixed/fixed-default.avsc]="invalid default: the fixed(12) default has the code point U+0113, beyond 0-255 (fastavro does not check; see tests/data/real-world/java-differences.tsv)"
    [avro-kotlin__avro4k/kotlin-generator/src/test/resources/nested-record-default-unresolvable-fail.avsc]="invalid default: the record default {} lacks the field arr, which has no default (fastavro does not check; see tests/data/real-world/java-differences.tsv)"
    [avro-kotlin__avro4k/kotlin-generator/src/test/resources/types-across-multiple-files/union.avsc]="the oracle (avro_oracle.py random) fails with UnknownType: ns.Record on a top-level union whose branches are named types from -I includes, although fastavro's parse_schema accepts the unit"
)

# Extra generator options: bounded depth and collection sizes keep recursive schemas small.
declare -A OPTIONS=()

mkdir -p "$out/datums"
rm -f "$out"/datums/*.jsonl
java_out="$out/java.jsonl"
: > "$java_out"
datum_index="$out/datums/index.tsv"
printf 'datums\tfile\tincludes\tcount\tcommand\n' > "$datum_index"

"$ORACLE" -h > /dev/null    # creates .venv-oracle on first use
failures="$(mktemp)"
trap 'rm -f "$failures"' EXIT

tail -n +2 "$data/INDEX.tsv" | while IFS=$'\t' read -r file _repo _path _commit _license _bytes _sha includes; do
    files=()
    for inc in $includes; do files+=("$data/$inc"); done
    files+=("$data/$file")
    set +e
    stdout="$("$JAVA_ORACLE" parse "${files[@]}" 2> /tmp/java-oracle-stderr.$$)"
    status=$?
    set -e
    stderr="$(cat /tmp/java-oracle-stderr.$$)"
    rm -f /tmp/java-oracle-stderr.$$
    # One JSON line: the unit, Java's verdict, and for an accepted unit the root's canonical form
    # and fingerprint (the java-oracle prints one "file<TAB>fingerprint<TAB>canonical" line a file).
    python3 - "$file" "$includes" "$status" "$stdout" "$stderr" "$data/$file" >> "$java_out" <<'PY'
import json, sys
file, includes, status, stdout, stderr, root_path = sys.argv[1:]
entry = {"file": file, "includes": includes.split()}
if status == "0":
    lines = [l for l in stdout.splitlines() if l.strip()]
    path, rabin, canonical = lines[-1].split("\t", 2)
    assert path == root_path, (path, root_path)
    entry.update(verdict="accept", rabin=rabin, canonical=canonical)
else:
    entry.update(verdict="reject", error=stderr.strip())
print(json.dumps(entry, ensure_ascii=False, sort_keys=True))
PY
    if [[ "$status" != 0 ]]; then
        echo "java rejects $file" >&2
        continue
    fi
    if [[ -n "${NO_DATUMS[$file]:-}" ]]; then
        echo "no datums for $file: ${NO_DATUMS[$file]}" >&2
        continue
    fi
    name="${file//\//__}.jsonl"
    args=(random "$data/$file" "$DATUMS" "$SEED")
    for inc in $includes; do args+=(-I "$data/$inc"); done
    # shellcheck disable=SC2206
    args+=(${OPTIONS[$file]:-})
    if ! "$ORACLE" "${args[@]}" > "$out/datums/$name" 2> /tmp/oracle-stderr.$$; then
        echo "FAILED $file: $(tail -n 1 /tmp/oracle-stderr.$$)" >> "$failures"
        rm -f /tmp/oracle-stderr.$$ "$out/datums/$name"
        continue
    fi
    rm -f /tmp/oracle-stderr.$$
    printf '%s\t%s\t%s\t%s\t%s\n' "$name" "$file" "$includes" "$DATUMS" "scripts/oracle.sh ${args[*]}" >> "$datum_index"
done

if [[ -s "$failures" ]]; then
    cat "$failures" >&2
    echo "the fastavro oracle failed on the units above (add each to NO_DATUMS with the reason if that is right)" >&2
    exit 1
fi
echo "wrote $java_out ($(wc -l < "$java_out") units) and $(($(wc -l < "$datum_index") - 1)) datum files" >&2
