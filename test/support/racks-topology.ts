/** The head of the two-rack topology several v2 tests build on: two racks, a pool, one ToR per rack (tor-b on port 1790). */
export const RACKS_HEAD = `topology racks
network rack-a 192.0.2.0/26
network rack-b 192.0.2.64/26
network lb     203.0.113.0/26 { role loadbalancer }
router tor-a { asn 65101  address 192.0.2.1 }
router tor-b { asn 65102  address 192.0.2.65  listen-port 1790 }
`;
