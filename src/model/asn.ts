/**
 * Autonomous system numbers: asplain and asdot notation (RFC 5396) and the IANA classes (RFC 6996, 7300,
 * 7607, 5398, 6793) the validators report.
 */

export const ASN_MAX = 4294967295;

export type AsnClass = 'reserved' | 'documentation' | 'private' | 'public' | 'as-trans';

export interface AsnInfo {
    readonly value: number;
    readonly asnClass: AsnClass;
    /** A short description with its RFC, for hovers and messages. */
    readonly description: string;
}

/** Parse `65001` or `1.10` (= 65546). Returns undefined for malformed text or out-of-range values. */
export function parseAsn(text: string): number | undefined {
    if (/^[0-9]+$/.test(text)) {
        const value = Number(text);
        return text.length <= 10 && value >= 0 && value <= ASN_MAX ? value : undefined;
    }
    const match = /^([0-9]{1,5})\.([0-9]{1,5})$/.exec(text);
    if (!match) {
        return undefined;
    }
    const high = Number(match[1]);
    const low = Number(match[2]);
    if (high > 65535 || low > 65535) {
        return undefined;
    }
    return high * 65536 + low;
}

export function classifyAsn(value: number): AsnInfo {
    const info = (asnClass: AsnClass, description: string): AsnInfo => ({ value, asnClass, description });
    if (value === 0) {
        return info('reserved', 'reserved, may not be used (RFC 7607)');
    }
    if (value === 23456) {
        return info('as-trans', 'AS_TRANS, the stand-in for 4-byte ASNs (RFC 6793)');
    }
    if (value >= 64496 && value <= 64511) {
        return info('documentation', 'documentation range 64496–64511 (RFC 5398)');
    }
    if (value >= 64512 && value <= 65534) {
        return info('private', 'private use, 16-bit (RFC 6996)');
    }
    if (value === 65535) {
        return info('reserved', 'reserved, the last 16-bit ASN (RFC 7300)');
    }
    if (value >= 65536 && value <= 65551) {
        return info('documentation', 'documentation range 65536–65551 (RFC 5398)');
    }
    if (value >= 65552 && value <= 131071) {
        return info('reserved', 'reserved by IANA (65552–131071)');
    }
    if (value >= 4200000000 && value <= 4294967294) {
        return info('private', 'private use, 32-bit (RFC 6996)');
    }
    if (value === ASN_MAX) {
        return info('reserved', 'reserved, the last 32-bit ASN (RFC 7300)');
    }
    return info('public', value < 65536 ? 'public, 16-bit' : 'public, 32-bit');
}

/** Reserved values are errors; AS_TRANS is reserved for this purpose too. */
export function isReservedAsn(value: number): boolean {
    const asnClass = classifyAsn(value).asnClass;
    return asnClass === 'reserved' || asnClass === 'as-trans';
}

export function formatAsdot(value: number): string {
    return value < 65536 ? String(value) : `${Math.floor(value / 65536)}.${value % 65536}`;
}
