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
    bfd
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
