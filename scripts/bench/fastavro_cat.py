"""What `avro cat` does, with fastavro: read a container file and write each record as Avro JSON,
one per line (fastavro.json_write.json_writer, the Avro JSON encoding). Used by
scripts/bench-cat.sh."""
import sys

import fastavro
from fastavro.json_write import json_writer

with open(sys.argv[1], "rb") as f:
    reader = fastavro.reader(f)
    json_writer(sys.stdout, reader.writer_schema, reader)
