"""Identity data after `keystone-manage bootstrap` (which made admin/admin and the admin role):
service project + service users, member/reader/service roles, the catalog, and two
project/user pairs: demo (for people: scripts/demo) and e2e (the end-to-end tests' own, so a
test run never touches what a person made in the demo). Idempotent: scripts/devcloud runs it
on a fresh cloud and again whenever it changes."""
import os

import openstack

E = os.environ
IP = E["HOST_IP"]
conn = openstack.connect(
    auth_url=E["KS"] + "/v3", username="admin", password=E["ADMIN_PASS"],
    project_name="admin", user_domain_name="Default", project_domain_name="Default",
    region_name=E["REGION"], interface="public")
idn = conn.identity


def get_or_create(find, create, name, **kw):
    return find(name, ignore_missing=True) or create(name=name, **kw)


default = idn.find_domain("default")
service = get_or_create(idn.find_project, idn.create_project, "service",
                        domain_id=default.id, description="Service project")
demo = get_or_create(idn.find_project, idn.create_project, "demo",
                     domain_id=default.id, description="Demo project")
admin_role = idn.find_role("admin")
member = get_or_create(idn.find_role, idn.create_role, "member")
get_or_create(idn.find_role, idn.create_role, "reader")
# "service" role: newer default policies check it on service-to-service calls
svc_role = get_or_create(idn.find_role, idn.create_role, "service")

for u in ("glance", "nova", "placement", "neutron"):
    user = get_or_create(idn.find_user, idn.create_user, u, domain_id=default.id,
                         password=E["SERVICE_PASS"], default_project_id=service.id)
    idn.assign_project_role_to_user(service, user, admin_role)
    idn.assign_project_role_to_user(service, user, svc_role)

e2e = get_or_create(idn.find_project, idn.create_project, "e2e",
                    domain_id=default.id, description="End-to-end tests (emptied by every run)")
for project, password in ((demo, E["DEMO_PASS"]), (e2e, E["E2E_PASS"])):
    user = get_or_create(idn.find_user, idn.create_user, project.name, domain_id=default.id,
                         password=password, default_project_id=project.id,
                         email=project.name + "@example.invalid")
    idn.assign_project_role_to_user(project, user, member)
# admin is also a member of demo, so the panel's project switcher has something to switch to
idn.assign_project_role_to_user(demo, idn.find_user("admin"), member)

# keystone-manage bootstrap registered identity itself; the other APIs are added here
catalog = [
    ("glance", "image", "OpenStack Image", "http://%s:%s" % (IP, E["GLANCE_PORT"])),
    ("nova", "compute", "OpenStack Compute", "http://%s:%s/v2.1" % (IP, E["NOVA_PORT"])),
    ("placement", "placement", "Placement API", "http://%s:%s" % (IP, E["PLACEMENT_PORT"])),
    ("neutron", "network", "OpenStack Networking", "http://%s:%s" % (IP, E["NEUTRON_PORT"])),
]
existing = {s.type: s for s in idn.services()}
for name, stype, desc, url in catalog:
    svc = existing.get(stype) or idn.create_service(name=name, type=stype, description=desc)
    have = {e.interface for e in idn.endpoints(service_id=svc.id)}
    for iface in ("public", "internal", "admin"):
        if iface not in have:
            idn.create_endpoint(service_id=svc.id, interface=iface, url=url,
                                region_id=E["REGION"])
print("identity bootstrap done")
