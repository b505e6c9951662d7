/**
 * Small topologies that exercise what the two fixed examples do not: BFD, passwords, timers, multihop,
 * `source address N` for MetalLB and Cilium, node subsets, explicit `neighbor` lines, kube-vip ARP,
 * keepalived on control-plane nodes, WireGuard routes and more than 100 dynamic neighbors. Each must
 * validate without errors (warnings are allowed).
 */

/** BFD, TCP-MD5 password (secret), timers, multihop to a router on another network, MetalLB per-node source. */
export const BGP_FEATURES = `topology bgp-features

network fabric 10.10.0.0/16
network uplink 10.30.0.0/24
network pods   10.244.0.0/16  { role pod }
network lb     198.18.0.0/24  { role loadbalancer }

router edge { asn 64600  address 10.10.0.1  bfd  maximum-paths 8 }
router far  { asn 64600  address 10.30.0.1  router-id 10.30.0.1 }

cluster c1 {
  pod-network pods
  cni calico { encapsulation vxlan }
  metallb {
    asn 65100
    peers edge, far
    pool lb
    speakers workers
    source address 2
    multihop 2
    password secret "bgp-edge"
    hold 9s
    keepalive 3s
  }
  node m1 control-plane { address 10.10.1.1  address 10.10.2.1 }
  node m2 control-plane { address 10.10.1.2  address 10.10.2.2 }
  node m3 control-plane { address 10.10.1.3  address 10.10.2.3 }
  node w1 worker        { address 10.10.1.11 address 10.10.2.11 }
  node w2 worker        { address 10.10.1.12 address 10.10.2.12 }
}
`;

/**
 * (Cilium has no BFD: v2 refuses \`bfd\` on cilium-bgp with option-unsupported, so east no longer sets it.)
 * Explicit neighbor lines on the router, kube-vip in ARP mode, a keepalived API VIP on control-plane nodes
 * with a health check, Cilium with per-node source addresses, and a WireGuard mesh with a routed prefix.
 */
export const NEIGHBORS_ARP_WG = `topology neighbors-arp-wg

defaults { interface ens18 }

network lan    172.16.0.0/24  { role underlay  interface ens18 }
network second 172.17.0.0/24
network mesh   10.77.0.0/24   { role vpn  interface wgm }
network pods   10.200.0.0/16  { role pod }
network lbpool 172.31.0.0/24  { role loadbalancer }

router gw {
  asn 64700
  address 172.16.0.1
  address 172.17.0.1
  address 10.77.0.1
  neighbor a1 remote-as 65201
  neighbor a2 remote-as 65201
  neighbor a3 remote-as 65201
  neighbor 172.17.0.0/24 remote-as external
}

vip api 172.16.0.100 {
  kube-vip arp
  holders control-plane of east
  interface ens18
}

vip ingress 172.16.0.200 {
  keepalived vrid 7 advert 500ms
  holders b1 priority 120, b2 priority 110, b3 priority 100
  health-check tcp 443 every 3s
}

cluster east {
  pod-network pods
  cni cilium
  cilium-bgp {
    asn 65201
    peers gw
    advertise pod-cidrs
  }
  node a1 control-plane { address 172.16.0.11  pod-cidr 10.200.1.0/24 }
  node a2 control-plane { address 172.16.0.12  pod-cidr 10.200.2.0/24 }
  node a3 control-plane { address 172.16.0.13  pod-cidr 10.200.3.0/24 }
}

cluster west {
  pod-network pods
  cni cilium
  cilium-bgp {
    asn 65202
    peers gw
    advertise pool lbpool
    source address 2
    password secret "west-bgp"
  }
  node b1 control-plane { address 172.16.0.21  address 172.17.0.21 }
  node b2 control-plane { address 172.16.0.22  address 172.17.0.22 }
  node b3 control-plane { address 172.16.0.23  address 172.17.0.23 }
}

wireguard wgm {
  network mesh
  listen-port 51999
  members gw, c1, c2
  route 10.250.0.0/24 via c1
  persistent-keepalive 15s
}

loadbalancer c1 { address 10.77.0.11  address 172.16.0.31 }
loadbalancer c2 { address 10.77.0.12 }

monitoring {
  alerts control-plane, bgp, vip, wireguard
}
`;

/** A router with more than 100 dynamic neighbors (FRR's default `bgp listen limit`). */
export function manyNodes(count: number): string {
    const nodes = Array.from({ length: count }, (_, i) => {
        const n = i + 1;
        const role = n <= 3 ? 'control-plane' : 'worker';
        return `  node n${n} ${role} { address 10.60.${Math.floor(n / 200)}.${(n % 200) + 10} }`;
    });
    return `topology many

network fabric 10.60.0.0/16
network lb     198.19.0.0/24 { role loadbalancer }

router tor { asn 64800  address 10.60.255.1 }

cluster big {
  metallb {
    asn 65300
    peers tor
    pool lb
  }
${nodes.join('\n')}
}
`;
}

/**
 * An IPv6-only fabric: routers and nodes with IPv6 addresses and IPv4 router-ids, a keepalived IPv6 VIP on
 * the routers, a MetalLB cluster with an IPv6 pool and BFD, a Cilium cluster announcing pod CIDRs and an
 * IPv6 pool with a password, and HAProxy load balancers in front of the Cilium cluster's API servers.
 */
export const IPV6_FABRIC = `topology ipv6-fabric

defaults { interface eth0 }

network fabric 2001:db8:10::/64     { role underlay  interface eth0 }
network pods-a fd00:a::/56          { role pod }
network pods-b fd00:b::/56          { role pod }
network pool-a 2001:db8:200::/120   { role loadbalancer }
network pool-b 2001:db8:300::/120   { role loadbalancer }

router tor1 { asn 64512  address 2001:db8:10::1  router-id 10.255.0.1  bfd }
router tor2 { asn 64512  address 2001:db8:10::2  router-id 10.255.0.2  bfd }

vip gw6 2001:db8:10::fe {
  keepalived vrid 60 advert 1s
  holders tor1 priority 150, tor2 priority 100
}

loadbalancer lb1 { address 2001:db8:10::21 }
loadbalancer lb2 { address 2001:db8:10::22 }

vip api6 2001:db8:10::100 {
  keepalived vrid 61
  holders lb1 priority 150, lb2 priority 100
  health-check tcp 6443 every 2s
  frontend 6443 -> control-plane of b port 6443
}

cluster a {
  pod-network pods-a
  cni calico { encapsulation none }
  metallb {
    asn 65010
    peers tor1, tor2
    pool pool-a
    bfd
  }
  node a1 control-plane { address 2001:db8:10::31  router-id 10.255.1.31 }
  node a2 control-plane { address 2001:db8:10::32  router-id 10.255.1.32 }
  node a3 control-plane { address 2001:db8:10::33  router-id 10.255.1.33 }
}

cluster b {
  pod-network pods-b
  cni cilium
  cilium-bgp {
    asn 65020
    peers tor1, tor2
    advertise pod-cidrs, pool pool-b
    password secret "v6-bgp"
  }
  node b1 control-plane { address 2001:db8:10::41  router-id 10.255.1.41  pod-cidr fd00:b:0:1::/64 }
  node b2 control-plane { address 2001:db8:10::42  router-id 10.255.1.42  pod-cidr fd00:b:0:2::/64 }
  node b3 control-plane { address 2001:db8:10::43  router-id 10.255.1.43  pod-cidr fd00:b:0:3::/64 }
}
`;

/**
 * Dual stack: routers, load balancers and nodes with an IPv4 and an IPv6 address, a keepalived VIP of each
 * family on the routers and an API VIP of each family on the load balancers (HAProxy binds both loopbacks;
 * each health check probes its own family), MetalLB with an IPv4 pool and BFD.
 */
export const DUAL_STACK = `topology dual-stack

defaults { interface eth0 }

network fabric4 10.20.0.0/24        { role underlay  interface eth0 }
network fabric6 2001:db8:20::/64    { role underlay  interface eth0 }
network pods    10.244.0.0/16       { role pod }
network pool4   198.51.100.0/26     { role loadbalancer }
network pool6   2001:db8:400::/120  { role loadbalancer }

router tor1 { asn 64512  address 10.20.0.1  address 2001:db8:20::1  bfd }
router tor2 { asn 64512  address 10.20.0.2  address 2001:db8:20::2  bfd }

vip gw4 10.20.0.254 {
  keepalived vrid 70 advert 1s
  holders tor1 priority 150, tor2 priority 100
}
vip gw6 2001:db8:20::fe {
  keepalived vrid 71 advert 1s
  holders tor1 priority 150, tor2 priority 100
}

loadbalancer lb1 { address 10.20.0.21  address 2001:db8:20::21 }
loadbalancer lb2 { address 10.20.0.22  address 2001:db8:20::22 }

vip api4 10.20.0.100 {
  keepalived vrid 72
  holders lb1 priority 150, lb2 priority 100
  health-check tcp 6443 every 2s
  frontend 6443 -> control-plane of k port 6443
}
vip api6 2001:db8:20::100 {
  keepalived vrid 73
  holders lb1 priority 150, lb2 priority 100
  health-check tcp 6443 every 2s
  frontend 6443 -> control-plane of k port 6443
}

cluster k {
  pod-network pods
  cni calico { encapsulation vxlan }
  metallb {
    asn 65010
    peers tor1, tor2
    pool pool4
    bfd
  }
  node k1 control-plane { address 10.20.0.31  address 2001:db8:20::31 }
  node k2 control-plane { address 10.20.0.32  address 2001:db8:20::32 }
  node k3 control-plane { address 10.20.0.33  address 2001:db8:20::33 }
}
`;

/**
 * LANGUAGE-V2 peer groups (MetalLB): per-rack groups selected by labels with their own AS, BFD profiles, timers,
 * graceful restart, connect-retry and a secret; a router with a non-default listen port; a `to loopback` group
 * (multihop 2, update-source); hold 0s; a dual-homed node reaching a router on its second link; and one IPv6
 * session carrying both families (`families ipv4, ipv6 over ipv6`).
 */
export const PEER_GROUPS = `topology peer-groups

network rack-a    192.0.2.0/26
network rack-b    192.0.2.64/26
network rack-b-v6 2001:db8:b::/64
network lb        203.0.113.0/26 { role loadbalancer }

router tor-a { asn 65101  address 192.0.2.1   loopback 192.0.2.250 }
router tor-b { asn 65102  address 192.0.2.65  address 2001:db8:b::1  listen-port 1790 }
router tor-c { asn 65103  address 192.0.2.2 }

cluster prod {
  metallb {
    asn 64512
    pool lb
    hold 90s
    peer tor-a { speakers rack=a  asn 64601  bfd { receive 200ms  transmit 250ms  multiplier 4 }  graceful-restart  connect-retry 5s  password secret "rack-a" }
    peer tor-b { speakers rack=b  asn 64602  hold 0s  keepalive 0s  bfd  families ipv4, ipv6 over ipv6 }
    peer tor-a { speakers w9  asn 64601  to loopback  hold 9s  keepalive 3s }
    peer tor-c { speakers cp1  asn 64601 }
  }
  node cp1 control-plane { address 192.0.2.11  labels rack=a }
  node cp2 control-plane { address 192.0.2.12  labels rack=a }
  node cp3 control-plane { address 192.0.2.75  address 2001:db8:b::75  labels rack=b }
  node w1  worker        { address 192.0.2.21  labels rack=a }
  node w2  worker        { address 192.0.2.85  address 2001:db8:b::85  labels rack=b }
  node w9  worker        { address 192.0.2.91  labels rack=c }
}

network link-c    198.51.100.0/26
network link-c-v6 2001:db8:c::/64
network pods-e    10.250.0.0/16 { role pod }
router leaf { asn 65201  address 198.51.100.1  address 2001:db8:c::1  listen-port 1179 }
router leaf2 { asn 65202  address 198.51.100.2 }

cluster edge {
  pod-network pods-e
  cni cilium
  cilium-bgp {
    asn 64700
    advertise pod-cidrs
    peer leaf { speakers zone=z1  families ipv4, ipv6  graceful-restart restart-time 300s  connect-retry 5s  hold 9s  keepalive 3s }
    peer leaf2 { speakers zone=z2  asn 64701  password secret "edge-leaf2" }
  }
  node e1 control-plane { address 198.51.100.11  address 2001:db8:c::11  labels zone=z1 }
  node e2 control-plane { address 198.51.100.12  address 2001:db8:c::12  labels zone=z1 }
  node e3 control-plane { address 198.51.100.13  address 2001:db8:c::13  labels zone=z2  hostname "e3.example.lan" }
}

network link-k 198.51.100.64/26
router gw1 { asn 65300  address 198.51.100.65 }
router gw2 { asn 65301  address 198.51.100.66 }
vip api-k 203.0.113.250 {
  kube-vip bgp
  holders control-plane of kv
}
cluster kv {
  kube-vip {
    asn 64800
    vip api-k
    hold 30s
    keepalive 10s
    peer gw1 { bfd { receive 200ms  transmit 250ms  multiplier 4 }  password secret "kv-gw1" }
    peer gw2 { multihop 2 }
  }
  node k1 control-plane { address 198.51.100.71 }
  node k2 control-plane { address 198.51.100.72 }
  node k3 control-plane { address 198.51.100.73 }
}
`;

/**
 * LANGUAGE-V2 §4 and §8: a spine over two ToR pairs (eBGP, one AS per rack), one pair over BGP unnumbered, router
 * loopbacks (`to loopback` from a speaker and between routers), a router listening on port 180, an upstream, router
 * graceful restart and a BFD profile, and a route-reflector ToR in iBGP with Calico's speaker (node mesh off), dual
 * stack.
 */
export const ROUTER_FABRIC = `topology router-fabric

network rack-a    192.0.2.0/26
network rack-b    192.0.2.64/26
network rack-b-v6 2001:db8:b::/64
network fabric    192.0.2.128/28
network fabric-v6 2001:db8:f::/64
network core      192.0.2.144/30
network lb        203.0.113.0/26 { role loadbalancer }
network pods      10.244.0.0/16 { role pod }

router tor-a1 { asn 65101  loopback 192.0.2.241  address 192.0.2.1  address 192.0.2.130
  neighbor spine { bfd { receive 300ms  transmit 300ms  multiplier 3 }  password secret "fabric"  next-hop-self }
  neighbor tor-a2 { unnumbered swp3 }
  listen-port 180 }
router tor-a2 { asn 65101  loopback 192.0.2.242  address 192.0.2.2  address 192.0.2.131
  neighbor spine { to loopback  hold 9s  keepalive 3s }
  neighbor tor-a1 { unnumbered swp1 }
  graceful-restart restart-time 120s }
router tor-b1 { asn 65102  loopback 192.0.2.243  loopback 2001:db8:ff::3  address 192.0.2.65  address 2001:db8:b::1
  address 192.0.2.132  address 2001:db8:f::3  neighbor spine  route-reflector cluster-id 192.0.2.243 }
router spine { asn 65100  loopback 192.0.2.254  address 192.0.2.129  address 2001:db8:f::ff  address 192.0.2.146
  neighbor tor-a1 { password secret "fabric" }
  neighbor tor-b1 { graceful-restart }
  upstream 192.0.2.145 remote-as 65000 { bfd  hold 30s  keepalive 10s  password secret "core" }
  bfd { receive 200ms  transmit 200ms  multiplier 5 } }

cluster rack {
  metallb {
    asn 64512
    pool lb
    peer tor-a1, tor-a2 { speakers rack=a }
    peer tor-a1 { speakers w9  to loopback }
  }
  node cp1 control-plane { address 192.0.2.11  labels rack=a }
  node cp2 control-plane { address 192.0.2.12  labels rack=a }
  node cp3 control-plane { address 192.0.2.13  labels rack=a }
  node w9  worker        { address 192.0.2.29  labels rack=c }
}

cluster kc {
  pod-network pods
  cni calico { encapsulation none }
  calico-bgp {
    asn 64600
    node-mesh off
    peer tor-b1 { asn 65102  keepalive 20s  graceful-restart restart-time 300s  password secret "rack-b" }
    advertise pod-cidrs
  }
  node k1 control-plane { address 192.0.2.75  address 2001:db8:b::75  pod-cidr 10.244.1.0/24 }
  node k2 control-plane { address 192.0.2.76  address 2001:db8:b::76  pod-cidr 10.244.2.0/24 }
  node k3 control-plane { address 192.0.2.77  address 2001:db8:b::77  pod-cidr 10.244.3.0/24 }
}
`;

/**
 * LANGUAGE-V2 §6 dual stack and §10 per-node router-ids: pod and service networks of both families (Calico: one IPPool
 * per family; Cilium: pod CIDRs of both families reach FRR's IPv4 and IPv6 prefix lists), nodes with a `router-id` of
 * their own (Cilium node override, MetalLB BGPPeer `routerID`), and an iBGP router that declares it (`maximum-paths ibgp`).
 */
export const DUAL_STACK_V2 = `topology dual-stack-v2

network fab4   10.30.0.0/24       { role underlay }
network fab6   2001:db8:30::/64   { role underlay }
network cpods4 10.246.0.0/16      { role pod }
network cpods6 fd00:246::/56      { role pod }
network csvc4  10.97.0.0/16       { role service }
network csvc6  fd00:97::/112      { role service }
network lb30   203.0.113.64/26    { role loadbalancer }

router r31 { asn 64530  address 10.30.0.2  address 2001:db8:30::2  maximum-paths 4  neighbor 10.30.0.0/24 remote-as internal }

cluster cal {
  pod-network cpods4, cpods6
  service-network csvc4, csvc6
  cni calico { encapsulation vxlan }
  metallb {
    asn 64530
    pool lb30
    peer r31
  }
  node m1 control-plane { address 10.30.0.11  address 2001:db8:30::11  router-id 10.255.30.11 }
  node m2 control-plane { address 10.30.0.12  address 2001:db8:30::12 }
  node m3 control-plane { address 10.30.0.13  address 2001:db8:30::13 }
}

network fab7 10.31.0.0/24
network fab8 2001:db8:31::/64
router r32 { asn 65032  address 10.31.0.1  address 2001:db8:31::1 }

cluster cil {
  pod-network cpods4, cpods6
  service-network csvc4, csvc6
  cni cilium
  cilium-bgp {
    asn 64532
    advertise pod-cidrs
    peer r32 { families ipv4, ipv6 }
  }
  node c1 control-plane { address 10.31.0.11  address 2001:db8:31::11  pod-cidr 10.246.1.0/24  pod-cidr fd00:246:0:1::/64  router-id 10.255.31.11 }
  node c2 control-plane { address 10.31.0.12  address 2001:db8:31::12  pod-cidr 10.246.2.0/24  pod-cidr fd00:246:0:2::/64 }
  node c3 control-plane { address 10.31.0.13  address 2001:db8:31::13  pod-cidr 10.246.3.0/24  pod-cidr fd00:246:0:3::/64 }
}
`;

/**
 * What is announced (LANGUAGE-V2 §7, §9): several MetalLB pools with ranges, Service and namespace allocation and
 * auto-assign off, advertised per address with communities (standard, large, well-known) and as an aggregate, one
 * pool to one router only from some nodes with a local-pref (iBGP); Cilium pools as start/stop blocks with a Service
 * selector, pod CIDRs with communities, cluster and external IPs, an advertisement to one router only; kube-vip's
 * services mode; a load balancer's own frontend.
 */
export const ADVERTISEMENTS = `topology advertisements

network rack      192.0.2.0/26
network rack-v6   2001:db8:a::/64
network lb-web    203.0.113.0/24     { role loadbalancer  range 203.0.113.10-203.0.113.99, 203.0.113.200 - 203.0.113.203  services tier=web }
network lb-int    198.51.100.0/26    { role loadbalancer  namespaces shop, billing  auto-assign off }
network lb-v6     2001:db8:ff::/120  { role loadbalancer  range 2001:db8:ff::10-2001:db8:ff::1f }

router tor1 { asn 65101  address 192.0.2.1  address 2001:db8:a::1 }
router tor2 { asn 64512  address 192.0.2.2  address 2001:db8:a::2 }

cluster prod {
  metallb {
    asn 64512
    peer tor1, tor2
    pool lb-web, lb-int, lb-v6
    advertise pool lb-web { aggregate 32  communities 64512:100, no-advertise, 4200000000:1:2  services app=shop },
              pool lb-web { aggregate 27 },
              pool lb-int { to tor2  speakers rack=a  local-pref 200  communities no-export },
              pool lb-v6  { aggregate 124  communities 64512:6 }
  }
  node cp1 control-plane { address 192.0.2.11  address 2001:db8:a::11  labels rack=a }
  node cp2 control-plane { address 192.0.2.12  address 2001:db8:a::12  labels rack=a }
  node cp3 control-plane { address 192.0.2.13  address 2001:db8:a::13  labels rack=b }
}

network link-c   198.51.100.64/26
network pods-c   10.250.0.0/16       { role pod }
network svc-c    10.96.0.0/16        { role service }
network ext-c    198.51.100.160/28
network lb-c     198.51.100.128/27   { role loadbalancer  range 198.51.100.130-198.51.100.140  services exposure=bgp }
network lb-c2    198.51.100.176/28   { role loadbalancer  namespaces web }
router leaf1 { asn 65201  address 198.51.100.65 }
router leaf2 { asn 65202  address 198.51.100.66 }

cluster edge {
  pod-network pods-c
  service-network svc-c
  cni cilium
  cilium-bgp {
    asn 64700
    peer leaf1, leaf2
    advertise pod-cidrs { communities no-export, 64700:1 },
              pool lb-c { aggregate 28  communities 64700:2, 64700:1:2, graceful-shutdown },
              pool lb-c2 { to leaf1  services app=web  communities 64700:3 },
              cluster-ips { services expose=cluster },
              external-ips ext-c
  }
  node e1 control-plane { address 198.51.100.71  pod-cidr 10.250.1.0/24 }
  node e2 control-plane { address 198.51.100.72  pod-cidr 10.250.2.0/24 }
  node e3 control-plane { address 198.51.100.73  pod-cidr 10.250.3.0/24 }
}
`;

/**
 * LANGUAGE-V2 §4 `announce` / `accept`: a spine announcing a pool's aggregate (IPv4 and IPv6), a pool as learned, a
 * kube-vip VIP and a cluster's pod network (learned through a leaf) to its upstreams, which give it a default route
 * (per family) or a prefix list; a ToR announcing its loopback and a connected network to the spine, and its loopback
 * over BGP unnumbered to its pair; an upstream that takes nothing.
 */
export const UPSTREAM_ANNOUNCE = `topology upstream-announce

network rack-a      192.0.2.0/26
network rack-a-v6   2001:db8:a::/64
network fabric      192.0.2.128/28
network fabric-v6   2001:db8:f::/64
network core-link   192.0.2.144/30
network core-v6     2001:db8:c::/64
network mgmt        198.51.100.128/28
network lb-web      203.0.113.0/24      { role loadbalancer }
network lb-web6     2001:db8:cafe::/120 { role loadbalancer }
network lb-internal 198.51.100.0/26     { role loadbalancer }

router tor-a1 {
  asn 65101
  loopback 192.0.2.241
  address 192.0.2.1
  address 2001:db8:a::1
  address 192.0.2.130
  address 2001:db8:f::1
  address 198.51.100.129
  neighbor spine { announce loopback, network mgmt }
  neighbor tor-a2 { unnumbered swp2 }
}
router tor-a2 { asn 65101  loopback 192.0.2.242  address 192.0.2.2  address 192.0.2.131  neighbor spine
  neighbor tor-a1 { unnumbered swp1  announce loopback } }
router leaf { asn 65201  address 198.51.100.65  address 192.0.2.132  neighbor spine }

router spine {
  asn 65100
  loopback 192.0.2.254
  address 192.0.2.129
  address 2001:db8:f::ff
  address 192.0.2.146
  address 2001:db8:c::1
  upstream 192.0.2.145 remote-as 65000 {
    announce pool lb-web aggregate, pool lb-internal, loopback, vip api-e, pod-network edge
    accept default
    password secret "core-bgp"
  }
  upstream 2001:db8:c::2 remote-as 65000 {
    announce pool lb-web6 aggregate
    accept 2001:db8:100::/48, ::/0
  }
  upstream 192.0.2.150 remote-as 65001 { multihop 2  accept nothing }
}

cluster prod {
  metallb {
    asn 64512
    pool lb-web, lb-web6, lb-internal
    peer tor-a1, tor-a2
  }
  node cp1 control-plane { address 192.0.2.11  address 2001:db8:a::11 }
  node cp2 control-plane { address 192.0.2.12  address 2001:db8:a::12 }
  node cp3 control-plane { address 192.0.2.13  address 2001:db8:a::13 }
}

network link-e 198.51.100.64/26
network pods-e 10.250.0.0/16 { role pod }
vip api-e 198.51.100.250 { kube-vip bgp  holders control-plane of edge }
cluster edge {
  pod-network pods-e
  cni cilium
  cilium-bgp { asn 64700  peer leaf  advertise pod-cidrs }
  kube-vip { asn 64701  vip api-e  peer leaf  source address 2 }
  node e1 control-plane { address 198.51.100.71  address 198.51.100.81  pod-cidr 10.250.1.0/24 }
  node e2 control-plane { address 198.51.100.72  address 198.51.100.82  pod-cidr 10.250.2.0/24 }
  node e3 control-plane { address 198.51.100.73  address 198.51.100.83  pod-cidr 10.250.3.0/24 }
}
`;

/**
 * Issue 17: what routers carry, exactly per advertisement and family — host routes sent with `no-advertise` stay at
 * the ToR, a pool aggregated to /27 (and an IPv6 pool to /124) crosses the fabric at exactly that length, a pool
 * sent with `no-export` crosses only the iBGP session of rack a's ToRs; the spine aggregates lb-web to its upstream.
 * Rack b's speakers ask for graceful restart on listen ranges: the global `bgp graceful-restart` on tor-b1.
 */
export const FABRIC_EXACT = `topology fabric-exact

network rack-a      192.0.2.0/26
network rack-a-v6   2001:db8:a::/64
network rack-b      192.0.2.64/26
network fabric      192.0.2.128/28
network fabric-v6   2001:db8:f::/64
network core-link   192.0.2.144/30
network lb-web      203.0.113.0/24      { role loadbalancer  range 203.0.113.10-203.0.113.99 }
network lb-web6     2001:db8:cafe::/120 { role loadbalancer }
network lb-internal 198.51.100.0/26     { role loadbalancer }

router tor-a1 { asn 65101  loopback 192.0.2.241  address 192.0.2.1  address 2001:db8:a::1  address 192.0.2.130  address 2001:db8:f::1
  neighbor spine  neighbor tor-a2 }
router tor-a2 { asn 65101  loopback 192.0.2.242  address 192.0.2.2  address 2001:db8:a::2  address 192.0.2.131
  neighbor spine  neighbor tor-a1 }
router tor-b1 { asn 65102  loopback 192.0.2.243  address 192.0.2.65  address 192.0.2.132  neighbor spine }

router spine { asn 65100  loopback 192.0.2.254  address 192.0.2.129  address 2001:db8:f::ff  address 192.0.2.146
  upstream 192.0.2.145 remote-as 65000 { announce pool lb-web aggregate  accept default } }

cluster prod {
  metallb {
    asn 64512
    pool lb-web, lb-web6, lb-internal
    peer tor-a1, tor-a2 { speakers rack=a }
    peer tor-b1 { speakers rack=b  graceful-restart }
    advertise pool lb-web      { aggregate 32  communities 64512:100, no-advertise },
              pool lb-web      { aggregate 27 },
              pool lb-web6     { aggregate 124 },
              pool lb-internal { to tor-a1, tor-a2  communities no-export }
  }
  node cp1 control-plane { address 192.0.2.11  address 2001:db8:a::11  labels rack=a }
  node cp2 control-plane { address 192.0.2.12  address 2001:db8:a::12  labels rack=a }
  node cp3 control-plane { address 192.0.2.75  labels rack=b }
}
`;
