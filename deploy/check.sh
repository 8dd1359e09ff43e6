#!/usr/bin/env bash
# Offline checks of the deployment files (no cluster, no container engine, no network but the
# npm registry for the first `npm ci`):
#   1. every overlay under deploy/overlays renders (kubectl kustomize);
#   2. every rendered object validates against the Kubernetes schemas (built-in kinds) and the
#      Strimzi / CloudNativePG CRD schemas: unknown fields, wrong types, missing required fields;
#   3. the deliberately broken manifests in deploy/validate/broken are REJECTED, each for the
#      reason it names (the validator can fail);
#   4. docker-compose.yml is valid (docker-compose config -q);
#   5. Compose and every overlay give each service the same environment variable names, those
#      names are what the services read, and the KafkaTopics match Topics.java and the
#      services' own topic settings; a Compose file with a variable removed is rejected.
#
#   deploy/check.sh          (from anywhere; about 20 s after the first npm install)
set -euo pipefail
cd "$(dirname "$0")/.."
root="$(pwd)"
started=$(date +%s)
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
passed=0
failed=0

step() {
  local name="$1"
  shift
  echo "== $name"
  if "$@"; then
    passed=$((passed + 1))
  else
    failed=$((failed + 1))
    echo "FAILED: $name"
  fi
}

# --------------------------------------------------------------------------- tools
command -v kubectl > /dev/null || { echo "kubectl is required (kubectl kustomize renders the overlays)"; exit 1; }
command -v node > /dev/null && command -v npm > /dev/null || { echo "node (>= 20) and npm are required"; exit 1; }
if ! command -v docker-compose > /dev/null; then
  if [ "$(id -u)" = 0 ] && command -v apt-get > /dev/null; then
    echo "== installing docker-compose (Debian package; validates files without a container engine)"
    apt-get update -qq > /dev/null
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends docker-compose > /dev/null
  else
    echo "docker-compose is required: apt-get install --no-install-recommends docker-compose"
    exit 1
  fi
fi

# The validator's dependencies, exactly as locked; reinstalled only when the lock file changes.
validate="$root/deploy/validate"
lock_sum="$(sha256sum "$validate/package-lock.json" | cut -d' ' -f1)"
if [ "$(cat "$validate/node_modules/.troco-lock-sha256" 2> /dev/null || true)" != "$lock_sum" ]; then
  echo "== npm ci (deploy/validate)"
  (cd "$validate" && npm ci --no-audit --no-fund --loglevel=error)
  echo "$lock_sum" > "$validate/node_modules/.troco-lock-sha256"
fi

# ------------------------------------------------------------------------- checks
overlays=()
for dir in deploy/overlays/*/; do
  overlays+=("$(basename "$dir")")
done

render() {
  local ok=0
  for overlay in "${overlays[@]}"; do
    if kubectl kustomize "deploy/overlays/$overlay" > "$work/$overlay.yaml"; then
      echo "$overlay: $(grep -c '^kind:' "$work/$overlay.yaml") objects"
    else
      ok=1
    fi
  done
  return $ok
}
step "render the overlays (kubectl kustomize): ${overlays[*]}" render

rendered=()
for overlay in "${overlays[@]}"; do
  rendered+=("$work/$overlay.yaml")
done
step "validate the rendered objects against their schemas" \
  node "$validate/validate.mjs" "${rendered[@]}"

step "the validator rejects the broken manifests (deploy/validate/broken)" \
  node "$validate/validate.mjs" --expect-invalid "$validate"/broken/*.yaml

# Compose has no secret defaults: it must refuse to render without them, and render with them.
compose_secrets=(TROCO_INTERNAL_SERVICE_TOKEN TROCO_GATEWAY_ENCRYPTION_KEY TROCO_GATEWAY_HASH_PEPPER
  TROCO_NOTIFICATION_ENCRYPTION_KEY TROCO_DB_PASSWORD POSTGRES_PASSWORD)
compose_config() {
  if env -u TROCO_GATEWAY_ENCRYPTION_KEY docker-compose -f docker-compose.yml config -q 2> "$work/compose-unset.log"; then
    echo "docker-compose.yml rendered without TROCO_GATEWAY_ENCRYPTION_KEY: a secret has a default"
    return 1
  fi
  local -a fake=()
  for name in "${compose_secrets[@]}"; do fake+=("$name=check-only-not-a-secret-$name"); done
  env "${fake[@]}" docker-compose -f docker-compose.yml config -q \
    && env "${fake[@]}" docker-compose -f docker-compose.yml config > "$work/compose.yml"
}
step "docker-compose.yml is valid (docker-compose config) and has no secret defaults" compose_config

env_args=()
for overlay in "${overlays[@]}"; do
  env_args+=("$overlay=$work/$overlay.yaml")
done
step "environment variables: Compose = Kubernetes = what the services read; topics" \
  node "$validate/env-check.mjs" "$root" "$work/compose.yml" "${env_args[@]}"

env_check_rejects_drift() {
  # The same check must fail when Compose loses a variable the manifests set.
  grep -v 'QUARKUS_DATASOURCE_JDBC_MAX_SIZE' "$work/compose.yml" > "$work/compose-drifted.yml"
  if node "$validate/env-check.mjs" "$root" "$work/compose-drifted.yml" "${env_args[@]}" > "$work/drift.log"; then
    echo "the environment check accepted a Compose file without QUARKUS_DATASOURCE_JDBC_MAX_SIZE"
    return 1
  fi
  if ! grep -q 'set in Kubernetes only: QUARKUS_DATASOURCE_JDBC_MAX_SIZE' "$work/drift.log"; then
    echo "the environment check failed a drifted Compose file, but not for the removed variable:"
    cat "$work/drift.log"
    return 1
  fi
  echo "rejected as expected: QUARKUS_DATASOURCE_JDBC_MAX_SIZE set in Kubernetes only"
}
step "the environment check rejects a drifted Compose file" env_check_rejects_drift

echo "== deploy checks done in $(( $(date +%s) - started )) s"
echo "deploy: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
