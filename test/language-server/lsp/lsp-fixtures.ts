/** Small topologies shared by the LSP feature tests. */

/** A valid site: two ToRs, a load balancer, a kube-vip VIP, a cluster with metallb, a second cluster. */
export const SITE = `topology site
network fabric 10.0.0.0/16
network pool1 192.168.200.0/24 { role loadbalancer }
network pods 10.244.0.0/16 { role pod }
network services 10.96.0.0/12 { role service }
router tor1 { asn 65000  address 10.0.0.1 }
router tor2 { asn 65000  address 10.0.0.2 }
loadbalancer lb1 { address 10.0.0.11 }
vip api 10.0.0.100 {
  kube-vip arp
  holders cp1
  interface eth0
}
vip kv 10.0.0.101 {
  keepalived vrid 1
  holders tor1 priority 100, lb1 priority 90
}
cluster prod {
  pod-network pods
  service-network services
  metallb {
    asn 65001
    peers tor1
    pool pool1
    speakers cp1
  }
  node cp1 control-plane { address 10.0.1.5  pod-cidr 10.244.1.0/24 }
  node w1 worker { address 10.0.1.6 }
}
cluster other {
  node x1 control-plane { address 10.0.2.5 }
}
`;
