"""Confluent's own Python client (confluent-kafka: SchemaRegistryClient, AvroSerializer,
AvroDeserializer) against avro-registry's test registry. Run by scripts/make-confluent-fixtures.sh,
which starts the registry and runs the Rust producer; see there for the outputs.

Usage:
  confluent_interop.py produce URL SCHEMA.avsc OUT_DIR   # serialize, subject strategies, client calls
  confluent_interop.py consume URL RUST_FRAMES.jsonl OUT.jsonl   # deserialize the Rust frames
"""

import io
import json
import sys
from datetime import datetime, timedelta, timezone

import fastavro
from confluent_kafka.schema_registry import (
    Schema,
    SchemaRegistryClient,
    record_subject_name_strategy,
    topic_record_subject_name_strategy,
    topic_subject_name_strategy,
)
from confluent_kafka.schema_registry.avro import AvroDeserializer, AvroSerializer
from confluent_kafka.schema_registry.error import SchemaRegistryError
from confluent_kafka.serialization import MessageField, SerializationContext

TOPIC = "payments"


def avro_json(schema, datum):
    """The datum in the Avro JSON encoding (fastavro's json_writer), as a JSON value."""
    out = io.StringIO()
    fastavro.json_writer(out, fastavro.parse_schema(schema), [datum])
    return json.loads(out.getvalue())


def payments():
    """Payments covering every field shape, as a Python producer writes them (datetimes)."""
    start = datetime(2024, 2, 29, 23, 59, 59, 999000, tzinfo=timezone.utc)
    out = []
    for i in range(8):
        out.append(
            {
                "id": f"py-{i}-ß",
                "amount_cents": [-(2**63), 2**63 - 1, 0, -1][i % 4] if i < 4 else 123456789 * i,
                "currency": ["EUR", "USD", "GBP", "OTHER"][i % 4],
                "created_at": start + timedelta(milliseconds=1000 * i * i),
                "method": None if i % 3 == 0 else {"last4": f"{4000 + i}", "network": "amex"},
                "tags": [f"t{j}" for j in range(i % 3)],
                "metadata": {f"key{j}": "välue" * j for j in range(i % 4)},
                "refunded": i % 2 == 0,
                "rate": [0.5, -0.0, 1.7976931348623157e308, 5e-324][i % 4],
                "checksum": bytes(range(255 - i, 255 - i - 17 * i, -1)),
            }
        )
    return out


def error_of(call):
    try:
        call()
    except SchemaRegistryError as e:
        return {"http_status_code": e.http_status_code, "error_code": e.error_code, "message": e.error_message}
    return None


def produce(url, schema_path, out_dir):
    client = SchemaRegistryClient({"url": url})
    schema_str = open(schema_path, encoding="utf-8").read()
    schema = json.loads(schema_str)
    values = payments()

    # Values with each subject name strategy; keys with the default one.
    frames = []
    strategies = [
        ("topic_subject_name_strategy", topic_subject_name_strategy),
        ("record_subject_name_strategy", record_subject_name_strategy),
        ("topic_record_subject_name_strategy", topic_record_subject_name_strategy),
    ]
    for name, strategy in strategies:
        before = set(client.get_subjects())
        serializer = AvroSerializer(client, schema_str, conf={"subject.name.strategy": strategy})
        for i, value in enumerate(values):
            frame = serializer(value, SerializationContext(TOPIC, MessageField.VALUE))
            frames.append({"strategy": name, "topic": TOPIC, "is_key": False, "frame": frame.hex(), "avro_json": avro_json(schema, value)})
        registered = sorted(set(client.get_subjects()) - before)
        frames.append({"strategy": name, "topic": TOPIC, "is_key": False, "registered_subjects": registered})
    key_serializer = AvroSerializer(client, '"string"')
    frame = key_serializer("py-0-ß", SerializationContext(TOPIC, MessageField.KEY))
    frames.append({"strategy": "topic_subject_name_strategy", "topic": TOPIC, "is_key": True, "frame": frame.hex(), "avro_json": "py-0-ß"})
    with open(f"{out_dir}/python_frames.jsonl", "w", encoding="utf-8") as f:
        for line in frames:
            f.write(json.dumps(line, ensure_ascii=False) + "\n")

    # The client's API, each call's result as the client returned it.
    subject = f"{TOPIC}-value"
    v2 = open(schema_path.replace("payment.avsc", "payment_v2.avsc"), encoding="utf-8").read()
    bad = json.dumps({"type": "record", "name": "Payment", "namespace": "com.example.payments", "fields": [{"name": "id", "type": "string"}, {"name": "amount_cents", "type": "string"}]})
    calls = {}
    calls["get_subjects"] = client.get_subjects()
    calls["get_versions"] = client.get_versions(subject)
    latest = client.get_latest_version(subject)
    calls["get_latest_version"] = {"schema_id": latest.schema_id, "subject": latest.subject, "version": latest.version, "schema": latest.schema.schema_str}
    first = client.get_version(subject, 1)
    calls["get_version_1"] = {"schema_id": first.schema_id, "subject": first.subject, "version": first.version}
    found = client.lookup_schema(subject, Schema(schema_str, "AVRO"))
    calls["lookup_schema"] = {"schema_id": found.schema_id, "subject": found.subject, "version": found.version}
    calls["get_compatibility_global"] = client.get_compatibility()
    calls["test_compatibility_v2"] = client.test_compatibility(subject, Schema(v2, "AVRO"))
    calls["test_compatibility_bad"] = client.test_compatibility(subject, Schema(bad, "AVRO"))
    calls["set_compatibility"] = client.set_compatibility(subject, "FULL_TRANSITIVE")
    calls["get_compatibility_subject"] = client.get_compatibility(subject)
    calls["test_compatibility_all_versions_v2"] = client.test_compatibility_all_versions(subject, Schema(v2, "AVRO"))
    calls["register_v2_under_full_transitive"] = error_of(lambda: client.register_schema(subject, Schema(v2, "AVRO")))
    calls["set_compatibility_backward_transitive"] = client.set_compatibility(subject, "BACKWARD_TRANSITIVE")
    calls["register_v2"] = client.register_schema(subject, Schema(v2, "AVRO"))
    calls["get_versions_after"] = client.get_versions(subject)
    calls["register_bad"] = error_of(lambda: client.register_schema(subject, Schema(bad, "AVRO")))
    calls["get_schema_unknown"] = error_of(lambda: SchemaRegistryClient({"url": url}).get_schema(999))
    calls["get_version_unknown"] = error_of(lambda: client.get_version(subject, 42))
    calls["lookup_unknown_subject"] = error_of(lambda: client.lookup_schema("nope-value", Schema(schema_str, "AVRO")))
    calls["set_compatibility_invalid"] = error_of(lambda: client.set_compatibility(subject, "SIDEWAYS"))
    with open(f"{out_dir}/python_client_calls.json", "w", encoding="utf-8") as f:
        json.dump(calls, f, indent=1, ensure_ascii=False, sort_keys=True)
        f.write("\n")


def consume(url, frames_path, out_path):
    client = SchemaRegistryClient({"url": url})
    deserializer = AvroDeserializer(client)
    out = []
    for line in open(frames_path, encoding="utf-8"):
        record = json.loads(line)
        frame = bytes.fromhex(record["frame"])
        value = deserializer(frame, SerializationContext("rust-payments", MessageField.VALUE))
        writer = json.loads(client.get_schema(record["schema_id"]).schema_str)
        out.append({"frame": record["frame"], "python_decoded": avro_json(writer, value)})
    with open(out_path, "w", encoding="utf-8") as f:
        for line in out:
            f.write(json.dumps(line, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    command, args = sys.argv[1], sys.argv[2:]
    {"produce": produce, "consume": consume}[command](*args)
