#!/usr/bin/env bash
# Runs once, when the PostgreSQL container starts on an empty data volume: one login role and
# one database per service (troco_gateway, troco_charge, ...), each database owned by its role
# and closed to the others, as CloudNativePG's DatabaseRole/Database resources do on Kubernetes.
set -euo pipefail

: "${TROCO_DB_PASSWORD:?TROCO_DB_PASSWORD must be set}"

for service in gateway charge payout compliance notification; do
  psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname postgres \
    --set=name="troco_${service}" --set=password="${TROCO_DB_PASSWORD}" <<'SQL'
CREATE ROLE :"name" LOGIN PASSWORD :'password';
CREATE DATABASE :"name" OWNER :"name";
REVOKE ALL ON DATABASE :"name" FROM PUBLIC;
SQL
done
