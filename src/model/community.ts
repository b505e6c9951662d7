/**
 * BGP communities as the language writes them (LANGUAGE-V2 §7, §13): `A:B` (RFC 1997, 16 bits each), `A:B:C`
 * (RFC 8092 large, 32 bits each) or a well-known name (RFC 1997, 3765, 7999, 8326). Parsing is strict
 * (value-syntax.ts's rule): a malformed or out-of-range community yields the reason `value-range` reports.
 */
import type { ModelCommunity, WellKnownCommunity } from './topology-model.js';
import { bgpCommunityProblem } from './value-syntax.js';

/** Each well-known name's value (FACTS-V2 §6). */
export const WELL_KNOWN_COMMUNITIES: Readonly<Record<WellKnownCommunity, string>> = {
    'no-export': '65535:65281',
    'no-advertise': '65535:65282',
    'local-as': '65535:65283',
    'no-peer': '65535:65284',
    blackhole: '65535:666',
    'graceful-shutdown': '65535:0'
};

export type CommunityParse = { readonly community: ModelCommunity } | { readonly error: string };

export function parseCommunity(text: string): CommunityParse {
    const problem = bgpCommunityProblem(text);
    if (problem) {
        return { error: problem };
    }
    if (text in WELL_KNOWN_COMMUNITIES) {
        const name = text as WellKnownCommunity;
        return { community: { text, kind: 'standard', value: WELL_KNOWN_COMMUNITIES[name], wellKnown: name } };
    }
    return { community: { text, kind: text.split(':').length === 3 ? 'large' : 'standard', value: text } };
}

/** The parsed community, or undefined when malformed. */
export function communityOf(text: string): ModelCommunity | undefined {
    const parsed = parseCommunity(text);
    return 'community' in parsed ? parsed.community : undefined;
}

/**
 * How far between routers a route sent with `communities` travels (RFC 1997): `here` — `no-advertise`, it stays at
 * the router that received it; `ibgp` — `no-export` or `local-as` (no confederations here), it crosses iBGP sessions
 * only and never goes to an eBGP peer; `anywhere` otherwise.
 */
export function communityScope(communities: readonly Pick<ModelCommunity, 'value'>[]): 'here' | 'ibgp' | 'anywhere' {
    const values = new Set(communities.map((community) => community.value));
    if (values.has(WELL_KNOWN_COMMUNITIES['no-advertise'])) {
        return 'here';
    }
    return values.has(WELL_KNOWN_COMMUNITIES['no-export']) || values.has(WELL_KNOWN_COMMUNITIES['local-as']) ? 'ibgp' : 'anywhere';
}
