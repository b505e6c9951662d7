/**
 * OpenSSH known_hosts checking (sshd(8) "SSH_KNOWN_HOSTS FILE FORMAT"): plain and hashed host patterns,
 * `[host]:port` entries, wildcards and negation, `@revoked` markers. Pure: the caller reads the file and
 * decides what to do with an unknown key (ask, or `--accept-new`); a changed key is always refused.
 */
import { createHash, createHmac } from 'node:crypto';

export type HostKeyStatus = 'known' | 'unknown' | 'changed' | 'revoked';

export interface HostKeyCheck {
    readonly status: HostKeyStatus;
    /** The key type, e.g. `ssh-ed25519`. */
    readonly keyType: string;
    /** `SHA256:…` as `ssh-keygen -l` prints it. */
    readonly fingerprint: string;
    /** For `changed`: the line of the known_hosts entry that holds the other key. */
    readonly conflictingLine?: number;
}

interface KnownHostEntry {
    readonly line: number;
    readonly marker?: '@revoked' | '@cert-authority';
    readonly patterns: string;
    readonly keyType: string;
    readonly keyBase64: string;
}

/** The key type named inside an SSH public key blob (RFC 4253 §6.6: string type, then the key data). */
export function keyTypeOf(blob: Buffer): string {
    if (blob.length < 4) {
        return 'unknown';
    }
    const length = blob.readUInt32BE(0);
    return length > 0 && length < 64 && blob.length >= 4 + length ? blob.subarray(4, 4 + length).toString('ascii') : 'unknown';
}

export function fingerprintOf(blob: Buffer): string {
    return `SHA256:${createHash('sha256').update(blob).digest('base64').replace(/=+$/, '')}`;
}

/** The name known_hosts uses for a host: `host` on port 22, `[host]:port` otherwise. */
export function knownHostsName(host: string, port: number): string {
    return port === 22 ? host : `[${host}]:${port}`;
}

export function parseKnownHosts(text: string): KnownHostEntry[] {
    const entries: KnownHostEntry[] = [];
    text.split(/\r?\n/).forEach((raw, index) => {
        const line = raw.trim();
        if (line === '' || line.startsWith('#')) {
            return;
        }
        const fields = line.split(/\s+/);
        let marker: KnownHostEntry['marker'];
        if (fields[0] === '@revoked' || fields[0] === '@cert-authority') {
            marker = fields.shift() as KnownHostEntry['marker'];
        }
        if (fields.length < 3) {
            return;
        }
        entries.push({ line: index + 1, marker, patterns: fields[0], keyType: fields[1], keyBase64: fields[2] });
    });
    return entries;
}

/** Check a server's host key against known_hosts text. */
export function checkHostKey(knownHostsText: string, host: string, port: number, keyBlob: Buffer): HostKeyCheck {
    const keyType = keyTypeOf(keyBlob);
    const fingerprint = fingerprintOf(keyBlob);
    const keyBase64 = keyBlob.toString('base64');
    const name = knownHostsName(host, port);
    let conflict: number | undefined;
    let known = false;
    for (const entry of parseKnownHosts(knownHostsText)) {
        if (entry.marker === '@cert-authority' || !hostMatches(entry.patterns, name)) {
            continue;
        }
        if (entry.marker === '@revoked') {
            if (entry.keyBase64 === keyBase64) {
                return { status: 'revoked', keyType, fingerprint };
            }
            continue;
        }
        if (entry.keyType === keyType) {
            if (entry.keyBase64 === keyBase64) {
                known = true;
            } else {
                conflict ??= entry.line;
            }
        }
    }
    if (conflict !== undefined && !known) {
        return { status: 'changed', keyType, fingerprint, conflictingLine: conflict };
    }
    return { status: known ? 'known' : 'unknown', keyType, fingerprint };
}

/** The known_hosts line that records a newly accepted key (hashed, as `HashKnownHosts yes` writes). */
export function knownHostsLine(host: string, port: number, keyBlob: Buffer, salt: Buffer): string {
    const name = knownHostsName(host, port);
    const hash = createHmac('sha1', salt).update(name).digest('base64');
    return `|1|${salt.toString('base64')}|${hash} ${keyTypeOf(keyBlob)} ${keyBlob.toString('base64')}`;
}

function hostMatches(patterns: string, name: string): boolean {
    if (patterns.startsWith('|1|')) {
        const [, , saltBase64, hashBase64] = patterns.split('|');
        if (!saltBase64 || !hashBase64) {
            return false;
        }
        return createHmac('sha1', Buffer.from(saltBase64, 'base64')).update(name).digest('base64') === hashBase64;
    }
    let matched = false;
    for (const pattern of patterns.split(',')) {
        const negated = pattern.startsWith('!');
        if (wildcardMatch(negated ? pattern.slice(1) : pattern, name)) {
            if (negated) {
                return false;
            }
            matched = true;
        }
    }
    return matched;
}

function wildcardMatch(pattern: string, name: string): boolean {
    const regex = new RegExp(`^${pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`, 'i');
    return regex.test(name);
}
