/** Public types of the network lab. */
import type { GobgpConfigInput } from './lab-gobgp.js';

export type LabHostKind = 'router' | 'loadbalancer' | 'node';
export type LabDaemonName = 'sshd' | 'frr' | 'keepalived' | 'haproxy' | 'gobgpd';

export interface LabSegmentSpec {
  /** Short name, e.g. "lan". Becomes one Linux bridge in the root namespace. */
  name: string;
  /** The segment's subnet, e.g. "10.77.0.0/24". */
  cidr: string;
  /**
   * Address (CIDR) the root namespace gets on this bridge so the test process can reach the hosts.
   * Default: the last usable address of the subnet (e.g. 10.77.0.254/24). `false`: no root address.
   */
  rootAddress?: string | false;
}

export interface LabHostSpec {
  /** Also the host name inside the host. Letters, digits and '-' (max 20 characters). */
  name: string;
  kind: LabHostKind;
  /**
   * Addresses in CIDR form. One inside a segment's subnet puts the host on that segment (interface eth0,
   * eth1, ... in segment order); any other address (normally a /32) goes on `lo`.
   */
  addresses: string[];
  /** Daemons started by createLab, in a fixed order (sshd, frr, keepalived, haproxy, then gobgpd). */
  daemons: LabDaemonName[];
  /** FRR: enable bgpd before start (default: Debian's bgpd=no stays) and optionally an initial frr.conf. */
  frr?: { bgpd?: boolean; bfdd?: boolean; config?: string };
  /** gobgpd configuration; required when `daemons` contains 'gobgpd'. */
  gobgp?: GobgpConfigInput;
  /** Initial /etc/haproxy/haproxy.cfg (default: Debian's file). */
  haproxyConfig?: string;
  /** Initial /etc/keepalived/keepalived.conf (default: none). */
  keepalivedConfig?: string;
}

/** One end of a point-to-point link: a host and the name its interface gets there. */
export interface LabLinkEnd {
  host: string;
  /** Interface name inside the host, e.g. "swp1" (not `eth<N>`, which segments use). */
  device: string;
}

/**
 * A point-to-point link between two hosts (a veth pair, no bridge, no IPv4 address): what BGP unnumbered runs
 * on. Each end has only its kernel's IPv6 link-local address. Removed with the hosts' namespaces.
 */
export interface LabLinkSpec {
  a: LabLinkEnd;
  b: LabLinkEnd;
}

export interface LabSpec {
  segments: LabSegmentSpec[];
  hosts: LabHostSpec[];
  /** Point-to-point links between hosts (default: none). */
  links?: LabLinkSpec[];
  /**
   * Range every lab address must lie in (default 10.77.0.0/16). Checked against the machine's routes,
   * addresses and resolvers before anything is created.
   */
  range?: string;
  /**
   * Non-root login user created inside every host that runs sshd (in the host's private /etc, never the
   * machine's), with passwordless sudo and the lab client key. Default: none.
   */
  sudoUser?: string;
}

/** A /20 of the lab range reserved for one lab, handed to a spec factory so parallel labs never collide. */
export interface LabBlock {
  /** e.g. "10.77.16.0/20". */
  cidr: string;
  /** Subnet `index` (0–15) of the block as a /24: `subnet(0)` → "10.77.16.0/24". */
  subnet(index: number): string;
  /** Address `host` (1–254) in subnet `index`, as CIDR with the given length (default 24). */
  address(index: number, host: number, length?: number): string;
  /** Address `host` in subnet `index` without prefix length. */
  ip(index: number, host: number): string;
}

export interface LabSshTarget {
  host: string;
  port: number;
  username: string;
  privateKeyPath: string;
  knownHostsPath: string;
  /** The host key as it appears in known_hosts ("ssh-ed25519 AAAA..."). */
  hostPublicKey: string;
  /** "SHA256:..." fingerprint of the host key, as printed by ssh-keygen -l. */
  hostKeyFingerprint: string;
}

export interface LabTimings {
  upMs: number;
  downMs?: number;
}

export interface LabTeardownReport {
  namespaces: string[];
  links: string[];
  killedPids: number[];
  /** TCP sockets (mostly TIME_WAIT) still in the namespaces after their processes exited; `ss -K` was run on them. */
  lingeringSockets: number;
  downMs: number;
}
