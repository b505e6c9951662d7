/**
 * Pure readers of the host-side probes: `ip -j addr show` (which addresses a host has), HAProxy's
 * `show stat` CSV, and `wg show IF latest-handshakes` / `allowed-ips`.
 */
import { parseAddress, parsePrefix } from '../model/ip-address.js';

/** Every address on the host (canonical text), from `ip -j addr show`. */
export function parseIpAddrJson(input: string): Set<string> {
    const text = input.trim();
    const links = text === '' ? [] : (JSON.parse(text) as unknown);
    if (!Array.isArray(links)) {
        throw new Error('ip -j addr show: not a JSON list');
    }
    const addresses = new Set<string>();
    for (const link of links) {
        const infos = (link as { addr_info?: unknown }).addr_info;
        for (const info of Array.isArray(infos) ? infos : []) {
            const local = (info as { local?: unknown }).local;
            if (typeof local === 'string') {
                addresses.add(parseAddress(local)?.text ?? local);
            }
        }
    }
    return addresses;
}

/** One row of HAProxy's `show stat` (only the columns the verifier reads). */
export interface HaproxyStatRow {
    readonly proxy: string;
    readonly server: string;
    readonly status: string;
    /** `address:port` of a server (HAProxy >= 1.9 `addr` column); empty for FRONTEND/BACKEND rows. */
    readonly address: string;
    readonly checkStatus: string;
    readonly lastCheck: string;
}

/** `show stat` CSV: the first line is `# pxname,svname,...`; fields are plain (HAProxy does not quote them). */
export function parseHaproxyStat(csv: string): HaproxyStatRow[] {
    const lines = csv.split('\n').map((line) => line.replace(/\r$/, ''));
    const headerLine = lines.find((line) => line.startsWith('# '));
    if (!headerLine) {
        throw new Error('show stat: no CSV header (is the stats socket answering?)');
    }
    const header = headerLine.slice(2).split(',');
    const column = (name: string): number => header.indexOf(name);
    const [pxname, svname, status, addr, checkStatus, lastChk] = ['pxname', 'svname', 'status', 'addr', 'check_status', 'last_chk'].map(column);
    if (pxname < 0 || svname < 0 || status < 0) {
        throw new Error('show stat: pxname, svname or status column missing');
    }
    return lines
        .filter((line) => line !== '' && !line.startsWith('#'))
        .map((line) => line.split(','))
        .map((fields) => ({
            proxy: fields[pxname] ?? '',
            server: fields[svname] ?? '',
            status: fields[status] ?? '',
            address: addr >= 0 ? (fields[addr] ?? '') : '',
            checkStatus: checkStatus >= 0 ? (fields[checkStatus] ?? '') : '',
            lastCheck: lastChk >= 0 ? (fields[lastChk] ?? '') : ''
        }));
}

/** `UP`, and the transitional `UP 1/3` (still serving while checks start failing). */
export function haproxyServerUp(row: HaproxyStatRow): boolean {
    return row.status === 'UP' || row.status.startsWith('UP ');
}

/** `wg show IF latest-handshakes`: public key → epoch seconds (0 = never). */
export function parseWgHandshakes(output: string): Map<string, number> {
    const result = new Map<string, number>();
    for (const line of output.split('\n')) {
        const [key, epoch] = line.trim().split(/\s+/);
        if (key && epoch !== undefined && /^[0-9]+$/.test(epoch)) {
            result.set(key, Number(epoch));
        }
    }
    return result;
}

/** `wg show IF allowed-ips`: public key → canonical prefixes (`(none)` gives an empty list). */
export function parseWgAllowedIps(output: string): Map<string, string[]> {
    const result = new Map<string, string[]>();
    for (const line of output.split('\n')) {
        const [key, ...rest] = line.trim().split(/\s+/);
        if (!key) {
            continue;
        }
        result.set(
            key,
            rest.flatMap((text) => {
                const prefix = parsePrefix(text);
                return prefix ? [prefix.text] : [];
            })
        );
    }
    return result;
}
