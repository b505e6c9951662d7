/**
 * The known_hosts writer appends a trusted key only to a known_hosts file: a `known-hosts "PATH"` in a
 * topology under review cannot make bgptopo append to a shell profile or any other file.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { appendKnownHost, firstForeignLine } from '../../src/deploy/ssh-known-hosts-file.js';
import { knownHostsLine } from '../../src/deploy/ssh-known-hosts.js';

const ED25519_BLOB = Buffer.concat([
    Buffer.from([0, 0, 0, 11]),
    Buffer.from('ssh-ed25519'),
    Buffer.from([0, 0, 0, 32]),
    randomBytes(32)
]);
const LINE = knownHostsLine('192.0.2.10', 22, ED25519_BLOB, randomBytes(20));

let dir: string | undefined;
afterEach(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
    dir = undefined;
});
const scratch = (): string => (dir = mkdtempSync(join(tmpdir(), 'bgptopo-known-hosts-')));

describe('appendKnownHost', () => {
    it('creates a new file 0600 in a new 0700 folder, and appends to an existing known_hosts file', () => {
        const file = join(scratch(), 'ssh', 'known_hosts');
        appendKnownHost(file, LINE);
        expect(statSync(file).mode & 0o777).toBe(0o600);
        expect(statSync(join(dir!, 'ssh')).mode & 0o777).toBe(0o700);
        const plain = `# a comment\n\nrouter1,192.0.2.1 ${LINE.split(' ').slice(1).join(' ')}\n[192.0.2.2]:2222 ecdsa-sha2-nistp256 AAAAE2VjZHNh= old key\n`;
        writeFileSync(file, plain + `${LINE}\n`);
        appendKnownHost(file, LINE);
        expect(readFileSync(file, 'utf8')).toBe(`${plain}${LINE}\n${LINE}\n`);
    });

    it('refuses a file that is not a known_hosts file, and leaves it as it was', () => {
        const profile = join(scratch(), '.bashrc');
        const text = `${LINE}\nexport PATH=/usr/bin\n`;
        writeFileSync(profile, text);
        expect(() => appendKnownHost(profile, LINE)).toThrow(/line 2 is not a known_hosts entry/);
        expect(readFileSync(profile, 'utf8')).toBe(text);
        expect(() => appendKnownHost(dir!, LINE)).toThrow(/not a regular file/);
    });

    it('firstForeignLine accepts markers, hashed and bracketed hosts, certificates; names the first other line', () => {
        expect(firstForeignLine(`@cert-authority *.example.org ssh-ed25519-cert-v01@openssh.com AAAAC3Nz\n${LINE}\n`)).toBeUndefined();
        expect(firstForeignLine(`${LINE}\n\n# c\nrm -rf /\n`)).toBe(4);
        expect(firstForeignLine('host ssh-ed25519 not*base64\n')).toBe(1);
    });
});
