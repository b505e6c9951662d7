/** Minimal IPv4 address / prefix arithmetic for the lab's safety checks and address allocation. */

export interface Ipv4Prefix {
  /** Network address as an unsigned 32-bit number. */
  network: number;
  length: number;
}

export interface Ipv4Interface extends Ipv4Prefix {
  /** The address itself (not the network). */
  address: number;
}

export function parseIpv4(text: string): number {
  const parts = text.split('.');
  if (parts.length !== 4) throw new Error(`not an IPv4 address: ${text}`);
  let value = 0;
  for (const part of parts) {
    if (!/^\d{1,3}$/.test(part) || Number(part) > 255) throw new Error(`not an IPv4 address: ${text}`);
    value = value * 256 + Number(part);
  }
  return value >>> 0;
}

export function formatIpv4(value: number): string {
  return [24, 16, 8, 0].map((shift) => (value >>> shift) & 255).join('.');
}

function mask(length: number): number {
  return length === 0 ? 0 : (0xffffffff << (32 - length)) >>> 0;
}

/** Parses `A.B.C.D/N` (or a bare address as /32). */
export function parseInterface(text: string): Ipv4Interface {
  const [addressText, lengthText] = text.split('/');
  const address = parseIpv4(addressText ?? '');
  const length = lengthText === undefined ? 32 : Number(lengthText);
  if (!Number.isInteger(length) || length < 0 || length > 32) throw new Error(`bad prefix length in ${text}`);
  return { address, length, network: (address & mask(length)) >>> 0 };
}

export function parsePrefix(text: string): Ipv4Prefix {
  const { network, length } = parseInterface(text);
  return { network, length };
}

export function formatPrefix(prefix: Ipv4Prefix): string {
  return `${formatIpv4(prefix.network)}/${prefix.length}`;
}

export function prefixContains(prefix: Ipv4Prefix, address: number): boolean {
  return ((address & mask(prefix.length)) >>> 0) === prefix.network;
}

export function prefixesOverlap(a: Ipv4Prefix, b: Ipv4Prefix): boolean {
  const shorter = a.length <= b.length ? a : b;
  const longer = shorter === a ? b : a;
  return prefixContains(shorter, longer.network);
}

/** The address without its prefix length: `10.77.0.1/24` → `10.77.0.1`. */
export function addressOf(cidr: string): string {
  return cidr.split('/')[0] ?? cidr;
}
