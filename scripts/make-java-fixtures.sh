#!/usr/bin/env bash
# Regenerate tests/fixtures/java/: interop with Apache Avro for Java 1.8.2 (Debian's libavro-java)
# and the Avro C tools 1.11.1 (avro-bin), through ../shared/oracle/java.
#
# Usage: scripts/make-java-fixtures.sh
#   needs: apt-get install -y default-jdk-headless libavro-java avro-bin
#
# Output (tests/fixtures/java/):
#   ours-alltypes-<codec>.avro   our container files, codec null, deflate, snappy, bzip2, xz, of
#   ours-interop-<codec>.avro    the first 40 datums of tests/fixtures/project__all-types.avsc.jsonl
#                                (type all_types_chrono) and of
#                                tests/fixtures/apache__schemas__interop.avsc.jsonl (Apache's
#                                interop.avsc): `AVRO_UPDATE_JAVA_FIXTURES=1 cargo test -p
#                                avro-tests --test java_interop our_files_are_the_committed_ones`
#   ours-*-<codec>.java.jsonl    `java-oracle cat FILE` (Java's DataFileReader: the schema, then
#                                one datum a line through Java's JsonEncoder)
#   ours-interop-<codec>.avrocat.jsonl   `avrocat FILE` (Avro C; it cannot read the all-types
#                                header, whose bytes default holds \u0000; Debian's build has no
#                                bzip2 and no xz codec, so for those this is its error message)
#   java-interop-empty-<codec>.avrocat.txt   for bzip2 and xz: avrocat's answer to an empty
#                                interop.avsc file Java wrote with the codec (the same refusal)
#   java-alltypes-<codec>.avro   `java-oracle write tests/data/project/all-types.avsc DATUMS OUT
#                                <codec>`, DATUMS being the same 40 all-types datums in Avro JSON
#   compat-java.tsv            Java's SchemaCompatibility.checkReaderWriterCompatibility on every
#                              pair of tests/data/project/compat-cases.jsonl (`case-<id>`) and of
#                              tests/fixtures/resolution (`resolution/<name>`), through
#                              scripts/JavaCompat.java (all pairs in one JVM)
#
# tests/tests/java_interop.rs checks them; the test suite never runs Java.
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo"
java_dir="${AVRO_SHARED:-$repo/../shared}/oracle/java"
oracle="$java_dir/java-oracle"
out=tests/fixtures/java
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
rm -rf "$out"
mkdir -p "$out"

AVRO_UPDATE_JAVA_FIXTURES=1 cargo test -q -p avro-tests --test java_interop our_files_are_the_committed_ones

schema=tests/data/project/all-types.avsc
head -n 40 tests/fixtures/project__all-types.avsc.jsonl \
  | python3 -c 'import json, sys
for line in sys.stdin: print(json.dumps(json.loads(line)["datum"]))' > "$tmp/datums.json"

for codec in null deflate snappy bzip2 xz; do
  for kind in alltypes interop; do
    "$oracle" cat "$out/ours-$kind-$codec.avro" > "$out/ours-$kind-$codec.java.jsonl"
  done
  # Debian's Avro C has no bzip2 and no xz codec: its refusal is kept as the output, and the
  # same refusal of an (empty) file Java wrote with the codec shows it is Avro C's limit.
  if avrocat "$out/ours-interop-$codec.avro" > "$out/ours-interop-$codec.avrocat.jsonl" 2>&1; then
    :
  else
    [ "$codec" = bzip2 ] || [ "$codec" = xz ]
    "$oracle" write tests/data/apache/schemas/interop.avsc /dev/null "$tmp/java-$codec.avro" "$codec"
    ! avrocat "$tmp/java-$codec.avro" > "$out/java-interop-empty-$codec.avrocat.txt" 2>&1
  fi
  "$oracle" write "$schema" "$tmp/datums.json" "$out/java-alltypes-$codec.avro" "$codec"
done

# Compatibility: every pair in one JVM.
python3 - "$tmp" > "$tmp/pairs.tsv" <<'PY'
import json, os, sys
tmp = sys.argv[1]
def put(name, text):
    path = os.path.join(tmp, name.replace("/", "__"))
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)
    return path
for line in open("tests/data/project/compat-cases.jsonl", encoding="utf-8"):
    if not line.strip():
        continue
    case = json.loads(line)
    pair = f"case-{case['id']}"
    r = put(pair + ".reader.avsc", json.dumps(case["reader"]))
    w = put(pair + ".writer.avsc", json.dumps(case["writer"]))
    print(f"{pair}\t{r}\t{w}")
for line in list(open("tests/fixtures/resolution/index.tsv", encoding="utf-8"))[1:]:
    name = line.split("\t")[0]
    d = f"tests/fixtures/resolution/{name}"
    print(f"resolution/{name}\t{d}/reader.avsc\t{d}/writer.avsc")
PY
cp=$(ls /usr/share/java/{avro,jackson-core-asl,jackson-mapper-asl,commons-compress,xz,snappy-java,slf4j-api,slf4j-nop,paranamer}.jar 2>/dev/null | tr '\n' ':')
javac -nowarn -cp "$cp" -d "$tmp" scripts/JavaCompat.java
{
  printf 'pair\tjava_verdict\tjava_detail\n'
  java -cp "$tmp:$cp" JavaCompat < "$tmp/pairs.tsv"
} > "$out/compat-java.tsv"
echo "wrote $out: $(($(wc -l < "$out/compat-java.tsv") - 1)) verdicts"
