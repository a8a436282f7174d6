# shellcheck shell=bash
# A local streaming standby of the private PostgreSQL cluster, for SALES_ADMIN_REPLICA=1: a second
# PostgreSQL cluster on 127.0.0.1, cloned with pg_basebackup and fed by streaming replication
# through a replication slot, hot_standby on, pg_stat_statements loaded on both clusters (its view
# lives in the "postgres" database and shows every database's statements). The Odoo configuration
# written by setup then carries db_replica_host/db_replica_port. Sourced by common.sh, never
# executed; setup/standby.sh stops, starts, pauses and delays the standby (tests use it).

REPLICA_SLOT=sales_admin_standby

replica_wanted() { [ "${SALES_ADMIN_REPLICA:-0}" = 1 ]; }

replica_paths() {  # after ensure_postgres: where the standby lives and listens
    REPLICA_PGDATA=${SALES_ADMIN_REPLICA_PGDATA:-${PGDATA_DIR:?}-replica}
    REPLICA_PORT=${SALES_ADMIN_REPLICA_PGPORT:-$((PGPORT + 1))}
}

as_pg_owner() {  # PostgreSQL refuses to run as root: as root, its commands run as postgres
    if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

primary_sql() { PGOPTIONS="-c client_min_messages=warning" psql -X -q -d postgres -Atc "$1"; }
standby_sql() { psql -X -q -h 127.0.0.1 -p "$REPLICA_PORT" -d postgres -Atc "$1"; }
standby_running() { "$(pg_bindir)/pg_isready" -q -h 127.0.0.1 -p "$REPLICA_PORT"; }

# The primary preloads pg_stat_statements (one restart, refused while other sessions are connected
# unless SALES_ADMIN_PG_RESTART=1) and keeps at most 2 GB of WAL for a standby that is stopped.
replica_prepare_primary() {
    [ "$(primary_sql "SHOW wal_level")" != minimal ] \
        || die "the private cluster has wal_level = minimal: streaming replication needs 'replica'."
    local preload; preload=$(primary_sql "SHOW shared_preload_libraries")
    if [[ ",${preload// /}," != *,pg_stat_statements,* ]]; then
        local others
        others=$(primary_sql "SELECT count(*) FROM pg_stat_activity WHERE backend_type = 'client backend' AND pid != pg_backend_pid()")
        [ "$others" = 0 ] || [ "${SALES_ADMIN_PG_RESTART:-0}" = 1 ] \
            || die "the private cluster must restart once to load pg_stat_statements for the replica, \
but $others other sessions are connected to it. Run this again when they are done, or with SALES_ADMIN_PG_RESTART=1."
        primary_sql "ALTER SYSTEM SET shared_preload_libraries = '${preload:+$preload,}pg_stat_statements'"
        say "restarting PostgreSQL ($PGDATA_DIR) to load pg_stat_statements"
        as_pg_owner "$(pg_bindir)/pg_ctl" -D "$PGDATA_DIR" -l "$PGDATA_DIR/server.log" -w -t 60 -m fast restart >/dev/null \
            || die "PostgreSQL did not restart; see $PGDATA_DIR/server.log"
    fi
    if [ "$(primary_sql "SHOW max_slot_wal_keep_size")" = -1 ]; then
        primary_sql "ALTER SYSTEM SET max_slot_wal_keep_size = '2GB'" && primary_sql "SELECT pg_reload_conf()" >/dev/null
    fi
    primary_sql "CREATE EXTENSION IF NOT EXISTS pg_stat_statements" >/dev/null
}

# true when the standby's data directory is a copy of this primary whose slot still holds its WAL
replica_usable() {
    [ -f "$REPLICA_PGDATA/PG_VERSION" ] && [ -f "$REPLICA_PGDATA/standby.signal" ] || return 1
    local ours theirs
    ours=$(primary_sql "SELECT system_identifier FROM pg_control_system()")
    theirs=$(as_pg_owner "$(pg_bindir)/pg_controldata" "$REPLICA_PGDATA" | sed -n 's/^Database system identifier: *//p')
    [ "$ours" = "$theirs" ] \
        && [ "$(primary_sql "SELECT wal_status FROM pg_replication_slots WHERE slot_name = '$REPLICA_SLOT'")" != lost ] \
        && [ -n "$(primary_sql "SELECT 1 FROM pg_replication_slots WHERE slot_name = '$REPLICA_SLOT'")" ]
}

replica_clone() {
    say "cloning the private cluster into the standby $REPLICA_PGDATA (port $REPLICA_PORT, loopback only)"
    standby_running && as_pg_owner "$(pg_bindir)/pg_ctl" -D "$REPLICA_PGDATA" -m immediate -w stop >/dev/null 2>&1
    primary_sql "SELECT pg_drop_replication_slot('$REPLICA_SLOT') FROM pg_replication_slots WHERE slot_name = '$REPLICA_SLOT'" >/dev/null
    rm -rf "${REPLICA_PGDATA:?}"
    mkdir -p "$(dirname "$REPLICA_PGDATA")"
    if [ "$(id -u)" = 0 ]; then install -d -o postgres -g postgres -m 700 "$REPLICA_PGDATA"; else install -d -m 700 "$REPLICA_PGDATA"; fi
    # -R writes standby.signal and primary_conninfo; -C -S: a slot keeps the WAL the standby needs
    as_pg_owner env PGPASSWORD="$PGPASSWORD" "$(pg_bindir)/pg_basebackup" -h 127.0.0.1 -p "$PGPORT" -U "$PGUSER" \
        -D "$REPLICA_PGDATA" -X stream -C -S "$REPLICA_SLOT" -R --checkpoint=fast \
        || { rm -rf "${REPLICA_PGDATA:?}"; die "pg_basebackup from 127.0.0.1:$PGPORT into $REPLICA_PGDATA failed (see above)."; }
    rm -f "$REPLICA_PGDATA/server.log"
    # later lines win: the primary's port is in the copied postgresql.conf
    as_pg_owner tee -a "$REPLICA_PGDATA/postgresql.conf" >/dev/null <<CONF
# standby of 127.0.0.1:$PGPORT (setup/replica.sh)
port = $REPLICA_PORT
hot_standby = on
# a throw-away copy, cloned again when unusable: no fsync (its stops and restartpoints took
# minutes on a shared disk, syncing tens of thousands of files)
fsync = off
CONF
}

replica_start() {
    # the first start after a clone fsyncs every copied file: minutes on a slow disk
    standby_running && return 0
    say "starting the standby ($REPLICA_PGDATA)"
    as_pg_owner "$(pg_bindir)/pg_ctl" -D "$REPLICA_PGDATA" -l "$REPLICA_PGDATA/server.log" -w -t 600 start >/dev/null \
        || die "the standby did not start; see $REPLICA_PGDATA/server.log"
}

replica_stop() {
    standby_running || return 0
    as_pg_owner "$(pg_bindir)/pg_ctl" -D "$REPLICA_PGDATA" -m fast -w -t 300 stop >/dev/null \
        || die "the standby did not stop; see $REPLICA_PGDATA/server.log"
}

# replica_wait_caught_up [SECONDS]: the standby streams and has replayed all the primary has written
replica_wait_caught_up() {
    local deadline=$((SECONDS + ${1:-60})) target
    target=$(primary_sql "SELECT pg_current_wal_lsn()")
    until [ "$(primary_sql "SELECT count(*) FROM pg_stat_replication r JOIN pg_replication_slots s ON s.active_pid = r.pid WHERE s.slot_name = '$REPLICA_SLOT' AND r.state = 'streaming'")" = 1 ] \
        && [ "$(standby_sql "SELECT pg_last_wal_replay_lsn() >= '$target'::pg_lsn" 2>/dev/null)" = t ]; do
        [ $SECONDS -lt "$deadline" ] || die "the standby on port $REPLICA_PORT does not catch up with the primary; see $REPLICA_PGDATA/server.log"
        sleep 0.2
    done
}

# A standby for reports: its queries never hold back the primary's vacuum (hot_standby_feedback
# off), and the replay waits for a query it conflicts with up to the lag a report accepts by default
# (sales_admin_reporting.replica_max_lag_seconds, 300 s) before cancelling it (the report then falls
# back to the primary and says so). With the feedback on, a report held back the primary's cleanup
# of old row versions for its whole length, and the orders' p95 next to a report on the replica
# was 1.23x that of the orders around it; with it off, 0.99x to 1.14x in seven runs (bench_load.py).
replica_settings() {
    standby_sql "ALTER SYSTEM SET hot_standby_feedback = off" \
        && replica_conflict_wait 300 \
        || die "could not configure the standby on port $REPLICA_PORT; see $REPLICA_PGDATA/server.log"
}

# replica_conflict_wait SECONDS: how long the replay waits for a standby query it conflicts with
# (a lock it must take, row versions it must remove) before the standby cancels that query
replica_conflict_wait() {
    standby_sql "ALTER SYSTEM SET max_standby_streaming_delay = '${1:?seconds}s'" \
        && standby_sql "SELECT pg_reload_conf()" >/dev/null
}

replica_pause() { standby_sql "SELECT pg_wal_replay_pause()" >/dev/null; }
replica_resume() { standby_sql "SELECT pg_wal_replay_resume()" >/dev/null; }

# replica_delay SECONDS: the standby applies each commit that long after the primary made it (0: off)
replica_delay() {
    standby_sql "ALTER SYSTEM SET recovery_min_apply_delay = '${1:?seconds}s'" && standby_sql "SELECT pg_reload_conf()" >/dev/null
}

replica_status() {
    if ! standby_running; then
        echo "standby: stopped (port $REPLICA_PORT, $REPLICA_PGDATA)"
        return 0
    fi
    standby_sql "SELECT 'standby: running (port ' || current_setting('port') || '), in recovery: ' || pg_is_in_recovery()
                 || ', replay: ' || pg_get_wal_replay_pause_state()
                 || ', apply delay: ' || current_setting('recovery_min_apply_delay')
                 || ', last replayed commit: ' || COALESCE(pg_last_xact_replay_timestamp()::text, 'none')"
    primary_sql "SELECT 'primary: sent ' || sent_lsn || ', replayed ' || replay_lsn || ', ' || pg_wal_lsn_diff(pg_current_wal_lsn(), replay_lsn) || ' bytes behind'
                   FROM pg_stat_replication r JOIN pg_replication_slots s ON s.active_pid = r.pid
                  WHERE s.slot_name = '$REPLICA_SLOT'"
}

# ensure_replica: after ensure_postgres, a running, caught-up standby (cloned again when the primary
# was re-created or the standby fell too far behind), replaying without delay
ensure_replica() {
    [ -n "${PGDATA_DIR:-}" ] || die "SALES_ADMIN_REPLICA=1 starts a standby of the private PostgreSQL cluster, \
but PGHOST is set (an existing server). Unset PGHOST, or leave SALES_ADMIN_REPLICA unset and give Odoo \
your own standby with PGHOST_REPLICA and PGPORT_REPLICA."
    replica_paths
    replica_prepare_primary
    replica_usable || replica_clone
    replica_start
    replica_settings
    if [ "$(standby_sql "SELECT current_setting('recovery_min_apply_delay') != '0' OR pg_get_wal_replay_pause_state() != 'not paused'")" = t ]; then
        replica_delay 0
        replica_resume
    fi
    replica_wait_caught_up 120
    REPLICA_HOST=127.0.0.1
}

# lines of the Odoo configuration for the replica (none when SALES_ADMIN_REPLICA is not 1)
replica_odoo_conf() {
    [ -n "${REPLICA_HOST:-}" ] || return 0
    echo "db_replica_host = $REPLICA_HOST"
    echo "db_replica_port = $REPLICA_PORT"
}
