/** Issue 12, as filed (the network's and the VIP's interface strings, with the routers it needs); shared by the validator's and the renderer's regression tests. */
export const ISSUE_12_TOPOLOGY = `topology dc1
network dc 198.51.100.0/24 { role underlay  interface "eth0$(id)" }
router r1 { asn 65000  address 198.51.100.1 }
router r2 { asn 65000  address 198.51.100.2 }
vip v 198.51.100.250 {
  keepalived vrid 51 advert 1s
  holders r1 priority 150, r2 priority 100
  interface "eth0\\nvirtual_server 1.2.3.4 80 {"
}
`;
