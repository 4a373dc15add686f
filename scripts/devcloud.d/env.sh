# Settings shared by scripts/devcloud and the helpers in scripts/devcloud.d/ (sourced, not run).
# Everything lives under $STATE, outside the checkout, and binds 127.0.0.1 only.

STATE=${NEPHELE_DEVCLOUD_STATE:-$HOME/.local/state/nephele-devcloud}
VENV=$STATE/venv
ETC=$STATE/etc
DATA=$STATE/data
LOGS=$STATE/logs
RUN=$STATE/run
PANEL=$STATE/panel          # config.json variants served by nginx
HOST_IP=127.0.0.1

KEYSTONE_PORT=5000
GLANCE_PORT=9292
PLACEMENT_PORT=8778
NOVA_PORT=8774
NOVA_SOFT_DELETE_PORT=8764  # a second nova-api whose deletes are soft (restore, force delete)
NEUTRON_PORT=9696
# RabbitMQ and Erlang off their default ports (5672, 4369, 25672): Debian's rabbitmq-server
# and erlang packages start system daemons there when installed
RABBIT_PORT=5682
EPMD_PORT=4379              # Erlang port mapper, needed by rabbitmq(ctl)
RABBIT_DIST_PORT=25682      # Erlang distribution port of our rabbit node
NGINX_CORS_PORT=8089        # static dist/ only; the panel talks to the APIs with CORS
NGINX_SO_PORT=8081          # same-origin: dist/ + /identity/ /compute/ /image/ /network/ proxies
NGINX_LIMITED_PORT=8082     # the same, with /compute/ rate-limited for clients with a cookie (e2e)
FAULT_PROXY_TIMEOUT=3       # seconds nginx on $NGINX_LIMITED_PORT waits for Nova before its 504 (e2e)
ALL_PORTS="$KEYSTONE_PORT $GLANCE_PORT $PLACEMENT_PORT $NOVA_PORT $NOVA_SOFT_DELETE_PORT $NEUTRON_PORT $RABBIT_PORT \
$EPMD_PORT $RABBIT_DIST_PORT $NGINX_CORS_PORT $NGINX_SO_PORT $NGINX_LIMITED_PORT"

ADMIN_PASS=admin-secret
DEMO_PASS=demo-secret      # the demo project: for people (scripts/demo); tests never touch it
E2E_PASS=e2e-secret        # the e2e project and user: the end-to-end tests' own
SERVICE_PASS=service-secret
REGION=RegionOne

# Browser origins allowed by oslo.middleware CORS (8080: trunk serve, 8089: nginx serving dist/)
CORS_ORIGINS=http://127.0.0.1:8080,http://localhost:8080,http://127.0.0.1:$NGINX_CORS_PORT

KS=http://$HOST_IP:$KEYSTONE_PORT

# the python helpers (bootstrap_identity.py, seed.py) read these from the environment
export STATE VENV ETC DATA LOGS RUN HOST_IP KS REGION ADMIN_PASS DEMO_PASS E2E_PASS SERVICE_PASS \
  KEYSTONE_PORT GLANCE_PORT PLACEMENT_PORT NOVA_PORT NEUTRON_PORT
