#!/usr/bin/env bash
# Run the fastavro/avro oracle (../shared/oracle/avro_oracle.py) from a private virtualenv.
#
# Usage: scripts/oracle.sh <avro_oracle.py arguments...>
#   e.g. scripts/oracle.sh random tests/data/project/all-types.avsc 10 42
#
# On first use this creates `.venv-oracle/` at the repository root (git-ignored) and installs the
# pinned requirements from ../shared/oracle/requirements.txt into it. Later runs reuse it; if the
# requirements file changes, the venv is updated (a stamp file records the installed hash).
# Environment: PYTHON (interpreter used to create the venv, default python3),
#              AVRO_SHARED (path to the shared folder, default <repo>/../shared).
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
shared="${AVRO_SHARED:-$repo/../shared}"
oracle_dir="$shared/oracle"
req="$oracle_dir/requirements.txt"
venv="$repo/.venv-oracle"
stamp="$venv/.requirements.sha256"

if [[ ! -f "$oracle_dir/avro_oracle.py" || ! -f "$req" ]]; then
    echo "oracle.sh: cannot find $oracle_dir/avro_oracle.py and requirements.txt (set AVRO_SHARED)" >&2
    exit 2
fi

want="$(sha256sum "$req" | cut -d' ' -f1)"
if [[ ! -x "$venv/bin/python" || ! -f "$stamp" || "$(cat "$stamp")" != "$want" ]]; then
    # Serialise concurrent first runs (e.g. make-fixtures running several oracles).
    # The lock lives inside the (git-ignored) venv folder; `python -m venv` accepts an existing dir.
    mkdir -p "$venv"
    exec 9>"$venv/.setup.lock"
    if command -v flock >/dev/null; then flock 9; fi
    if [[ ! -x "$venv/bin/python" || ! -f "$stamp" || "$(cat "$stamp")" != "$want" ]]; then
        echo "oracle.sh: setting up $venv from $req" >&2
        [[ -x "$venv/bin/python" ]] || "${PYTHON:-python3}" -m venv "$venv"
        "$venv/bin/python" -m pip install --quiet --disable-pip-version-check -r "$req" >&2
        echo "$want" > "$stamp"
    fi
    exec 9>&-
fi

exec "$venv/bin/python" "$oracle_dir/avro_oracle.py" "$@"
