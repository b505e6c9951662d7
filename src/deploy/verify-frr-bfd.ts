/**
 * Pure reader of FRR 8.4's `show bfd peers json` (fixtures in test/deploy/fixtures/frr/): a list of BFD sessions,
 * each with `peer`, `local` (absent when FRR chose it), `multihop`, `status` (`up`, `down`, `init`,
 * `shutdown`) and the timers in milliseconds — the router's own (`receive-interval`, `transmit-interval`,
 * `detect-multiplier`) and the peer's (`remote-receive-interval`, …).
 */
import { parseAddress } from '../model/ip-address.js';
import { isObject, optionalNumber } from './verify-frr.js';

export interface BfdTimers {
    readonly receiveMs?: number;
    readonly transmitMs?: number;
    readonly multiplier?: number;
}

export interface BfdPeerStatus {
    /** Canonical address text. */
    readonly peer: string;
    readonly local?: string;
    readonly multihop: boolean;
    readonly status: string;
    /** The router's own timers. */
    readonly timers: BfdTimers;
    /** The timers the peer sends. */
    readonly remoteTimers: BfdTimers;
}


const canonical = (value: unknown): string | undefined => (typeof value === 'string' ? (parseAddress(value)?.text ?? value) : undefined);

/** Every BFD session of `show bfd peers json`. An instance with none prints `[]` (or nothing). */
export function parseBfdPeers(input: string): BfdPeerStatus[] {
    const text = input.trim();
    const root = text === '' ? [] : (JSON.parse(text) as unknown);
    if (!Array.isArray(root)) {
        throw new Error('show bfd peers json: not a JSON list');
    }
    return root.filter(isObject).flatMap((entry) => {
        const peer = canonical(entry.peer);
        if (!peer) {
            return [];
        }
        return [
            {
                peer,
                local: canonical(entry.local),
                multihop: entry.multihop === true,
                status: typeof entry.status === 'string' ? entry.status : 'unknown',
                timers: {
                    receiveMs: optionalNumber(entry['receive-interval']),
                    transmitMs: optionalNumber(entry['transmit-interval']),
                    multiplier: optionalNumber(entry['detect-multiplier'])
                },
                remoteTimers: {
                    receiveMs: optionalNumber(entry['remote-receive-interval']),
                    transmitMs: optionalNumber(entry['remote-transmit-interval']),
                    multiplier: optionalNumber(entry['remote-detect-multiplier'])
                }
            }
        ];
    });
}
