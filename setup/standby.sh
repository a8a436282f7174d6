#!/usr/bin/env bash
# Controls the local streaming standby that SALES_ADMIN_REPLICA=1 starts next to the private
# PostgreSQL cluster (tests use it to make the standby unreachable or lagging):
#
#   setup/standby.sh status         running or stopped, replay state, delay, bytes behind
#   setup/standby.sh stop | start   stop it (Odoo's read-only cursors then fall back to the primary)
#   setup/standby.sh pause | resume pause WAL replay (pg_wal_replay_pause): it lags behind from then on
#   setup/standby.sh delay SECONDS  apply each commit SECONDS after the primary made it (0: off)
#   setup/standby.sh conflict-wait SECONDS
#                                   let the replay wait SECONDS for a standby query it conflicts
#                                   with before cancelling it (ensure sets 300, kept on restart)
#   setup/standby.sh wait           wait until it has replayed all the primary has written
#   setup/standby.sh ensure         clone it if needed, start it, no pause, no delay, caught up
source "$(dirname "$0")/common.sh"
# the standby belongs to the private cluster, found as setup finds it (not through PGHOST)
unset PGHOST PGPORT PGUSER PGPASSWORD
ensure_postgres
replica_paths

case "${1:-status}" in
    status) replica_status ;;
    stop) replica_stop ;;
    start) replica_start && replica_wait_caught_up 300 ;;
    pause) replica_pause ;;
    resume) replica_resume ;;
    delay) replica_delay "${2:?usage: setup/standby.sh delay SECONDS}" ;;
    conflict-wait) replica_conflict_wait "${2:?usage: setup/standby.sh conflict-wait SECONDS}" ;;
    wait) replica_wait_caught_up "${2:-300}" ;;
    ensure) ensure_replica ;;
    *) die "unknown command '$1': status, stop, start, pause, resume, delay SECONDS, conflict-wait SECONDS, wait or ensure" ;;
esac
