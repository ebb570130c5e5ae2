# Sourced by .ci/run: PostgreSQL and MariaDB for the store contract and the
# end-to-end suites. Exports the URLs the tests read, checks each server
# answers, starts it with this machine's own command if it does not, makes
# sure the database the URLs name exists, and fails loudly otherwise (a URL
# that is set but unreachable would fail the tests anyway, later and less
# clearly).

export DOCNUM_TEST_POSTGRES_URL=postgres://postgres@127.0.0.1:5432/test
export DOCNUM_TEST_MYSQL_URL=mysql://root@127.0.0.1:3306/test

# Waits up to 30 s for "$@" to succeed.
wait_for() {
    for _ in $(seq 1 30); do
        if "$@" >/dev/null 2>&1; then return 0; fi
        sleep 1
    done
    return 1
}

echo "== PostgreSQL (127.0.0.1:5432)"
if ! pg_isready -q -h 127.0.0.1 -p 5432; then
    echo "not answering; starting it"
    pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | sort -V | tail -n 1)" main start || true
fi
if ! wait_for pg_isready -q -h 127.0.0.1 -p 5432; then
    echo "FATAL: PostgreSQL does not answer on 127.0.0.1:5432" >&2
    exit 1
fi
if ! psql "postgres://postgres@127.0.0.1:5432/postgres" -tAc "SELECT 1 FROM pg_database WHERE datname = 'test'" | grep -q 1; then
    psql "postgres://postgres@127.0.0.1:5432/postgres" -c "CREATE DATABASE test"
fi

echo "== MariaDB (127.0.0.1:3306)"
if ! mariadb-admin -h 127.0.0.1 -P 3306 -u root ping >/dev/null 2>&1; then
    echo "not answering; starting it"
    start-stop-daemon --start --oknodo --background --exec /usr/sbin/mariadbd || true
fi
if ! wait_for mariadb-admin -h 127.0.0.1 -P 3306 -u root ping; then
    echo "FATAL: MariaDB does not answer on 127.0.0.1:3306" >&2
    exit 1
fi
mariadb -h 127.0.0.1 -P 3306 -u root -e "CREATE DATABASE IF NOT EXISTS test"
