# Sourced by .ci/run: Redis for the Redlock tests. Exports
# DOCNUM_TEST_REDIS_URL (the shared node; a test fails, never skips, when it
# is set and Redis does not answer), makes sure redis-server is installed
# (the tests also start private nodes on free ports), starts the shared node
# if it is not running, and fails loudly otherwise.

export DOCNUM_TEST_REDIS_URL=redis://127.0.0.1:6379

echo "== Redis (127.0.0.1:6379)"
if ! command -v redis-server >/dev/null 2>&1 || ! command -v redis-cli >/dev/null 2>&1; then
    echo "redis-server missing; installing the Debian package"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq redis-server >/dev/null
fi
redis_answers() { redis-cli -h 127.0.0.1 -p 6379 ping 2>/dev/null | grep -q PONG; }
if ! redis_answers; then
    echo "not answering; starting it"
    mkdir -p /var/lib/redis /var/log/redis
    redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save "" \
        --appendonly no --dir /var/lib/redis --logfile /var/log/redis/ci.log || true
    for _ in $(seq 1 30); do
        if redis_answers; then break; fi
        sleep 1
    done
fi
if ! redis_answers; then
    echo "FATAL: Redis does not answer on 127.0.0.1:6379" >&2
    exit 1
fi
