/**
 * The one known_hosts writer: a host key the person trusted (the editor's dialog, the CLI's `--accept-new`)
 * is appended as one hashed line, the folder created 0700 and the file 0600 when they do not exist yet.
 */
import { appendFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';

export function readKnownHosts(file: string): string {
    return existsSync(file) ? readFileSync(file, 'utf8') : '';
}

export function appendKnownHost(file: string, line: string): void {
    mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
    appendFileSync(file, `${line}\n`, { mode: 0o600 });
}
