#!/usr/bin/env bash
# Make sure PostgreSQL and Redis answer on 127.0.0.1, starting them when they are installed
# but stopped. Prints the variables the PostgreSQL + Redis test pass needs, as shell exports.
# Exit 0: both answer. Exit 3: one of them is not installed or cannot be started.
set -u

log() { echo "services: $*" >&2; }

PG_HOST=127.0.0.1
PG_PORT=5432
REDIS_PORT=6379

start_postgres() {
  if pg_isready -q -h "$PG_HOST" -p "$PG_PORT" 2>/dev/null; then return 0; fi
  if ! command -v pg_ctlcluster >/dev/null 2>&1 || [ ! -d /etc/postgresql ]; then
    log "PostgreSQL n'est pas installé (paquet Debian postgresql)."
    return 1
  fi
  local version
  version=$(ls /etc/postgresql | sort -V | tail -n 1)
  log "démarrage de PostgreSQL $version"
  pg_ctlcluster --skip-systemctl-redirect "$version" main start >&2 || true
  for _ in $(seq 1 30); do
    pg_isready -q -h "$PG_HOST" -p "$PG_PORT" && return 0
    sleep 1
  done
  log "PostgreSQL ne répond pas sur $PG_HOST:$PG_PORT."
  return 1
}

postgres_url() {
  # Our CI machines trust 127.0.0.1; a stock Debian install asks for a password instead.
  if psql -h "$PG_HOST" -p "$PG_PORT" -U postgres -d postgres -tAc "SELECT 1" >/dev/null 2>&1; then
    echo "postgres://postgres@$PG_HOST:$PG_PORT/postgres"
    return 0
  fi
  if command -v runuser >/dev/null 2>&1 && id postgres >/dev/null 2>&1; then
    log "authentification par mot de passe : création du rôle orga_test"
    runuser -u postgres -- psql -q -c \
      "DO \$\$BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname='orga_test') THEN CREATE ROLE orga_test LOGIN SUPERUSER PASSWORD 'orga_test'; END IF; END\$\$;" >&2 \
      && echo "postgres://orga_test:orga_test@$PG_HOST:$PG_PORT/postgres" && return 0
  fi
  log "impossible de se connecter à PostgreSQL en tant que postgres."
  return 1
}

start_redis() {
  if redis-cli -h 127.0.0.1 -p "$REDIS_PORT" ping >/dev/null 2>&1; then return 0; fi
  if ! command -v redis-server >/dev/null 2>&1; then
    log "Redis n'est pas installé (paquet Debian redis-server)."
    return 1
  fi
  log "démarrage de Redis"
  redis-server --daemonize yes --bind 127.0.0.1 --port "$REDIS_PORT" --save "" --appendonly no \
    --pidfile /tmp/orga-redis-$REDIS_PORT.pid --logfile /tmp/orga-redis-$REDIS_PORT.log >&2 || true
  for _ in $(seq 1 20); do
    redis-cli -h 127.0.0.1 -p "$REDIS_PORT" ping >/dev/null 2>&1 && return 0
    sleep 0.5
  done
  log "Redis ne répond pas sur 127.0.0.1:$REDIS_PORT."
  return 1
}

ok=0
start_postgres || ok=3
start_redis || ok=3
if [ "$ok" -eq 0 ]; then
  url=$(postgres_url) || exit 3
  echo "export ORGA_TEST_POSTGRES_URL='$url'"
  echo "export ORGA_TEST_REDIS_URL='redis://127.0.0.1:$REDIS_PORT/0'"
fi
exit "$ok"
