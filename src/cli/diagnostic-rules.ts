/**
 * A short description of every stable diagnostic code, for SARIF's `tool.driver.rules` (code-scanning UIs
 * show them next to each result). Keyed by {@link DiagnosticCode}, so a new code without a description
 * fails the type check; test/cli/diagnostic-rules.test.ts checks the same at run time.
 */
import type { DiagnosticCode } from '../language-server/validation/diagnostic-codes.js';

export const DIAGNOSTIC_RULE_DESCRIPTIONS: Readonly<Record<DiagnosticCode, string>> = {
    syntax: 'The text does not parse, or a literal is not a valid address, prefix or number.',
    'unresolved-reference': 'A name refers to no declaration in the file.',
    'name-duplicate': 'Two declarations share a name.',
    'option-duplicate': 'An option is given more than once in one block.',
    'asn-invalid': 'An AS number is outside 1-4294967295 or is malformed asdot.',
    'asn-reserved': 'An AS number is reserved (0, 23456, 65535, 65552-131071, 4294967295).',
    'asn-documentation': 'An AS number is reserved for documentation (64496-64511, 65536-65551).',
    'asn-public': 'A Kubernetes BGP speaker uses a public AS number.',
    'cidr-host-bits': 'A prefix has host bits set.',
    'cidr-overlap': 'Networks whose roles must be disjoint overlap, or two nodes\' pod CIDRs overlap.',
    'pod-cidr-outside': 'A node\'s pod CIDR lies outside its cluster\'s pod network.',
    'address-outside-network': 'An address lies outside the network it is declared on.',
    'address-reserved': 'A host or VIP takes a subnet\'s network or broadcast address.',
    'address-duplicate': 'Two hosts or VIPs share an address.',
    'vip-conflict': 'A VIP lies inside a load-balancer pool, the pod network or the service network.',
    'router-id-duplicate': 'Two BGP speakers of one AS, or two routers, share a router-id.',
    'router-id-missing': 'A router or speaker node has no IPv4 address and no explicit router-id.',
    'peer-asn-mismatch': 'A neighbor\'s remote-as disagrees with the speaker\'s AS number.',
    'peer-half-open': 'A BGP session is declared on one side only.',
    'session-collision': 'Two speakers on one node reach one router from the same source address.',
    'peer-no-path': 'A speaker node and its router share no network and no multihop is set.',
    'ibgp-session': 'A speaker\'s AS number equals the router\'s (iBGP next-hop and reflection rules apply).',
    'speaker-conflict': 'Two speakers of one cluster announce LoadBalancer IPs, or cilium-bgp is used without the Cilium CNI.',
    'vrrp-vrid-duplicate': 'Two keepalived VIPs share a VRID on one interface or network.',
    'vrrp-priority': 'A VRRP priority is outside 1-254, or two holders have equal priority.',
    'vip-single-holder': 'A VIP with fewer than two holders has no failover.',
    'control-plane-count': 'A cluster has fewer than three, or an even number of, control-plane nodes.',
    'secret-in-source': 'A password is written literally in the file instead of a secret reference.',
    'wireguard-member-address': 'A WireGuard member has no address in the mesh network.',
    'wireguard-route-duplicate': 'One prefix would be in the AllowedIPs of two WireGuard peers.',
    'wireguard-route-unrouted': 'No WireGuard member carries a routed prefix; name one with `via MEMBER`.',
    'network-role': 'A network is used for a purpose its role does not allow (e.g. `pod-network` naming an underlay).',
    'vip-option': 'An option does not belong to the VIP\'s mechanism (kube-vip, keepalived, BGP).',
    'value-range': 'A port, VRID, MTU, multihop, maximum-paths or duration is out of range.',
    'vip-on-wireguard': 'A keepalived VIP sits on a WireGuard interface or in a vpn network, where it cannot fail over.',
    'name-invalid': 'A name is too long for the host names, identifiers and Kubernetes names it becomes, a node name is not a Kubernetes node name, or two names become one Kubernetes name.',
    'interface-invalid': 'An interface name (or a WireGuard mesh name) is not a valid Linux interface name of safe characters.',
    'secret-name-invalid': 'A secret name is not a DNS-1123 label (it becomes a Kubernetes Secret name and BGPTOPO_SECRET_<NAME>).',
    'ssh-user-invalid': 'An SSH user is not a POSIX portable user name.',
    'ssh-host-invalid': 'An SSH host is neither an IP address nor an RFC 1123 host name.',
    'path-invalid': 'A file path holds control characters or is too long.',
    'selector-mixed': 'A selector alternative mixes node names with a group word or label terms; join them with `or` instead.',
    'selector-empty': 'A selector alternative matches no node of its cluster.',
    'session-duplicate': 'One (node, router, family) is reached by two peer groups of one speaker block.',
    'speaker-asn-split': 'One speaker on one node would need two local ASNs.',
    'option-unsupported': 'An option that the speaker (or router) it reaches cannot express; it would be dropped.',
    'family-no-session': 'A speaker announces prefixes of a family for which it has no BGP session.',
    'advertisement-empty': 'A speaker block that would announce nothing (no pool, VIP, pod CIDR or service network to announce).',
    'pool-unadvertised': 'A pool given to a speaker that none of its `advertise` lines names: its addresses are never announced.',
    'announce-unsourced': 'A router announces (to an upstream or a router neighbor) something that nothing in the file originates at that router.',
    'local-pref-ebgp': 'A local-pref on an advertisement whose sessions are all eBGP, which does not carry LOCAL_PREF.',
    'router-isolated': 'A router has no BGP session at all and holds no VIP.',
    'peer-option-conflict': 'Two declarations of one router-to-router session set one of its options differently.',
    'ibgp-no-reflection': 'A calico-bgp block without node mesh peers in iBGP with routers that do not reflect: the nodes never learn each other\'s routes.'
};

/** The description of a code; codes outside the language's list get a generic one. */
export function describeDiagnosticCode(code: string): string {
    return (DIAGNOSTIC_RULE_DESCRIPTIONS as Readonly<Record<string, string>>)[code] ?? `bgptopo diagnostic '${code}'.`;
}
