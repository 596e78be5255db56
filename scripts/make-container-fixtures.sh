#!/usr/bin/env bash
# Regenerate tests/fixtures/containers/: what the fastavro oracle (../shared/oracle) reads from
# every object container file vendored under tests/data/apache, and container files fastavro
# writes with each codec. tests/tests/container.rs checks our container reader against them.
#
# Usage: scripts/make-container-fixtures.sh
#
# Output (tests/fixtures/containers/):
#   <file under tests/data, "/" replaced by "__">.jsonl
#       `scripts/oracle.sh container-read FILE`: one record per line in Avro JSON, as far as
#       fastavro gets (files it rejects part way keep the records it yielded before failing)
#   schemas/<name>.avsc
#       the writer schema (`avro.schema`) of the header, byte for byte, once per distinct text
#       (named after the first file that has it); tests/build.rs generates types for them
#   fastavro-all-types-<codec>.avro
#       `scripts/oracle.sh container-write tests/data/project/all-types.avsc <codec> OUT
#        --sync-interval 4000 --meta written.by=fastavro` of the first 100 datums of
#       tests/fixtures/project__all-types.avsc.jsonl (the same datums, in order; checked by reading
#       the file back with the oracle)
#   index.tsv
#       file, writer schema file, records fastavro read, fastavro's error (empty if none)
#   README.md
#       this description and the exact commands
#
# Deterministic: the oracle's default sync marker is the MD5 of the schema JSON.
# The test suite never runs Python: it reads the committed files.
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo"

ORACLE=scripts/oracle.sh
out=tests/fixtures/containers
"$ORACLE" -h >/dev/null          # creates .venv-oracle on first use
py="$repo/.venv-oracle/bin/python"
oracle_dir="${AVRO_SHARED:-$repo/../shared}/oracle"

rm -rf "$out"
mkdir -p "$out/schemas"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

commands=()
printf 'file\tschema\trecords\tfastavro_error\n' > "$tmp/index.tsv"

mapfile -t files < <(find tests/data/apache -type f \( -name '*.avro' -o -name '*.avro12' -o -name '*.avro.raw' \) | LC_ALL=C sort)
for file in "${files[@]}"; do
    rel="${file#tests/data/}"
    name="${rel//\//__}"
    # The writer schema, exactly as the header holds it (read with the oracle's header parser).
    schema_file=""
    if "$py" - "$oracle_dir" "$file" > "$tmp/schema" 2>/dev/null <<'PY'
import sys
sys.path.insert(0, sys.argv[1])
import avro_oracle as O
fo, dec, header, meta, named = O._open_container(sys.argv[2])
fo.close()
sys.stdout.write(meta["avro.schema"].decode("utf-8"))
PY
    then
        for existing in "$out"/schemas/*.avsc; do
            if [[ -f "$existing" ]] && cmp -s "$existing" "$tmp/schema"; then
                schema_file="$existing"
                break
            fi
        done
        if [[ -z "$schema_file" ]]; then
            schema_file="$out/schemas/${name%.avro*}.avsc"
            cp "$tmp/schema" "$schema_file"
        fi
    fi
    # The records fastavro reads, and its error if it fails.
    error=""
    if ! "$ORACLE" container-read "$file" > "$out/$name.jsonl" 2> "$tmp/err"; then
        error="$(tr '\n\t' '  ' < "$tmp/err" | sed 's/ *$//')"
    fi
    records="$(wc -l < "$out/$name.jsonl" | tr -d ' ')"
    if [[ "$records" == 0 && -n "$error" ]]; then
        rm "$out/$name.jsonl"
    fi
    printf '%s\t%s\t%s\t%s\n' "$file" "$schema_file" "$records" "$error" >> "$tmp/index.tsv"
    commands+=("$ORACLE container-read $file > $out/$name.jsonl")
done

# fastavro-written files of the all-types schema, one per codec.
all_types=tests/data/project/all-types.avsc
"$py" -c '
import json, sys
for line in open(sys.argv[1], encoding="utf-8").read().splitlines()[:100]:
    print(json.dumps(json.loads(line)["datum"], ensure_ascii=False))
' tests/fixtures/project__all-types.avsc.jsonl > "$tmp/datums.jsonl"
for codec in null deflate snappy zstandard bzip2 xz; do
    target="$out/fastavro-all-types-$codec.avro"
    "$ORACLE" container-write "$all_types" "$codec" "$target" \
        --sync-interval 4000 --meta written.by=fastavro < "$tmp/datums.jsonl"
    # The oracle reads back exactly the datums it was given.
    "$ORACLE" container-read "$target" > "$tmp/back.jsonl"
    "$py" - "$tmp/datums.jsonl" "$tmp/back.jsonl" <<'PY'
import json, sys
a = [json.loads(l) for l in open(sys.argv[1], encoding="utf-8")]
b = [json.loads(l) for l in open(sys.argv[2], encoding="utf-8")]
assert a == b, "container-read differs from the datums written"
PY
    records="$(wc -l < "$tmp/datums.jsonl" | tr -d ' ')"
    printf '%s\t%s\t%s\t\n' "$target" "$all_types" "$records" >> "$tmp/index.tsv"
    commands+=("$ORACLE container-write $all_types $codec $target --sync-interval 4000 --meta written.by=fastavro < datums.jsonl")
done
cp "$tmp/index.tsv" "$out/index.tsv"

oracle_sha="$(sha256sum "$oracle_dir/avro_oracle.py" | cut -d' ' -f1)"
versions="$("$py" -c 'import fastavro, avro, platform; print(f"fastavro {fastavro.__version__}, avro (Python) {avro.__version__}, CPython {platform.python_version()}")' 2>/dev/null || echo unknown)"
{
    cat <<EOF
# Container file fixtures

Generated by \`scripts/make-container-fixtures.sh\` (do not edit by hand; rerun the script) with the
fastavro oracle (\`../shared/oracle/avro_oracle.py\` through \`scripts/oracle.sh\`).
\`tests/tests/container.rs\` reads every vendored container file with our reader and compares the
records with these; the test suite never runs Python.

* \`<path under tests/data, "/" replaced by "__">.jsonl\`: the records fastavro reads from that file,
  one per line in Avro JSON (union values as \`{"branch": value}\`, bytes and fixed as strings of
  code points 0-255). For a file fastavro rejects part way, the records it yielded first; no file
  when it yields none.
* \`schemas/*.avsc\`: each distinct writer schema (\`avro.schema\`) of those files, byte for byte,
  named after the first file that has it; \`tests/build.rs\` generates a type for every named one.
* \`fastavro-all-types-<codec>.avro\`: the first 100 datums of
  \`tests/fixtures/project__all-types.avsc.jsonl\` (its \`datum\` column, in order) written by
  fastavro with each codec, blocks of about 4000 bytes, user metadata \`written.by=fastavro\`.
* \`index.tsv\`: tab-separated, a header line, then the container file, its writer schema file,
  the number of records fastavro read and fastavro's error message (empty when it read the
  whole file).

Versions: oracle sha256 \`$oracle_sha\`; $versions.

## Commands (from the repository root)

\`\`\`sh
EOF
    printf '%s\n' "${commands[@]}"
    cat <<'EOF'
```

`datums.jsonl` is the `datum` field of the first 100 lines of
`tests/fixtures/project__all-types.avsc.jsonl`.
EOF
} > "$out/README.md"

echo "wrote $(ls "$out" | wc -l) entries to $out" >&2
