#!/usr/bin/env bash
# Regenerates the derived files of avro-schema/tests/data/front-door/ (see its README.md):
# the UTF-16 / UTF-32 / BOM copies of encoding-utf8.avsc, and java-oracle.tsv, Java's verdict on
# every schema there (Apache Avro for Java, ../shared/oracle/java; its README says how to install
# it): file, then the CRC-64-AVRO fingerprint and Parsing Canonical Form, or Java's error.
set -euo pipefail
cd "$(dirname "$0")/.."
dir=avro-schema/tests/data/front-door
src=$dir/encoding-utf8.avsc
iconv -f UTF-8 -t UTF-16LE "$src" > "$dir/encoding-utf16le.avsc"
iconv -f UTF-8 -t UTF-16BE "$src" > "$dir/encoding-utf16be.avsc"
{ printf '\xff\xfe'; iconv -f UTF-8 -t UTF-16LE "$src"; } > "$dir/encoding-utf16le-bom.avsc"
{ printf '\xfe\xff'; iconv -f UTF-8 -t UTF-16BE "$src"; } > "$dir/encoding-utf16be-bom.avsc"
iconv -f UTF-8 -t UTF-32LE "$src" > "$dir/encoding-utf32le.avsc"
{ printf '\x00\x00\xfe\xff'; iconv -f UTF-8 -t UTF-32BE "$src"; } > "$dir/encoding-utf32be-bom.avsc"
{ printf '\xef\xbb\xbf'; cat "$src"; } > "$dir/encoding-utf8-bom.avsc"
oracle=../shared/oracle/java/java-oracle
for f in "$dir"/*.avsc; do
  name=$(basename "$f")
  if out=$("$oracle" parse "$f" 2>&1); then
    printf '%s\t%s\n' "$name" "$(printf '%s' "$out" | cut -f2-)"
  else
    printf '%s\terror\t%s\n' "$name" "$(printf '%s' "$out" | tr '\n' ' ')"
  fi
done > "$dir/java-oracle.tsv"
