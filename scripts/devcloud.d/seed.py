"""Seed a cloud (idempotent): flavors, public images, and in each of the projects demo and e2e
a private network with a router and a snapshot image; the e2e project gets quotas for the
list tests (30 servers). `seed.py --big-quotas` instead raises demo's quotas (works on a
running cloud)."""
import os
import struct
import sys

import openstack

E = os.environ


def connect(user, password, project):
    return openstack.connect(
        auth_url=E["KS"] + "/v3", username=user, password=password, project_name=project,
        user_domain_name="Default", project_domain_name="Default",
        region_name=E["REGION"], interface="public")


conn = connect("admin", E["ADMIN_PASS"], "admin")
# the projects that get a network and a snapshot, each with its user of the same name
PROJECTS = {"demo": connect("demo", E["DEMO_PASS"], "demo"),
            "e2e": connect("e2e", E["E2E_PASS"], "e2e")}


def big_quotas(project):
    # enough for 300 m1.nano servers (1 vCPU, 128 MB each), with a port each
    pid = conn.identity.find_project(project).id
    conn.set_compute_quotas(pid, instances=1000, cores=2000, ram=1000 * 1024)
    conn.set_network_quotas(pid, port=2000)
    q = conn.get_compute_quotas(pid)
    n = conn.get_network_quotas(pid)
    print("%s quotas: instances=%s cores=%s ram=%s ports=%s"
          % (project, q.instances, q.cores, q.ram, n["port"]))


if "--big-quotas" in sys.argv:
    big_quotas("demo")
    sys.exit(0)
big_quotas("e2e")

FLAVORS = [  # name, vcpus, ram MB, disk GB, id
    ("m1.nano", 1, 128, 1, "42"),
    ("m1.tiny", 1, 512, 1, "1"),
    ("m1.small", 1, 2048, 20, "2"),
    ("m1.medium", 2, 4096, 40, "3"),
    ("m1.large", 4, 8192, 80, "4"),
]
have = {f.name for f in conn.compute.flavors()}
for name, vcpus, ram, disk, fid in FLAVORS:
    if name not in have:
        conn.compute.create_flavor(name=name, vcpus=vcpus, ram=ram, disk=disk, id=fid,
                                   is_public=True)


def tiny_qcow2(virtual_size=1 << 30, cluster_bits=16):
    """A minimal but valid, empty qcow2 v3 image (header + refcount table/block + L1),
    so glance's format inspector accepts it as qcow2."""
    cs = 1 << cluster_bits
    l2_entries = cs // 8
    l1_size = -(-virtual_size // (cs * l2_entries))
    # layout: cluster0 header, cluster1 refcount table, cluster2 refcount block, cluster3 L1
    hdr = struct.pack(
        ">4sIQIIQIIQQIIQQQQII",
        b"QFI\xfb", 3, 0, 0, cluster_bits, virtual_size, 0,  # magic,ver,backing off/size,cbits,size,crypt
        l1_size, 3 * cs,                                       # l1 size, l1 offset
        1 * cs, 1,                                             # refcount table offset, clusters
        0, 0,                                                  # nb snapshots, snapshots offset
        0, 0, 0,                                               # incompatible/compatible/autoclear
        4, 104)                                                # refcount_order, header_length
    img = bytearray(4 * cs)
    img[:len(hdr)] = hdr
    img[len(hdr):len(hdr) + 8] = b"\0" * 8  # end of header extensions
    struct.pack_into(">Q", img, 1 * cs, 2 * cs)  # refcount table -> refcount block
    for i in range(4):                           # refcount(cluster i) = 1 (16-bit entries)
        struct.pack_into(">H", img, 2 * cs + 2 * i, 1)
    return bytes(img)


images = {i.name: i for i in conn.image.images()}
if "tiny-raw" not in images:
    images["tiny-raw"] = conn.image.create_image(
        name="tiny-raw", disk_format="raw", container_format="bare", visibility="public",
        data=os.urandom(4096), min_disk=0, min_ram=0)
if "tiny-qcow2" not in images:
    conn.image.create_image(name="tiny-qcow2", disk_format="qcow2", container_format="bare",
                            visibility="public", data=tiny_qcow2(),
                            os_distro="cirros", os_type="linux")
# what nova's createImage would leave behind: private to its project, image_type=snapshot
for project, pc in PROJECTS.items():
    name = project + "-snapshot"
    if name not in {i.name for i in pc.image.images(owner=pc.current_project_id)}:
        pc.image.create_image(name=name, disk_format="qcow2", container_format="bare",
                              visibility="private", data=tiny_qcow2(),
                              image_type="snapshot", base_image_ref=images["tiny-raw"].id)
for i in conn.image.images():
    print("image", i.id, i.name, i.status, i.disk_format, i.size, i.visibility)
for f in conn.compute.flavors():
    print("flavor", f.id, f.name, f.vcpus, f.ram, f.disk)

net = conn.network
pub = net.find_network("public")
if not pub:
    pub = net.create_network(name="public", is_shared=True, is_router_external=True,
                             provider_network_type="flat", provider_physical_network="public")
    # 203.0.113.0/24 is TEST-NET-3 (documentation range): nothing is ever routed there
    net.create_subnet(network_id=pub.id, name="public-subnet", ip_version=4,
                      cidr="203.0.113.0/24", is_dhcp_enabled=False,
                      allocation_pools=[{"start": "203.0.113.10", "end": "203.0.113.250"}])
for pc in PROJECTS.values():
    pn = pc.network
    if not pn.find_network("private"):
        priv = pn.create_network(name="private")
        sub = pn.create_subnet(network_id=priv.id, name="private-subnet", ip_version=4,
                               cidr="10.0.0.0/24", dns_nameservers=[])
        r = pn.create_router(name="router1", external_gateway_info={"network_id": pub.id})
        pn.add_interface_to_router(r, subnet_id=sub.id)
for n in net.networks():
    print("network", n.id, n.name, n.provider_network_type, "shared" if n.is_shared else "")
