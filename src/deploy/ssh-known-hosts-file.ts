/**
 * The one known_hosts writer: a host key the person trusted (the editor's dialog, the CLI's `--accept-new`)
 * is appended as one hashed line, the folder created 0700 and the file 0600 when they do not exist yet.
 *
 * The path may come from the topology file (`known-hosts "PATH"`), which is code under review like any
 * other: the writer only ever appends to a file that is already a known_hosts file (or an empty or new
 * one), so a topology cannot point the trusted-key line at a shell profile or any other file.
 */
import { appendFileSync, existsSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import { dirname } from 'node:path';

export function readKnownHosts(file: string): string {
    return existsSync(file) ? readFileSync(file, 'utf8') : '';
}

/** `[@marker ]patterns keytype base64[ comment]`, as sshd(8) describes a known_hosts line. */
const KNOWN_HOSTS_LINE = /^(@(cert-authority|revoked)\s+)?\S+\s+(ssh-[a-z0-9-]+|ecdsa-sha2-[a-z0-9-]+|sk-[a-z0-9@.-]+)(-cert-v01@openssh\.com)?\s+[A-Za-z0-9+/]+={0,2}(\s.*)?$/;

/** The 1-based number of the first line that is not a known_hosts entry, comment or blank line. */
export function firstForeignLine(text: string): number | undefined {
    const lines = text.split('\n');
    for (let i = 0; i < lines.length; i++) {
        const line = lines[i].trim();
        if (line === '' || line.startsWith('#')) continue;
        if (!KNOWN_HOSTS_LINE.test(line)) return i + 1;
    }
    return undefined;
}

export function appendKnownHost(file: string, line: string): void {
    if (existsSync(file)) {
        if (!statSync(file).isFile()) {
            throw new Error(`refusing to add a host key to ${file}: it is not a regular file`);
        }
        const foreign = firstForeignLine(readFileSync(file, 'utf8'));
        if (foreign !== undefined) {
            throw new Error(`refusing to add a host key to ${file}: line ${foreign} is not a known_hosts entry, so this is not a known_hosts file (check the known-hosts setting or the topology's \`known-hosts\`)`);
        }
    }
    mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
    appendFileSync(file, `${line}\n`, { mode: 0o600 });
}
