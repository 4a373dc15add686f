#!/bin/bash
# rabbit.sh start|stop|ctl ARGS...  -- a private RabbitMQ node (Debian's package, not its service):
# bound to 127.0.0.1, state in $DATA/rabbitmq, pid in $RUN/rabbitmq.pid. epmd must already run.
. "$(dirname "$0")/env.sh"
# env -i: a clean environment, so no RABBITMQ_*/ERL_* of the caller leaks in; HOME holds the cookie.
# inet_dist_use_interface keeps the Erlang distribution port ($RABBIT_DIST_PORT) on loopback too.
rabbit_env() {
  env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=$DATA/rabbitmq LANG=C.UTF-8 \
    RABBITMQ_NODENAME=rabbit@localhost RABBITMQ_NODE_IP_ADDRESS=$HOST_IP RABBITMQ_NODE_PORT=$RABBIT_PORT \
    ERL_EPMD_ADDRESS=$HOST_IP ERL_EPMD_PORT=$EPMD_PORT RABBITMQ_DIST_PORT=$RABBIT_DIST_PORT \
    RABBITMQ_CONFIG_FILE=$ETC/rabbitmq/rabbitmq.conf RABBITMQ_ENABLED_PLUGINS_FILE=$ETC/rabbitmq/enabled_plugins \
    RABBITMQ_MNESIA_BASE=$DATA/rabbitmq/mnesia RABBITMQ_LOG_BASE=$LOGS/rabbitmq RABBITMQ_LOGS=$LOGS/rabbitmq.log \
    RABBITMQ_PID_FILE=$RUN/rabbitmq.pid \
    RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS="-kernel inet_dist_use_interface {127,0,0,1}" \
    RABBITMQ_CTL_ERL_ARGS="-kernel inet_dist_use_interface {127,0,0,1}" "$@"
}
case "$1" in
  start)
    mkdir -p $DATA/rabbitmq $LOGS/rabbitmq $RUN
    rabbit_env setsid /usr/lib/rabbitmq/bin/rabbitmq-server > $LOGS/rabbitmq.out 2>&1 < /dev/null 9>&- &
    # returns once the node has booted (and written its pid file), fails after 90 s
    rabbit_env /usr/lib/rabbitmq/bin/rabbitmqctl wait --timeout 90 $RUN/rabbitmq.pid > /dev/null 9>&-
    ;;
  stop)
    [ -f $RUN/rabbitmq.pid ] && rabbit_env /usr/lib/rabbitmq/bin/rabbitmqctl stop $RUN/rabbitmq.pid > /dev/null 2>&1
    ;;
  ctl) shift; rabbit_env /usr/lib/rabbitmq/bin/rabbitmqctl "$@" ;;
  *) echo "usage: $0 start|stop|ctl ARGS" >&2; exit 2 ;;
esac
