#!/bin/bash
# check.sh: smoke-test a running devcloud the way the panel uses it, with curl only:
# e2e token (the tests' own project: the demo project is left to people), flavors, images, a
# server (networks "none") to ACTIVE and deleted, CORS
# preflights + actual requests on each API from $ORIGIN, and nginx (CORS + same-origin) if it
# runs. Run by `scripts/devcloud check`. Prints PASS/FAIL lines and "N passed, N failed".
. "$(dirname "$0")/env.sh"
ORIGIN=${ORIGIN:-http://127.0.0.1:$NGINX_CORS_PORT}
NOVA=http://$HOST_IP:$NOVA_PORT/v2.1
GLANCE=http://$HOST_IP:$GLANCE_PORT
NEUTRON=http://$HOST_IP:$NEUTRON_PORT
pass=0 fail=0
chk() { # NAME CMD...: PASS if CMD succeeds
  local n=$1; shift
  if "$@"; then pass=$((pass + 1)); echo "PASS $n"; else fail=$((fail + 1)); echo "FAIL $n"; fi
}
json() { python3 -c "import json,sys; d=json.load(sys.stdin); $1"; }
has_header() { grep -qi "^$1:.*$2" <<< "$H"; }       # uses $H (headers of the last request)
header() { grep -i "^$1:" <<< "$H" | head -1 | cut -d' ' -f2- | tr -d '\r'; }

AUTH='{"auth":{"identity":{"methods":["password"],"password":{"user":{"name":"e2e","domain":{"name":"Default"},"password":"'$E2E_PASS'"}}},"scope":{"project":{"name":"e2e","domain":{"name":"Default"}}}}}'

# ---- the API as the panel sees it ----
H=$(curl -s -D - -o /tmp/devcloud-check.$$ -X POST $KS/v3/auth/tokens -H "Content-Type: application/json" -d "$AUTH")
TOKEN=$(header X-Subject-Token)
chk "keystone: e2e token scoped to project e2e" \
  test "$(json 'print(d["token"]["project"]["name"])' < /tmp/devcloud-check.$$)" = e2e
rm -f /tmp/devcloud-check.$$
A=(-H "X-Auth-Token: $TOKEN")
MV=(-H "OpenStack-API-Version: compute 2.90")

FLAVORS=$(curl -s "${A[@]}" "${MV[@]}" $NOVA/flavors/detail | json 'print(" ".join(sorted(f["name"]+"="+f["id"] for f in d["flavors"])))')
echo "     flavors: $FLAVORS"
chk "nova: flavors m1.nano(42) m1.tiny(1) m1.small(2) m1.medium(3) m1.large(4)" \
  test "$FLAVORS" = "m1.large=4 m1.medium=3 m1.nano=42 m1.small=2 m1.tiny=1"

IMAGES=$(curl -s "${A[@]}" "$GLANCE/v2/images?limit=100")
echo "     images: $(json 'print(", ".join("%s(%s,%s,%s)" % (i["name"], i["disk_format"], i["visibility"], i["status"]) for i in d["images"]))' <<< "$IMAGES")"
chk "glance: tiny-raw (raw) and tiny-qcow2 (qcow2) public and active" json '
ok = {(i["name"], i["disk_format"], i["visibility"], i["status"]) for i in d["images"]}
sys.exit(not {("tiny-raw","raw","public","active"), ("tiny-qcow2","qcow2","public","active")} <= ok)' <<< "$IMAGES"
chk "glance: e2e-snapshot owned by e2e, image_type=snapshot, base_image_ref=tiny-raw" json '
by = {i["name"]: i for i in d["images"]}
s = by["e2e-snapshot"]
sys.exit(not (s.get("image_type") == "snapshot" and s["base_image_ref"] == by["tiny-raw"]["id"]
              and s["visibility"] == "private" and s["owner"] == by["e2e-snapshot"]["owner"]
              and s["owner"] != by["tiny-raw"]["owner"]))' <<< "$IMAGES"
IMG=$(json 'print([i["id"] for i in d["images"] if i["name"] == "tiny-raw"][0])' <<< "$IMAGES")

NETS=$(curl -s "${A[@]}" $NEUTRON/v2.0/networks | json 'print(" ".join(sorted(n["name"] for n in d["networks"])))')
chk "neutron: networks private + public visible to e2e ($NETS)" test "$NETS" = "private public"

t0=$(date +%s.%N)
SID=$(curl -s "${A[@]}" "${MV[@]}" -H "Content-Type: application/json" $NOVA/servers \
  -d '{"server":{"name":"devcloud-check","imageRef":"'$IMG'","flavorRef":"42","networks":"none"}}' |
  json 'print(d["server"]["id"])')
st=""
for i in $(seq 1 240); do
  st=$(curl -s "${A[@]}" "${MV[@]}" $NOVA/servers/$SID | json 'print(d["server"]["status"])')
  [ "$st" = ACTIVE ] || [ "$st" = ERROR ] && break; sleep 0.5
done
chk "nova: server (networks none) reaches ACTIVE ($st after $(awk -v a=$t0 -v b=$(date +%s.%N) 'BEGIN{printf "%.1f", b-a}') s)" test "$st" = ACTIVE
curl -s -o /dev/null "${A[@]}" -X DELETE $NOVA/servers/$SID
code=""
for i in $(seq 1 120); do
  code=$(curl -s -o /dev/null -w '%{http_code}' "${A[@]}" $NOVA/servers/$SID)
  [ "$code" = 404 ] && break; sleep 0.5
done
chk "nova: server deleted" test "$code" = 404

# ---- CORS, as a page on $ORIGIN would do it ----
REQ_HEADERS="x-auth-token,openstack-api-version,x-openstack-nova-api-version,content-type,x-subject-token"
EXPOSE="X-Subject-Token OpenStack-API-Version X-OpenStack-Nova-API-Version X-Openstack-Request-Id Retry-After"
cors_ok() { # URL: every method preflights, with every header the panel sends
  local m h
  for m in GET POST PUT PATCH DELETE HEAD OPTIONS; do
    H=$(curl -s -D - -o /dev/null -X OPTIONS "$1" -H "Origin: $ORIGIN" \
      -H "Access-Control-Request-Method: $m" -H "Access-Control-Request-Headers: $REQ_HEADERS")
    has_header Access-Control-Allow-Origin "$ORIGIN" && has_header Access-Control-Allow-Methods "$m" ||
      { echo "     preflight $m $1 refused"; return 1; }
    for h in ${REQ_HEADERS//,/ }; do
      has_header Access-Control-Allow-Headers "$h" || { echo "     $h not allowed"; return 1; }
    done
  done
}
exposed_ok() { # URL [curl args]: actual request answered for $ORIGIN, exposing the panel's headers
  local u=$1 h; shift
  H=$(curl -s -D - -o /dev/null "$u" -H "Origin: $ORIGIN" "$@")
  has_header Access-Control-Allow-Origin "$ORIGIN" || return 1
  for h in $EXPOSE; do has_header Access-Control-Expose-Headers "$h" || { echo "     $h not exposed"; return 1; }; done
}
chk "cors keystone preflight from $ORIGIN" cors_ok $KS/v3/auth/tokens
chk "cors keystone POST /v3/auth/tokens exposes X-Subject-Token" \
  exposed_ok $KS/v3/auth/tokens -X POST -H "Content-Type: application/json" -d "$AUTH"
chk "cors nova preflight" cors_ok $NOVA/servers
chk "cors nova GET exposes headers" exposed_ok $NOVA/servers "${A[@]}" "${MV[@]}"
chk "cors glance preflight" cors_ok $GLANCE/v2/images
chk "cors glance GET exposes headers" exposed_ok $GLANCE/v2/images "${A[@]}"
chk "cors neutron preflight" cors_ok $NEUTRON/v2.0/networks
chk "cors neutron GET exposes headers" exposed_ok $NEUTRON/v2.0/networks "${A[@]}"
H=$(curl -s -D - -o /dev/null -X OPTIONS $NOVA/servers -H "Origin: http://evil.invalid" -H "Access-Control-Request-Method: GET")
chk "cors: other origins get no CORS headers" eval '! has_header Access-Control-Allow-Origin ""'

# ---- nginx (only when `up --nginx` started it) ----
if [ -f $RUN/nginx.pid ]; then
  C=http://$HOST_IP:$NGINX_CORS_PORT S=http://$HOST_IP:$NGINX_SO_PORT
  H=$(curl -s -D - -o /dev/null $C/config.json)
  chk "nginx :$NGINX_CORS_PORT config.json no-cache + CSP with API origins" eval \
    'has_header Cache-Control no-cache && has_header Content-Security-Policy "connect-src .self. http://127.0.0.1:5000"'
  chk "nginx :$NGINX_CORS_PORT config.json is the CORS one" \
    test "$(curl -s $C/config.json | json 'print(d["authUrl"])')" = "$KS/v3"
  chk "nginx :$NGINX_SO_PORT config.json has the endpointMap" \
    test "$(curl -s $S/config.json | json 'print(d["authUrl"], d["endpointMap"]["http://127.0.0.1:8774"])')" = "/identity/v3 /compute"
  H=$(curl -s -D - -o /dev/null $S/index.html)
  chk "nginx :$NGINX_SO_PORT CSP connect-src 'self'" has_header Content-Security-Policy "connect-src 'self';"
  chk "nginx :$NGINX_SO_PORT Referrer-Policy no-referrer" has_header Referrer-Policy no-referrer
  chk "nginx :$NGINX_SO_PORT drops requests for another host name" \
    test "$(curl -s -o /dev/null -w '%{http_code}' -H 'Host: evil.invalid' $S/identity/v3 || true)" = 000
  chk "same-origin GET /identity/v3 links through the proxy" eval \
    'curl -s $S/identity/v3 | grep -q "$S/identity/v3/"'
  H=$(curl -s -D - -o /dev/null -X POST $S/identity/v3/auth/tokens -H "Content-Type: application/json" -d "$AUTH")
  ST=$(header X-Subject-Token)
  chk "same-origin token via /identity/" test -n "$ST"
  for p in compute/v2.1/flavors image/v2/images network/v2.0/networks; do
    chk "same-origin GET /$p" test "$(curl -s -o /dev/null -w '%{http_code}' -H "X-Auth-Token: $ST" $S/$p)" = 200
  done
  DISTDIR=$(sed -n 's#^ *root \(.*\);#\1#p' $ETC/nginx/same-origin.conf)
  if [ -f "$DISTDIR/index.html" ]; then
    H=$(curl -s -D - -o /dev/null $C/some/spa/route)
    chk "SPA fallback: unknown path gets index.html (no-cache)" eval \
      'head -1 <<< "$H" | grep -q 200 && has_header Content-Type text/html && has_header Cache-Control no-cache'
    W=$(cd "$DISTDIR" && ls *.wasm 2> /dev/null | head -1)
    if [ -n "$W" ]; then
      H=$(curl -s -D - -o /dev/null -H "Accept-Encoding: gzip" $C/$W)
      chk "$W served as application/wasm, gzipped" eval \
        'has_header Content-Type application/wasm && has_header Content-Encoding gzip'
    fi
  else
    echo "     (no $DISTDIR/index.html: static checks skipped)"
  fi
fi
echo "$pass passed, $fail failed"
[ $fail = 0 ]
