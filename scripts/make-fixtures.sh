#!/usr/bin/env bash
# Regenerate every fixture in tests/fixtures/ with the fastavro oracle (../shared/oracle).
#
# Usage: scripts/make-fixtures.sh
#
# Deterministic: fixed seed, fixed list of schemas, sorted output. The result depends only on the
# schemas in tests/data/, the oracle script and the pinned Python packages (and the CPython
# version, whose `random` module the generator uses); README.md records all of them.
# The test suite itself never runs Python: it reads the committed fixtures.
#
# Output (tests/fixtures/):
#   <path under tests/data, "/" replaced by "__">.jsonl  one {"hex": ..., "datum": ...} per line
#   index.tsv                                             fixture -> schema (+ includes, count)
#   README.md                                             every fixture with its exact command
#   json/<fixture>.jsonl                                  fastavro's Avro JSON of each datum
#                                                         (scripts/make-json-fixtures.sh)
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo"

ORACLE=scripts/oracle.sh
SEED=42
MAIN_COUNT=300   # all-types.avsc and interop.avsc
OTHER_COUNT=30   # every other schema
out=tests/fixtures

"$ORACLE" -h >/dev/null          # creates .venv-oracle on first use
py="$repo/.venv-oracle/bin/python"

# Schemas given a larger count.
MAIN=(
    tests/data/project/all-types.avsc
    tests/data/apache/schemas/interop.avsc
)

# Candidate schemas (every .avsc / schema .json / .avpr in the vendored corpus).
CANDIDATES=(
    tests/data/apache/schemas/*.avsc
    tests/data/apache/schemas/*.avpr
    tests/data/apache/lang-java/*/*.avsc
    tests/data/apache/lang-java/*/*/*.avsc
    tests/data/apache/lang-java/*/*.json
    tests/data/apache/lang-c/schema_tests/pass/*
    tests/data/apache/lang-js/dat/*.avsc
    tests/data/apache/data/messageV1/*.avsc
    tests/data/apache/data/schemas/*/schema.json
    tests/data/project/invalid/tricky-*.avsc
)

# Named types defined in other files (passed to the oracle with -I, and listed in index.tsv).
declare -A INCLUDES=(
    [tests/data/apache/lang-java/avro-test-resources/multipleFile/ApplicationEvent.avsc]="tests/data/apache/lang-java/avro-test-resources/multipleFile/DocumentInfo.avsc"
)

# Extra generator options (bounded recursion keeps recursive schemas small).
declare -A OPTIONS=(
    [tests/data/apache/lang-c/schema_tests/pass/recursive_record]="--max-depth 3 --max-items 3"
    [tests/data/apache/lang-c/schema_tests/pass/namespace_recursive]="--max-depth 3 --max-items 3"
    [tests/data/project/invalid/tricky-valid-recursive-via-union.avsc]="--max-depth 3 --max-items 3"
)

# Top-level fields with the `big-decimal` logical type, which the oracle does not know (it would
# write random bytes there): scripts/fixup-big-decimal.py puts valid values in and re-encodes.
declare -A BIG_DECIMAL_FIELDS=(
    [tests/data/apache/lang-java/avro-test-resources/TestRecordWithLogicalTypes.avsc]="bd"
)

# Schemas the oracle cannot generate data for, with the reason (the script fails if any other
# schema is rejected, so a new problem is never skipped silently).
declare -A KNOWN_FAILURES=(
    [tests/data/apache/lang-c/schema_tests/pass/namespace_fullname]="no finite datum exists: x.Y requires x.Z, which requires x.Y (required recursion without a union or collection); valid schema, but nothing to encode"
    [tests/data/apache/lang-c/schema_tests/pass/namespace_null_record]="no finite datum exists: record Z has a required field of type Z"
    [tests/data/apache/lang-c/schema_tests/pass/namespace_simple]="no finite datum exists: record x.Z has a required field of type x.Z"
    [tests/data/project/invalid/tricky-valid-namespace-inheritance-and-reset.avsc]="fastavro rejects it: resolves the short reference \`Global\` only as \`com.example.Global\`, not in the null namespace where \`Global\` is defined (fastavro error: UnknownType: com.example.Global)"
)

# Top-level kind of a schema file: record/error/enum/fixed, a primitive or complex type name,
# "union", or "protocol".
kind_of() {
    "$py" - "$1" "$repo/../shared/oracle" <<'PY'
import json, sys
sys.path.insert(0, sys.argv[2])
text = open(sys.argv[1], encoding="utf-8").read()
try:
    j = json.loads(text)
except ValueError:
    from avro_oracle import strip_json_comments
    j = json.loads(strip_json_comments(text))
if isinstance(j, list):
    print("union")
elif isinstance(j, str):
    print(j)
elif "protocol" in j:
    print("protocol")
else:
    t = j.get("type")
    print(t if isinstance(t, str) else "nested")
PY
}

fixture_name() {
    local rel="${1#tests/data/}"
    echo "${rel//\//__}"
}

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

declare -a ROWS=()      # fixture \t schema \t includes \t count \t command
declare -a SKIPS=()     # schema \t reason
declare -a NOTES=()     # schema \t oracle warning
declare -A SEEN=()

generate() {
    local schema="$1" count="$2"
    local name inc opts cmd args
    name="$(fixture_name "$schema")"
    inc="${INCLUDES[$schema]:-}"
    opts="${OPTIONS[$schema]:-}"
    args=(random "$schema" "$count" "$SEED")
    # shellcheck disable=SC2206
    [[ -n "$opts" ]] && args+=($opts)
    for i in $inc; do args+=(-I "$i"); done
    cmd="$ORACLE ${args[*]} > $out/$name.jsonl"
    local bigdec="${BIG_DECIMAL_FIELDS[$schema]:-}"
    if [[ -n "$bigdec" ]]; then
        cmd="$ORACLE ${args[*]} | .venv-oracle/bin/python scripts/fixup-big-decimal.py $schema $bigdec $SEED > $out/$name.jsonl"
    fi
    if "$ORACLE" "${args[@]}" >"$tmp/$name.jsonl" 2>"$tmp/stderr"; then
        if [[ -n "$bigdec" ]]; then
            "$py" scripts/fixup-big-decimal.py "$schema" "$bigdec" "$SEED" <"$tmp/$name.jsonl" >"$tmp/fixed"
            mv "$tmp/fixed" "$tmp/$name.jsonl"
            NOTES+=("$schema"$'\t'"field \`$bigdec\` is \`big-decimal\`, unknown to fastavro: its random bytes were replaced by valid big-decimal values (\`scripts/fixup-big-decimal.py\`: bytes of the unscaled two's-complement value, then the scale as int) and each datum re-encoded and round-tripped by the oracle's own encoder")
        fi
        if [[ -n "${KNOWN_FAILURES[$schema]:-}" ]]; then
            echo "make-fixtures: note: $schema is listed in KNOWN_FAILURES but now works" >&2
        fi
        if [[ -s "$tmp/stderr" ]]; then
            NOTES+=("$schema"$'\t'"$(tr '\n' ' ' <"$tmp/stderr" | sed 's/ *$//')")
        fi
        ROWS+=("$name.jsonl"$'\t'"$schema"$'\t'"$inc"$'\t'"$(wc -l <"$tmp/$name.jsonl" | tr -d ' ')"$'\t'"$cmd")
        echo "  $name.jsonl ($count)" >&2
    else
        rm -f "$tmp/$name.jsonl"
        if [[ -n "${KNOWN_FAILURES[$schema]:-}" ]]; then
            SKIPS+=("$schema"$'\t'"${KNOWN_FAILURES[$schema]}")
            echo "  skipped $schema (known)" >&2
        else
            echo "make-fixtures: oracle failed on $schema:" >&2
            cat "$tmp/stderr" >&2
            echo "make-fixtures: fix it or add it to KNOWN_FAILURES with a reason" >&2
            exit 1
        fi
    fi
}

echo "make-fixtures: generating into $out/" >&2
for s in "${MAIN[@]}"; do
    SEEN[$s]=1
    generate "$s" "$MAIN_COUNT"
done
for s in "${CANDIDATES[@]}"; do
    [[ -f "$s" && -z "${SEEN[$s]:-}" ]] || continue
    SEEN[$s]=1
    kind="$(kind_of "$s")"
    case "$kind" in
        record|error|enum|fixed) generate "$s" "$OTHER_COUNT" ;;
        protocol) SKIPS+=("$s"$'\t'"a protocol, not a schema") ;;
        *)
            if [[ "$s" == tests/data/project/invalid/tricky-* ]]; then
                generate "$s" "$OTHER_COUNT"    # tricky schemas are kept whatever their top level
            else
                SKIPS+=("$s"$'\t'"top-level type is \`$kind\`, not a named type (record/enum/fixed)")
            fi
            ;;
    esac
done

# ---- versions ---------------------------------------------------------------------------------
read -r py_version fastavro_version avro_version < <("$py" -c '
import sys, fastavro, importlib.metadata as m
print(sys.version.split()[0], fastavro.__version__, m.version("avro"))')
oracle_sha="$(sha256sum ../shared/oracle/avro_oracle.py | cut -d' ' -f1)"

# ---- index.tsv --------------------------------------------------------------------------------
{
    printf 'fixture\tschema\tincludes\tdatums\n'
    for r in "${ROWS[@]}"; do cut -f1-4 <<<"$r"; done | LC_ALL=C sort
} >"$tmp/index.tsv"

# ---- README.md --------------------------------------------------------------------------------
total=0
for r in "${ROWS[@]}"; do total=$((total + $(cut -f4 <<<"$r"))); done
{
    cat <<EOF
# Oracle fixtures

Generated by \`scripts/make-fixtures.sh\` (do not edit by hand; rerun the script). Each fixture
holds random datums for one schema from \`tests/data/\`, made and checked by the independent
fastavro oracle (\`../shared/oracle/avro_oracle.py\`, run through \`scripts/oracle.sh\`). The
test suite reads these files and never needs Python.

## Conventions

* One JSON object per line: \`{"hex": "<binary encoding, lowercase hex>", "datum": <Avro JSON>}\`.
  \`hex\` is the Avro binary encoding of the datum by fastavro (empty string for a zero-byte
  encoding); the oracle decodes it back and checks the round trip before printing it.
* \`datum\` uses the Avro JSON encoding of the specification: a union value is
  \`{"<branch>": value}\` (full name for named types, type name otherwise: \`"int"\`,
  \`"array"\`, ...) and \`null\` is plain \`null\`; bytes and fixed are strings whose code points
  0-255 are the byte values; U+0085, U+2028, U+2029 are written as \`\\u\` escapes.
* Logical types are **not** converted: values are in the underlying type (date = int days,
  time/timestamp = int/long, decimal = two's-complement big-endian bytes (minimal length) or
  fixed, uuid = string or fixed(16), duration = fixed(12) of three little-endian u32), but the
  generator makes only *valid* values (decimals within precision, uuid text, times within a day).
* No NaN or infinities. Floats are printed with Python's shortest round-trip \`repr\`; parse
  them exactly (\`avro_tests::parse_json_exact\`, which \`avro_tests::fixtures\` uses, or
  serde_json's \`float_roundtrip\` feature): plain \`serde_json::from_str\` can be one ulp off.
* Map keys within a datum are distinct; \`hex\` writes map entries in the order of the JSON
  object (the Rust loader keeps it: serde_json \`preserve_order\`). apache-avro's
  \`Value::Map\` is a \`HashMap\`, so compare maps with several entries by value, not bytes.
* \`index.tsv\`: tab-separated, one header line, then \`fixture\`, \`schema\` (path from the
  repository root), \`includes\` (space-separated schema files defining named types the schema
  references; pass them to the parser too), \`datums\`.
* Fixture names: the schema's path under \`tests/data/\` with \`/\` replaced by \`__\`, plus
  \`.jsonl\`. Rust: \`avro_tests::fixtures("apache__schemas__interop.avsc")\`.

## Versions

* oracle: \`avro_oracle.py\` sha256 \`$oracle_sha\`
* fastavro $fastavro_version, avro (Python) $avro_version, CPython $py_version
* seed $SEED for every fixture; $MAIN_COUNT datums for the two main schemas, $OTHER_COUNT for the others

Regenerate everything with \`scripts/make-fixtures.sh\` (from any directory; needs
\`../shared/oracle\` and network access to PyPI on first use). Commands below are run from the
repository root.

## Fixtures (${#ROWS[@]} files, $total datums)

| fixture | schema | datums | command |
|---|---|---|---|
EOF
    for r in "${ROWS[@]}"; do
        c="$(cut -f5 <<<"$r")"
        printf '| `%s` | `%s` | %s | `%s` |\n' "$(cut -f1 <<<"$r")" "$(cut -f2 <<<"$r")" \
            "$(cut -f4 <<<"$r")" "${c//|/\\|}"
    done | LC_ALL=C sort
    cat <<EOF

## Schemas without a fixture

| schema | reason |
|---|---|
EOF
    for r in "${SKIPS[@]}"; do
        printf '| `%s` | %s |\n' "$(cut -f1 <<<"$r")" "$(cut -f2 <<<"$r")"
    done | LC_ALL=C sort
    cat <<EOF

## Notes

Where fastavro rejects a logical type the specification says to ignore, the oracle retries
without logical types, so the fixture holds plain bytes/fixed values (which is also what a
conforming implementation must do with an invalid logical type). Other notes:

EOF
    if [[ ${#NOTES[@]} -eq 0 ]]; then
        echo "(none)"
    else
        for r in "${NOTES[@]}"; do
            printf -- '* `%s`: %s\n' "$(cut -f1 <<<"$r")" "$(cut -f2 <<<"$r")"
        done | LC_ALL=C sort
    fi
    # Keep the section that scripts/make-resolution-fixtures.sh maintains.
    if [[ -f "$out/README.md" ]]; then
        echo
        sed -n '/<!-- BEGIN resolution fixtures/,/<!-- END resolution fixtures -->/p' "$out/README.md"
    fi
    # Keep the section that scripts/make-canonical-fixtures.sh maintains (it is rewritten below).
    if [[ -f "$out/README.md" ]] && grep -q '<!-- BEGIN schema constants' "$out/README.md"; then
        echo
        sed -n '/<!-- BEGIN schema constants/,/<!-- END schema constants -->/p' "$out/README.md"
    fi
    # Keep the section that scripts/make-json-fixtures.sh maintains (it is rewritten below).
    if [[ -f "$out/README.md" ]] && grep -q '<!-- BEGIN json fixtures' "$out/README.md"; then
        echo
        sed -n '/<!-- BEGIN json fixtures/,/<!-- END json fixtures -->/p' "$out/README.md"
    fi
} >"$tmp/README.md"

# ---- install ----------------------------------------------------------------------------------
mkdir -p "$out"
rm -f "$out"/*.jsonl "$out/index.tsv" "$out/README.md"
rm -f "$tmp/stderr"
cp "$tmp"/* "$out"/
echo "make-fixtures: ${#ROWS[@]} fixtures, $total datums, $(du -sh "$out" | cut -f1) in $out/; ${#SKIPS[@]} schemas skipped" >&2

# ---- Avro JSON encoding (tests/fixtures/json/) -----------------------------------------------
# fastavro's Avro JSON of every datum above, decoded from its hex (see the script).
"$repo/scripts/make-json-fixtures.sh"

# ---- schema constants (tests/fixtures/canonical/) ---------------------------------------------
# The oracle's canonical form and fingerprints of every type tests/build.rs generates (runs cargo;
# also runnable alone). See the script and the "Schema constants" section of the README.
"$repo/scripts/make-canonical-fixtures.sh"
