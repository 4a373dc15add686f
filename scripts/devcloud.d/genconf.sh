#!/bin/bash
# Write every service config under $ETC (rewritten on each `up`; state stays in $DATA).
set -eo pipefail
. "$(dirname "$0")/env.sh"
mkdir -p $ETC/{keystone,glance,placement,nova,neutron/plugins/ml2,uwsgi,rabbitmq}

# Same CORS policy on every API. enable_proxy_headers_parsing: honour X-Forwarded-Proto/Host/Prefix
# from the same-origin nginx (deploy/nginx.conf) so version documents link back through the proxy.
# allow_credentials = false: the panel sends no cookies (its token goes in X-Auth-Token).
CORS_SECTION="[oslo_middleware]
enable_proxy_headers_parsing = true
[cors]
allowed_origin = $CORS_ORIGINS
allow_credentials = false
max_age = 3600
allow_methods = GET,POST,PUT,PATCH,DELETE,HEAD,OPTIONS
allow_headers = X-Auth-Token,X-Subject-Token,OpenStack-API-Version,X-OpenStack-Nova-API-Version,Content-Type,Accept,X-Openstack-Request-Id,X-Service-Token,X-Project-Id,X-Domain-Id,Openstack-Auth-Receipt,X-Image-Meta-Checksum,X-Openstack-Glance-Image-Import-Method
expose_headers = X-Subject-Token,OpenStack-API-Version,X-OpenStack-Nova-API-Version,X-Openstack-Request-Id,Retry-After,Date,X-Compute-Request-Id,Location,Content-Type,Content-Length,Openstack-Auth-Receipt,Openstack-Image-Import-Methods,Openstack-Image-Store-Ids,Etag
"

authtoken() { # keystonemiddleware section; $1 = service user
cat <<EOF
[keystone_authtoken]
www_authenticate_uri = $KS/
auth_url = $KS/
auth_type = password
project_domain_name = Default
user_domain_name = Default
project_name = service
username = $1
password = $SERVICE_PASS
region_name = $REGION
EOF
}

svc_auth() { # keystoneauth section for service-to-service calls; $1 = section, $2 = user
cat <<EOF
[$1]
auth_type = password
auth_url = $KS/v3
project_domain_name = Default
user_domain_name = Default
project_name = service
username = $2
password = $SERVICE_PASS
region_name = $REGION
valid_interfaces = public
EOF
}

# paste pipelines build their own ConfigOpts for the cors filter; its default file is
# /etc/<project>/<project>.conf, so point it at ours. $1 = project, $2 = paste file, $3 = conf
paste_ini() {
  cp $VENV/etc/$1/$(basename $2) $2
  sed -i "/^oslo_config_project = $1/a oslo_config_file = $3" $2
}

# ---------------- Keystone ----------------
cat > $ETC/keystone/keystone.conf <<EOF
[DEFAULT]
log_file = $LOGS/keystone.log
debug = false
[database]
connection = sqlite:///$DATA/keystone.db
[token]
provider = fernet
expiration = 86400
[fernet_tokens]
key_repository = $DATA/keystone-fernet-keys
[fernet_receipts]
key_repository = $DATA/keystone-fernet-keys
[credential]
key_repository = $DATA/keystone-credential-keys
[cache]
enabled = true
backend = oslo_cache.dict
$CORS_SECTION
EOF

# ---------------- Glance ----------------
paste_ini glance $ETC/glance/glance-api-paste.ini $ETC/glance/glance-api.conf
cat > $ETC/glance/glance-api.conf <<EOF
[DEFAULT]
log_file = $LOGS/glance-api.log
debug = false
bind_host = $HOST_IP
bind_port = $GLANCE_PORT
workers = 1
enabled_backends = fs:file
show_image_direct_url = false
public_endpoint = http://$HOST_IP:$GLANCE_PORT
[database]
connection = sqlite:///$DATA/glance.db
[glance_store]
default_backend = fs
[fs]
filesystem_store_datadir = $DATA/glance/images/
[os_glance_staging_store]
filesystem_store_datadir = $DATA/glance/staging/
[os_glance_tasks_store]
filesystem_store_datadir = $DATA/glance/tasks/
[paste_deploy]
flavor = keystone
config_file = $ETC/glance/glance-api-paste.ini
[oslo_concurrency]
lock_path = $DATA/glance/locks
$(authtoken glance)
$CORS_SECTION
EOF

# ---------------- Placement ----------------
cat > $ETC/placement/placement.conf <<EOF
[DEFAULT]
log_file = $LOGS/placement-api.log
debug = false
[api]
auth_strategy = keystone
[placement_database]
connection = sqlite:///$DATA/placement.db
$(authtoken placement)
$CORS_SECTION
EOF

# ---------------- Nova ----------------
paste_ini nova $ETC/nova/api-paste.ini $ETC/nova/nova.conf
cat > $ETC/nova/nova.conf <<EOF
[DEFAULT]
host = devcloud
my_ip = $HOST_IP
state_path = $DATA/nova
instances_path = $DATA/nova/instances
log_dir = $LOGS
debug = false
transport_url = rabbit://guest:guest@$HOST_IP:$RABBIT_PORT/
# like FakeDriver (1000 vCPU, 800000 MB RAM, 600000 GB disk, no real guests) but with a stable
# node uuid in $DATA/nova/compute_id, so nova-compute survives a restart on kept state
compute_driver = fake.FakeDriverWithoutFakeNodes
# one compute host: resize (and its confirm/revert) must be allowed to stay on it
allow_resize_to_same_host = True
# The fake driver never marks a deleted server "cleaned", so this periodic retry re-stamps
# every deleted server's updated_at once, minutes later; changes-since then reports servers
# long gone (real drivers clean up during the delete itself). Off.
instance_delete_interval = -1
enabled_apis = osapi_compute
osapi_compute_listen = $HOST_IP
# the fake driver never plugs VIFs: do not wait for neutron events
vif_plugging_is_fatal = false
vif_plugging_timeout = 0
heal_instance_info_cache_interval = -1
[wsgi]
api_paste_config = $ETC/nova/api-paste.ini
[api]
auth_strategy = keystone
[api_database]
connection = sqlite:///$DATA/nova_api.db
[database]
connection = sqlite:///$DATA/nova_cell1.db
[conductor]
workers = 1
[scheduler]
workers = 1
discover_hosts_in_cells_interval = 10
[oslo_concurrency]
lock_path = $DATA/nova/locks
[vnc]
enabled = false
[glance]
region_name = $REGION
valid_interfaces = public
$(svc_auth placement placement)
$(svc_auth neutron neutron)
# send a service token on nova->neutron/glance calls: neutron's default policy lets only a
# service (or admin) update/delete the ports nova owns
$(svc_auth service_user nova)
send_service_user_token = true
$(authtoken nova)
$CORS_SECTION
EOF
# nova-api under uwsgi would otherwise log to '<frozen importlib._bootstrap>.log'
cat > $ETC/nova/nova-api.conf <<EOF
[DEFAULT]
log_dir =
log_file = $LOGS/nova-api.log
EOF
# The same Nova behind a second API whose DELETE is a soft delete, as on clouds that set
# reclaim_instance_interval: the e2e tests of Restore and Force delete use it. The compute
# service keeps the interval at 0, so nothing reclaims the servers by itself.
cat > $ETC/nova/nova-api-soft-delete.conf <<EOF
[DEFAULT]
log_dir =
log_file = $LOGS/nova-api-soft-delete.log
reclaim_instance_interval = 3600
EOF

# ---------------- Neutron (ML2 without agents) ----------------
paste_ini neutron $ETC/neutron/api-paste.ini $ETC/neutron/neutron.conf
cat > $ETC/neutron/neutron.conf <<EOF
[DEFAULT]
log_file = $LOGS/neutron-api.log
debug = false
bind_host = $HOST_IP
bind_port = $NEUTRON_PORT
api_paste_config = $ETC/neutron/api-paste.ini
core_plugin = ml2
service_plugins = router
auth_strategy = keystone
transport_url = rabbit://guest:guest@$HOST_IP:$RABBIT_PORT/
state_path = $DATA/neutron
notify_nova_on_port_status_changes = false
notify_nova_on_port_data_changes = false
dhcp_agent_notification = false
allow_overlapping_ips = true
[database]
connection = sqlite:///$DATA/neutron.db
[oslo_concurrency]
lock_path = $DATA/neutron/locks
$(authtoken neutron)
$(svc_auth nova nova)
$CORS_SECTION
EOF
cat > $ETC/neutron/plugins/ml2/ml2_conf.ini <<EOF
[ml2]
type_drivers = flat,vlan,vxlan,local
tenant_network_types = vxlan
# devcloud_neutron/: binds every port (vif_type=other, ACTIVE) without any agent
mechanism_drivers = fake_bind_all
extension_drivers = port_security
[ml2_type_flat]
flat_networks = *
[ml2_type_vlan]
network_vlan_ranges = physnet1:100:200
[ml2_type_vxlan]
vni_ranges = 1:1000
EOF

# ---------------- uWSGI (one master + one worker of 4 threads per API) ----------------
uwsgi_ini() { # name module port env...
  local name=$1 module=$2 port=$3; shift 3
  {
    cat <<EOF
[uwsgi]
http-socket = $HOST_IP:$port
module = $module
virtualenv = $VENV
master = true
processes = 1
threads = 4
enable-threads = true
lazy-apps = true
die-on-term = true
need-app = true
buffer-size = 65535
post-buffering = 65536
http-auto-chunked = true
add-header = Connection: close
pidfile = $RUN/$name.pid
EOF
    for e in "$@"; do echo "env = $e"; done
  } > $ETC/uwsgi/$name.ini
}
# keystone's cors filter is hard-wired to oslo_config_project=keystone and searches
# ~/.keystone, ~, /etc/keystone, /etc, $SNAP_COMMON/etc/keystone: SNAP_COMMON=$STATE finds ours
uwsgi_ini keystone keystone.wsgi.api:application $KEYSTONE_PORT \
  OS_KEYSTONE_CONFIG_DIR=$ETC/keystone SNAP_COMMON=$STATE
uwsgi_ini glance-api glance.wsgi.api:application $GLANCE_PORT OS_GLANCE_CONFIG_DIR=$ETC/glance
uwsgi_ini placement-api placement.wsgi.api:application $PLACEMENT_PORT \
  OS_PLACEMENT_CONFIG_DIR=$ETC/placement
uwsgi_ini nova-api nova.wsgi.osapi_compute:application $NOVA_PORT OS_NOVA_CONFIG_DIR=$ETC/nova \
  "OS_NOVA_CONFIG_FILES=api-paste.ini;nova.conf;nova-api.conf"
uwsgi_ini nova-api-soft-delete nova.wsgi.osapi_compute:application $NOVA_SOFT_DELETE_PORT \
  OS_NOVA_CONFIG_DIR=$ETC/nova "OS_NOVA_CONFIG_FILES=api-paste.ini;nova.conf;nova-api-soft-delete.conf"
uwsgi_ini neutron-api neutron.wsgi.api:application $NEUTRON_PORT OS_NEUTRON_CONFIG_DIR=$ETC/neutron

# ---------------- RabbitMQ (private node, see rabbit.sh) ----------------
cat > $ETC/rabbitmq/rabbitmq.conf <<EOF
listeners.tcp.default = $HOST_IP:$RABBIT_PORT
loopback_users.guest = true
EOF
echo "[]." > $ETC/rabbitmq/enabled_plugins
