#!/usr/bin/env bash
# Regenerate tests/fixtures/resolution/ (schema-resolution fixtures) with the fastavro oracle
# (../shared/oracle, run through scripts/oracle.sh), and the "Resolution fixtures" section of
# tests/fixtures/README.md.
#
# Usage: scripts/make-resolution-fixtures.sh
#
# Every pair is a writer schema and a reader schema. For each pair:
#   ok:    writer datums = `oracle.sh random writer.avsc 20 42`, the reader's view of their bytes =
#          `oracle.sh decode writer.avsc reader.avsc` (fastavro's schema resolution);
#   error: writer datums as above (for data-dependent failures: the first 20 of 200 random datums
#          that hit the failing case), each decoded alone with the reader; every one must fail,
#          all with the same fastavro message, which goes to expected-error.txt.
# Every pair is also given to the Apache avro checker (`oracle.sh compat writer reader`); its
# verdict is recorded in the README next to fastavro's outcome.
#
# Deterministic: fixed seed, fixed list of pairs. The result depends only on the schemas (files
# in schemas/ and tests/data/project/{compat,resolution}-cases.jsonl, inline ones below), the
# oracle script, the pinned Python packages and the CPython version (README records them).
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo"

ORACLE=scripts/oracle.sh
SEED=42
COUNT=20     # datums per pair
POOL=200     # random datums searched for ones that trigger a data-dependent failure
out=tests/fixtures/resolution
readme=tests/fixtures/README.md
COMPAT_CASES=tests/data/project/compat-cases.jsonl
RESOLUTION_CASES=tests/data/project/resolution-cases.jsonl

"$ORACLE" -h >/dev/null          # creates .venv-oracle on first use
py="$repo/.venv-oracle/bin/python"

# ---- schemas written for this file (not in the Apache test cases) ----------------------------
declare -A INLINE=(
    # Fields in another order at two levels, a nested record, a reader-only field with default.
    [reordered-writer]='{"type":"record","name":"Customer","namespace":"com.example.crm","fields":[{"name":"id","type":"long"},{"name":"name","type":"string"},{"name":"address","type":{"type":"record","name":"Address","fields":[{"name":"street","type":"string"},{"name":"city","type":"string"},{"name":"country","type":"string"}]}},{"name":"active","type":"boolean"}]}'
    [reordered-reader]='{"type":"record","name":"Customer","namespace":"com.example.crm","fields":[{"name":"active","type":"boolean"},{"name":"address","type":{"type":"record","name":"Address","fields":[{"name":"country","type":"string"},{"name":"postcode","type":["null","string"],"default":null},{"name":"city","type":"string"},{"name":"street","type":"string"}]}},{"name":"name","type":"string"},{"name":"id","type":"long"}]}'
    # Reader unions with more branches than the writer's; a plain writer field made optional.
    # The reader unions have no exact-match branch after a promotable one (see the oracle README).
    [union-widening-writer]='{"type":"record","name":"Measurement","namespace":"com.example.metrics","fields":[{"name":"value","type":["null","int"]},{"name":"unit","type":["null","string"]},{"name":"sensor","type":"string"}]}'
    [union-widening-reader]='{"type":"record","name":"Measurement","namespace":"com.example.metrics","fields":[{"name":"value","type":["null","long","double"]},{"name":"unit","type":["null","string","bytes"]},{"name":"sensor","type":["null","string"],"default":null}]}'
)

# ---- the pairs -------------------------------------------------------------------------------
# name | outcome (ok/error) | writer | reader | options | note
#   writer/reader: a schema file, compat:ID (compat-cases.jsonl), resolution:ID
#                  (resolution-cases.jsonl) or inline:KEY (INLINE above)
#   options: gen=reader   make the random datums with the reader schema and read their bytes as
#                         writer datums (bytes->string: random bytes are rarely valid UTF-8)
#            filter=EXPR  Python expression on the writer datum `d` (Avro JSON); only datums for
#                         which it is true are kept (data-dependent failures)
#            count=N      N datums instead of COUNT (so that every writer union branch occurs)
#            random=ARGS  extra options for `oracle.sh random` (e.g. a deeper --max-depth, so that
#                         unions nested deeper than 4 levels are not always null)
#   (several options: separated by ";")
PAIRS=()
for w in 1 2 3; do
    for r in 1 2 3; do
        lo=$((w < r ? w + 1 : r + 1)) hi=$((w < r ? r : w))
        added="v$lo"; [[ $lo -lt $hi ]] && added="v$lo and v$hi"
        if [[ $w -lt $r ]]; then note="newer reader: the fields added in $added take their defaults"
        elif [[ $w -gt $r ]]; then note="older reader: the writer fields added in $added are skipped"
        else note="same schema"; fi
        PAIRS+=("log_event-v$w-to-v$r|ok|schemas/log_event/v$w.avsc|schemas/log_event/v$r.avsc||$note")
    done
done
PAIRS+=(
    "user_event-v1-to-v2|ok|schemas/user_event/v1.avsc|schemas/user_event/v2.avsc||ts read as occurred_at through its alias; properties = {} (default)"
    "user_event-v1-to-v3|ok|schemas/user_event/v1.avsc|schemas/user_event/v3.avsc||alias ts->occurred_at, user_id int->long, properties and session_id defaults"
    "user_event-v2-to-v3|ok|schemas/user_event/v2.avsc|schemas/user_event/v3.avsc||user_id int->long, session_id default"
    "user_event-v2-to-v1|error|schemas/user_event/v2.avsc|schemas/user_event/v1.avsc||v1 field ts has no default and no alias for occurred_at"
    "user_event-v3-to-v1|error|schemas/user_event/v3.avsc|schemas/user_event/v1.avsc||long user_id cannot be read as int (and ts is missing)"
    "user_event-v3-to-v2|error|schemas/user_event/v3.avsc|schemas/user_event/v2.avsc||long user_id cannot be read as int"

    "compat-003-int-to-long|ok|compat:3|compat:3||promotion"
    "compat-005-int-to-float|ok|compat:5|compat:5||promotion (rounded to single precision)"
    "compat-006-long-to-float|ok|compat:6|compat:6||promotion (rounded to single precision)"
    "compat-007-long-to-double|ok|compat:7|compat:7||promotion"
    "compat-008-int-to-double|ok|compat:8|compat:8||promotion"
    "compat-009-float-to-double|ok|compat:9|compat:9||promotion"
    "compat-013-int-array-to-long-array|ok|compat:13|compat:13||promotion inside array items"
    "compat-015-int-map-to-long-map|ok|compat:15|compat:15||promotion inside map values"
    "compat-018-enum-to-enum-with-default|ok|compat:18|compat:18||writer symbol C unknown to the reader -> reader enum default A"
    "compat-021-enum-other-namespace|ok|compat:21|compat:21||named types match by unqualified name"
    "compat-022-bytes-to-string|ok|compat:22|compat:22|gen=reader|bytes read as string (datums are valid UTF-8)"
    "compat-023-string-to-bytes|ok|compat:23|compat:23||string read as bytes"
    "compat-026-int-union-to-float-union|ok|compat:26|compat:26||promotion inside a one-branch union"
    "compat-028-int-long-union-to-float-union|ok|compat:28|compat:28||both writer branches promoted to the one reader branch"
    "compat-030-string-int-union-to-int-string-union|ok|compat:30|compat:30||union branches reordered"
    "compat-033-int-union-to-long-union|ok|compat:33|compat:33||promotion inside a union"
    "compat-041-int-float-union-to-double-union|ok|compat:41|compat:41||both writer branches promoted"
    "compat-043-int-long-union-to-long|ok|compat:43|compat:43||writer union, reader not a union"
    "compat-045-numeric-union-to-double|ok|compat:45|compat:45|count=40|writer union int/long/float/double, reader double"
    "compat-047-int-to-int-union|ok|compat:47|compat:47||writer not a union, reader union"
    "compat-048-int-union-to-int|ok|compat:48|compat:48||writer union, reader not a union"
    "compat-057-field-removed|ok|compat:57|compat:57||writer field b skipped"
    "compat-059-field-added-with-default|ok|compat:59|compat:59||reader field b takes its default 0"
    "compat-060-empty-record-to-defaults|ok|compat:60|compat:60||zero-byte datums; every reader field from its default"
    "compat-068-enum-default-beats-field-default|ok|compat:68|compat:68||unknown symbol C -> enum default B, not field default A"
    "compat-069-nested-record-other-namespace|ok|compat:69|compat:69||record inside array inside union; namespaces ns2 -> ns1"
    "compat-070-namespaced-to-plain-record|ok|compat:70|compat:70||record ns.Record read as Record"
    "compat-072-reader-drops-first-field|ok|compat:72|compat:72||writer field oldfield1 skipped"
    "compat-074-field-added-and-removed|ok|compat:74|compat:74||oldfield2 skipped, newfield1 = 42 (default)"
    "compat-082-field-alias|ok|compat:82|compat:82||writer f1 read as bar (reader alias), f2 skipped"
    "compat-083-record-alias|ok|compat:83|compat:83||writer record foo read as other (reader record alias)"
    "resolution-017-nested-map-union-record|ok|resolution:17|resolution:17|random=--max-depth 6|nested map of union of record; long dropped, long_r2 = null (default)"
    "project-reordered-nested-fields|ok|inline:reordered-writer|inline:reordered-reader||fields reordered at two levels, reader-only field postcode = null"
    "project-union-widening|ok|inline:union-widening-writer|inline:union-widening-reader||[null,int]->[null,long,double] (int->long), [null,string]->[null,string,bytes], string->[null,string]"

    "compat-075-reader-field-without-default|error|compat:75|compat:75||reader field newfield1 has no default"
    "compat-077-array-to-map|error|compat:77|compat:77||array cannot be read as map"
    "compat-081-null-into-required-field|error|compat:81|compat:81|filter=d['age'] is None|writer union branch null, reader int (only null datums fail)"
    "compat-089-long-to-int|error|compat:89|compat:89||no long->int narrowing"
    "compat-112-union-branch-missing|error|compat:112|compat:112|filter=d is not None and 'string' in d|writer branch string not in reader union (only string datums fail)"
    "compat-129-enum-name-mismatch|error|compat:129|compat:129||enum Enum2 read as Enum1"
    "compat-133-fixed-size-mismatch|error|compat:133|compat:133||fixed(8) read as fixed(4)"
    "compat-137-enum-symbol-missing|error|compat:137|compat:137|filter=d == 'C'|symbol C, reader enum without default (only C datums fail)"
    "compat-139-record-enum-symbol-missing|error|compat:139|compat:139|filter=d['field1'] == 'C'|same inside a record (only C datums fail)"
    "resolution-015-field-default-not-for-unknown-symbol|error|resolution:15|resolution:15|filter=d['field1'] == 'C'|unknown symbol C: a field default is not an enum default"
    "resolution-016-enum-default-not-for-missing-field|error|resolution:16|resolution:16||reader field1 missing in the writer, no field default (enum default does not count)"
)

# ---- helpers ---------------------------------------------------------------------------------
# Write the schema named by SPEC (role writer/reader) to OUT; print its source description.
materialise() {
    local spec="$1" role="$2" dest="$3"
    case "$spec" in
        compat:*|resolution:*)
            "$py" - "$spec" "$role" "$dest" "$COMPAT_CASES" "$RESOLUTION_CASES" <<'PY'
import json, sys
spec, role, dest, compat, resolution = sys.argv[1:]
kind, ident = spec.split(":")
path = compat if kind == "compat" else resolution
with open(path, encoding="utf-8") as f:
    case = next(c for c in map(json.loads, f) if c["id"] == int(ident))
with open(dest, "w", encoding="utf-8") as f:
    f.write(json.dumps(case[role], ensure_ascii=False, separators=(",", ":")) + "\n")
PY
            ;;
        inline:*)
            printf '%s\n' "${INLINE[${spec#inline:}]}" >"$dest"
            ;;
        *)
            cp "$spec" "$dest"
            ;;
    esac
}

describe() {   # source column for index.tsv
    local w="$1" r="$2"
    case "$w" in
        compat:*)
            "$py" - "${w#compat:}" "$COMPAT_CASES" <<'PY'
import json, sys
ident, path = int(sys.argv[1]), sys.argv[2]
with open(path, encoding="utf-8") as f:
    c = next(c for c in map(json.loads, f) if c["id"] == ident)
print(f"compat-cases.jsonl #{ident} {c['writer_name']} -> {c['reader_name']}")
PY
            ;;
        resolution:*) echo "resolution-cases.jsonl #${w#resolution:}" ;;
        inline:*) echo "project: scripts/make-resolution-fixtures.sh INLINE ${w#inline:} -> ${r#inline:}" ;;
        *) echo "$w -> $r" ;;
    esac
}

# Keep the datums (lines of $1 json / $2 hex) whose writer datum satisfies EXPR; first COUNT.
filter_datums() {
    "$py" - "$1" "$2" "$3" "$4" "$5" "$COUNT" <<'PY'
import json, sys
jpath, hpath, expr, jout, hout, count = sys.argv[1:]
code = compile(expr, "filter", "eval")
with open(jpath, encoding="utf-8") as jf, open(hpath, encoding="ascii") as hf:
    js, hs = jf.read().split("\n")[:-1], hf.read().split("\n")[:-1]
kept = [(j, h) for j, h in zip(js, hs) if eval(code, {"d": json.loads(j)})][: int(count)]
if not kept:
    sys.exit(f"filter {expr!r} kept no datum")
with open(jout, "w", encoding="utf-8") as jf, open(hout, "w", encoding="ascii") as hf:
    for j, h in kept:
        jf.write(j + "\n"), hf.write(h + "\n")
PY
}

md_cell() { local s="${1//|/\\|}"; printf '%s' "$s"; }

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/out"

declare -a ROWS=()       # pair \t writer \t reader \t outcome \t datums \t source
declare -a DOCROWS=()    # pair \t outcome \t datums \t apache \t agrees \t note \t options
declare -A APACHE=()     # pair -> yes/no
declare -A ERRORS=()     # pair -> message

echo "make-resolution-fixtures: generating into $out/" >&2
for p in "${PAIRS[@]}"; do
    IFS='|' read -r name outcome wspec rspec opts note <<<"$p"
    d="$tmp/out/$name"
    mkdir -p "$d"
    materialise "$wspec" writer "$d/writer.avsc"
    materialise "$rspec" reader "$d/reader.avsc"
    W="$d/writer.avsc" R="$d/reader.avsc"
    work="$tmp/work-$name"
    mkdir -p "$work"

    # Apache checker verdict (exit 1 = incompatible).
    if "$ORACLE" compat "$W" "$R" >"$work/compat.json"; then APACHE[$name]=yes; else APACHE[$name]=no; fi

    # Writer datums and their bytes.
    gen="$W" n=$COUNT
    filter=""
    extra=()
    IFS=';' read -r -a optlist <<<"$opts"
    for o in ${optlist[@]+"${optlist[@]}"}; do
        case "$o" in
            gen=reader) gen="$R" ;;
            filter=*) filter="${o#filter=}"; n=$POOL ;;
            random=*) read -r -a extra <<<"${o#random=}" ;;
            count=*) n="${o#count=}" ;;
            *) echo "make-resolution-fixtures: $name: unknown option $o" >&2; exit 1 ;;
        esac
    done
    "$ORACLE" random "$gen" "$n" "$SEED" ${extra[@]+"${extra[@]}"} --json-out "$work/writer.json" --hex-out "$work/hex" >/dev/null
    if [[ "$gen" != "$W" ]]; then   # the bytes are the reader's; read them as writer datums
        "$ORACLE" decode "$W" <"$work/hex" >"$work/writer.json"
    fi
    if [[ -n "$filter" ]]; then
        filter_datums "$work/writer.json" "$work/hex" "$filter" "$work/writer.f" "$work/hex.f"
        mv "$work/writer.f" "$work/writer.json"
        mv "$work/hex.f" "$work/hex"
    fi
    count="$(wc -l <"$work/hex" | tr -d ' ')"

    if [[ "$outcome" == ok ]]; then
        if ! "$ORACLE" decode "$W" "$R" <"$work/hex" >"$work/reader.json" 2>"$work/err"; then
            echo "make-resolution-fixtures: $name: expected ok, fastavro failed: $(cat "$work/err")" >&2
            exit 1
        fi
        paste -d '\t' "$work/hex" "$work/writer.json" "$work/reader.json" |
            LC_ALL=C awk -F '\t' '{ printf "{\"hex\":\"%s\",\"writer\":%s,\"reader\":%s}\n", $1, $2, $3 }' \
            >"$d/data.jsonl"
    else
        # Decode every datum alone: each must fail, all with the same message.
        : >"$work/messages"
        while IFS= read -r h; do
            if printf '%s\n' "$h" | "$ORACLE" decode "$W" "$R" >/dev/null 2>"$work/err"; then
                echo "make-resolution-fixtures: $name: expected an error, datum $h decoded" >&2
                exit 1
            fi
            # "error: OracleError: stdin line 1: <fastavro exception>: <message>" -> the last part
            sed -e 's/^error: OracleError: stdin line [0-9]*: //' "$work/err" >>"$work/messages"
        done <"$work/hex"
        if [[ "$(sort -u "$work/messages" | wc -l)" -ne 1 ]]; then
            echo "make-resolution-fixtures: $name: datums fail with different messages:" >&2
            sort -u "$work/messages" >&2
            exit 1
        fi
        head -n 1 "$work/messages" >"$d/expected-error.txt"
        ERRORS[$name]="$(cat "$d/expected-error.txt")"
        paste -d '\t' "$work/hex" "$work/writer.json" |
            LC_ALL=C awk -F '\t' '{ printf "{\"hex\":\"%s\",\"writer\":%s}\n", $1, $2 }' >"$d/data.jsonl"
    fi
    src="$(describe "$wspec" "$rspec")"
    ROWS+=("$name"$'\t'"$out/$name/writer.avsc"$'\t'"$out/$name/reader.avsc"$'\t'"$outcome"$'\t'"$count"$'\t'"$src")
    if [[ "$outcome" == ok && "${APACHE[$name]}" == yes ]] || [[ "$outcome" == error && "${APACHE[$name]}" == no ]]; then
        agrees=yes
    else
        agrees=NO
    fi
    DOCROWS+=("$name"$'\t'"$outcome"$'\t'"$count"$'\t'"${APACHE[$name]}"$'\t'"$agrees"$'\t'"$note"$'\t'"$opts"$'\t'"$src")
    echo "  $name: $outcome, $count datums, apache compatible: ${APACHE[$name]}" >&2
done

# ---- independent checks of the fastavro output -------------------------------------------------
# 1. Promotions to float: fastavro converts int/long to a double, the oracle then rounds that to
#    single precision (two roundings). Check every value against one exact round-to-nearest-even
#    of the integer. 2. Data-dependent cases really hit what they are meant to test.
"$py" - "$tmp/out" <<'PY'
import json, os, struct, sys
root = sys.argv[1]

def exact_f32(n):
    m, sign = abs(n), (-1.0 if n < 0 else 1.0)
    shift = max(m.bit_length() - 24, 0)
    q, r = divmod(m, 1 << shift)
    if shift and (r > 1 << (shift - 1) or (r == 1 << (shift - 1) and q & 1)):
        q += 1
    return sign * float(q << shift)

def plain(v):  # strip a one-key union wrapper {"int": 3} -> ("int", 3)
    if isinstance(v, dict) and len(v) == 1:
        (k, x), = v.items()
        return k, x
    return None, v

# Writer-side values each pair is meant to exercise (substrings of the writer datums' JSON).
MUST_OCCUR = {
    "compat-018-enum-to-enum-with-default": ['"C"'],
    "compat-068-enum-default-beats-field-default": ['"Field":"C"'],
    "compat-028-int-long-union-to-float-union": ['{"int":', '{"long":'],
    "compat-030-string-int-union-to-int-string-union": ['{"int":', '{"string":'],
    "compat-041-int-float-union-to-double-union": ['{"int":', '{"float":'],
    "compat-043-int-long-union-to-long": ['{"int":', '{"long":'],
    "compat-045-numeric-union-to-double": ['{"int":', '{"long":', '{"float":', '{"double":'],
    "compat-069-nested-record-other-namespace": ['{"array":[{"a":'],
    "resolution-017-nested-map-union-record": ['{"r7":', '"long":{"float":'],
    "project-union-widening": ['"value":{"int":', '"unit":{"string":'],
    "log_event-v2-to-v1": ['"trace_id":{"string":', '"error":{"com.example.logs.ErrorInfo":'],
    "log_event-v3-to-v1": ['"error":{"com.example.logs.ErrorInfo":', '"tags":["'],
    "user_event-v2-to-v3": ['"PASSWORD_CHANGED"', '"properties":{"'],
}
problems, checked = [], 0
for name in sorted(os.listdir(root)):
    path = os.path.join(root, name, "data.jsonl")
    reader = json.load(open(os.path.join(root, name, "reader.avsc")))
    lines = [json.loads(l) for l in open(path, encoding="utf-8")]
    float_reader = reader == "float" or reader == ["float"]
    for l in lines:
        if "reader" not in l:
            continue
        if float_reader:
            wb, w = plain(l["writer"])
            rb, r = plain(l["reader"])
            if isinstance(w, int) and not isinstance(w, bool):
                checked += 1
                if r != exact_f32(w):
                    problems.append(f"{name}: {w} read as float {r!r}, exact rounding gives {exact_f32(w)!r}")
    text = "\n".join(json.dumps(l["writer"], ensure_ascii=False, separators=(",", ":")) for l in lines)
    for needle in MUST_OCCUR.get(name, []):
        if needle not in text:
            problems.append(f"{name}: no writer datum contains {needle} (a case the pair is meant to cover)")
for p in problems:
    print("make-resolution-fixtures: check failed:", p, file=sys.stderr)
if problems:
    sys.exit(1)
print(f"make-resolution-fixtures: {checked} int/long->float values match exact rounding", file=sys.stderr)
PY

# ---- index.tsv -------------------------------------------------------------------------------
{
    printf 'pair\twriter\treader\toutcome\tdatums\tsource\n'
    for r in "${ROWS[@]}"; do printf '%s\n' "$r"; done
} >"$tmp/out/index.tsv"

# ---- versions ----------------------------------------------------------------------------------
read -r py_version fastavro_version avro_version < <("$py" -c '
import sys, fastavro, importlib.metadata as m
print(sys.version.split()[0], fastavro.__version__, m.version("avro"))')
oracle_sha="$(sha256sum ../shared/oracle/avro_oracle.py | cut -d' ' -f1)"

# ---- compatibility matrices of the seed scenarios ---------------------------------------------
matrix() {   # scenario -> markdown table, rows = writer, columns = reader
    local s="$1" w r v f
    printf '| writer \\ reader | v1 | v2 | v3 |\n|---|---|---|---|\n'
    for w in 1 2 3; do
        printf '| v%s |' "$w"
        for r in 1 2 3; do
            if "$ORACLE" compat "schemas/$s/v$w.avsc" "schemas/$s/v$r.avsc" >"$tmp/m.json"; then v=compatible; else v="**incompatible**"; fi
            f="${APACHE[$s-v$w-to-v$r]+fixture}"
            printf ' %s%s |' "$v" "${f:+ (\`$s-v$w-to-v$r\`)}"
        done
        printf '\n'
    done
}

total=0 nok=0 nerr=0
for r in "${ROWS[@]}"; do
    total=$((total + $(cut -f5 <<<"$r")))
    if [[ "$(cut -f4 <<<"$r")" == ok ]]; then nok=$((nok + 1)); else nerr=$((nerr + 1)); fi
done

BEGIN_MARK='<!-- BEGIN resolution fixtures: generated by scripts/make-resolution-fixtures.sh -->'
END_MARK='<!-- END resolution fixtures -->'
{
    printf '%s\n' "$BEGIN_MARK"
    cat <<EOF
## Resolution fixtures (\`resolution/\`)

Generated by \`scripts/make-resolution-fixtures.sh\` (do not edit by hand; rerun the script,
which also rewrites this section between its marker comments). Each pair is a writer schema and
a reader schema; the expected result is what fastavro's schema resolution gives (the oracle's
\`decode WRITER READER\`), checked against the Apache avro checker (\`compat WRITER READER\`).

### Layout

* \`resolution/<pair>/writer.avsc\`, \`reader.avsc\`: the two schemas (copies of
  \`schemas/<scenario>/vN.avsc\`, or the JSON of a case in \`tests/data/project/compat-cases.jsonl\`
  / \`resolution-cases.jsonl\`, or a schema written in the script).
* Outcome \`ok\`: \`data.jsonl\`, one line per datum:
  \`{"hex": "<writer bytes>", "writer": <datum as written>, "reader": <datum as read with reader.avsc>}\`.
  Same JSON conventions as the fixtures above (Avro JSON; unions \`{"branch": value}\`; logical
  types in their underlying type; floats exact). \`reader\` includes reader-only fields filled from
  their defaults; \`writer\` is what \`random\` produced and \`hex\` its bytes (a zero-byte datum is
  \`""\`).
* Outcome \`error\`: \`expected-error.txt\` (one line: fastavro's exception type and message, for
  information; another implementation's wording will differ) and \`data.jsonl\` with
  \`{"hex": ..., "writer": ...}\` lines. **Every** datum in it must fail to resolve. Where the
  failure depends on the data (a symbol or union branch the reader lacks), only datums that hit
  it are kept: the first $COUNT of $POOL random datums matching the filter below.
* \`resolution/index.tsv\`: tab-separated, one header line, then \`pair\`, \`writer\` and \`reader\`
  (paths from the repository root), \`outcome\` (\`ok\`/\`error\`), \`datums\`, \`source\`.
* Pair names: \`<scenario>-vW-to-vR\` (writer version W, reader version R),
  \`compat-NNN-...\` (case id NNN in \`compat-cases.jsonl\`), \`resolution-NNN-...\` (case in
  \`resolution-cases.jsonl\`), \`project-...\` (schemas in the script's \`INLINE\` table).

### Commands

Per pair, from the repository root (W = \`writer.avsc\`, R = \`reader.avsc\` of the pair):

\`\`\`sh
scripts/oracle.sh compat W R                                                 # Apache checker verdict
scripts/oracle.sh random W $COUNT $SEED --json-out writer.json --hex-out hex > /dev/null   # writer datums + bytes
scripts/oracle.sh decode W R < hex > reader.json                             # ok pairs: reader's view
# error pairs: each hex line decoded alone with \`decode W R\`; all must fail with one message
\`\`\`

Deviations, listed per pair in the *options* column: \`gen=reader\` = the datums are made with
\`random R $COUNT $SEED\` and their bytes read back as writer datums with \`decode W\`
(random bytes are rarely valid UTF-8, so bytes->string uses string data); \`filter=EXPR\` =
\`random W $POOL $SEED\`, then the first $COUNT datums \`d\` (Avro JSON) for which the Python
expression is true; \`count=N\` = N datums instead of $COUNT (so that every writer branch
occurs); \`random=ARGS\` = extra options for \`random\` (the generator makes every
union nested 4 or more levels deep null unless \`--max-depth\` is raised).

Versions: oracle \`avro_oracle.py\` sha256 \`$oracle_sha\`; fastavro $fastavro_version, avro (Python)
$avro_version, CPython $py_version; seed $SEED.

### Seed scenarios

\`schemas/log_event/v{1,2,3}.avsc\` (\`com.example.logs.LogEvent\`): v1 = timestamp
(timestamp-millis), level (enum Level, default INFO), message, service; v2 adds trace_id
\`["null","string"]\` and error \`["null", ErrorInfo]\` (default null); v3 adds environment (enum
Environment with enum default UNKNOWN, field default PROD) and tags (array<string>, default
\`[]\`). Every version is BACKWARD and FORWARD compatible with every other. Apache checker
(rows: writer, columns: reader):

EOF
    matrix log_event
    cat <<'EOF'

fastavro resolves all nine pairs. Older readers skip the newer writer fields (e.g. v3 -> v1 drops
trace_id, error, environment, tags); newer readers fill them from the field defaults (v1 -> v3:
trace_id null, error null, environment "PROD", the field default, not the enum default UNKNOWN,
tags []).

`schemas/user_event/v{1,2,3}.avsc` (`com.example.users.UserEvent`, a Kafka consumer story):
v1 = event_id (uuid), user_id int, event_type (enum EventType, default UNKNOWN), ts
(timestamp-millis); v2 renames ts to occurred_at (`"aliases": ["ts"]`), adds the symbol
PASSWORD_CHANGED and properties (`map<string>`, default `{}`); v3 widens user_id to long and adds
session_id `["null","string"]` (default null). v3 reads all three writers; v2 reads v1. Apache
checker:

EOF
    matrix user_event
    cat <<'EOF'

An alias only helps the schema that declares it: v1 has no field default for ts and does not know
occurred_at, so v1 cannot read v2 or v3; long -> int is never allowed, so v1 and v2 cannot read v3.
fastavro agrees (the three error pairs below).

### Pairs
EOF
    printf '\n%d pairs: %d ok, %d error; %d datums.\n\n' "${#ROWS[@]}" "$nok" "$nerr" "$total"
    printf '| pair | outcome | datums | Apache checker | agrees | what it tests | options | source |\n|---|---|---|---|---|---|---|---|\n'
    for r in "${DOCROWS[@]}"; do
        IFS=$'\x1f' read -r n o c a g t x s <<<"${r//$'\t'/$'\x1f'}"   # tab would merge empty fields
        printf '| `%s` | %s | %s | %s | %s | %s | %s | %s |\n' "$n" "$o" "$c" \
            "$([[ $a == yes ]] && echo compatible || echo incompatible)" "$g" "$(md_cell "$t")" \
            "${x:+\`$(md_cell "$x")\`}" "$(md_cell "$s")"
    done
    printf '\nfastavro error messages (`expected-error.txt`):\n\n'
    for r in "${DOCROWS[@]}"; do
        n="$(cut -f1 <<<"$r")"
        [[ -n "${ERRORS[$n]:-}" ]] || continue
        printf -- '* `%s`: `%s`\n' "$n" "$(md_cell "${ERRORS[$n]}")"
    done
    printf '\n### Oracle notes and disagreements\n\n'
    disagree=()
    for r in "${DOCROWS[@]}"; do
        [[ "$(cut -f5 <<<"$r")" == yes ]] || disagree+=("$(cut -f1 <<<"$r")")
    done
    if [[ ${#disagree[@]} -eq 0 ]]; then
        printf '%s\n' "* fastavro and the Apache checker agree on every pair above (*agrees* column): each \`ok\`" \
            "  pair is compatible for the checker, each \`error\` pair incompatible."
    else
        printf '* fastavro and the Apache checker **disagree** on: %s (see the table).\n' "${disagree[*]}"
    fi
    cat <<'EOF'
* The checker's verdict is about schemas, fastavro's about data: for the data-dependent error
  pairs (`filter=` option) the datums that avoid the missing symbol/branch resolve fine with
  fastavro (as the specification says: the error is signalled when such a value is read).
* The error messages of union resolution (`compat-081-...`, `compat-112-...`) come from the
  oracle's wrapper around fastavro's union reader (it records which branch was read), so their
  wording is the oracle's, not fastavro's; the outcome is fastavro's own rule.
* Reader unions: fastavro takes the first reader branch the writer type matches *or can be
  promoted to*; Java takes an exact match first and only then the first promotable branch. No
  pair here has a reader union where the two differ. Examples that do (checked with the oracle):
  writer `int`, reader `["long","int"]` reads as `{"long": ...}` with fastavro, `int` with Java;
  writer `string`, reader `["null","bytes","string"]` reads as `{"bytes": ...}` with fastavro,
  `string` with Java. The specification's wording ("the first schema in the reader's union that
  matches", where a promotable type counts as matching) reads like fastavro's rule; Java's is the
  reference implementation's. The Apache checker calls both compatible.
* int/long -> float: fastavro converts to a double and the oracle rounds that to single
  precision (two roundings, which can differ from one correct rounding for longs above 2^53).
  The script checks every such value here against an exact round-to-nearest-even of the integer;
  all match.
* The Apache **Python** `DatumReader` (avro 1.12.2) is not a usable second opinion for
  resolution: it ignores reader field and record aliases, ignores enum defaults, and rejects a
  one-branch writer union read as a plain type (`compat-048-...`), all of which the
  specification and Java allow. Its compatibility *checker* (used here) handles them correctly.
EOF
    printf '%s\n' "$END_MARK"
} >"$tmp/section.md"

# ---- install -----------------------------------------------------------------------------------
rm -rf "$out"
mkdir -p "$out"
cp -r "$tmp/out/." "$out/"
# Replace the section in README.md (or append it; scripts/make-fixtures.sh rewrites README.md
# without it, so run this script after that one).
"$py" - "$readme" "$tmp/section.md" "$BEGIN_MARK" "$END_MARK" <<'PY'
import sys
readme, section, begin, end = sys.argv[1:]
text = open(readme, encoding="utf-8").read()
new = open(section, encoding="utf-8").read()
if begin in text and end in text:
    a = text.index(begin)
    b = text.index(end) + len(end)
    if text[b:b + 1] == "\n":
        b += 1
    text = text[:a] + new + text[b:]
else:
    text = text.rstrip("\n") + "\n\n" + new
open(readme, "w", encoding="utf-8").write(text)
PY
echo "make-resolution-fixtures: ${#ROWS[@]} pairs ($nok ok, $nerr error), $total datums, $(du -sh "$out" | cut -f1) in $out/" >&2
