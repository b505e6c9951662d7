/**
 * Routes a router refused from a speaker (issue 17: "a speaker announcing an address outside its pool is dropped,
 * visible in FRR"). The rendered speaker peer-groups keep what they receive before the import policy
 * (`soft-reconfiguration inbound`, frr-renderer.ts), so `show bgp ipv4|ipv6 unicast neighbors X filtered-routes json`
 * lists what the policy refused. One probe per router and family asks for every speaker neighbor of the router in one
 * vtysh run (`-c` per neighbor: FRR prints one JSON object per command, in order; an unknown neighbor is a
 * `warning` object). A refused route fails the session's row on its group's `peer` line, naming prefix and node.
 */
import type { BgpSession, ModelRouter, TopologyModel } from '../model/index.js';
import { parseAddress, parsePrefix } from '../model/ip-address.js';
import type { EvaluationContext, PlanSink } from './verify-check-context.js';
import { unlessSessionHealthy, type BgpPeer } from './verify-check-bgp.js';
import type { Evaluation } from './verify-frr.js';
import { locateSession } from './verify-locate.js';
import type { Probe } from './verify-probe-script.js';
import type { VerifyCheckKind } from './verify-types.js';

export type BgpRefusedRule = { readonly rule: 'bgp-refused' } & BgpPeer & {
    /** Per family: the router's probe and the neighbors it asks for, in the probe's order. */
    readonly probes: ReadonlyArray<{ readonly id: string; readonly neighbors: readonly string[] }>;
};

/** The speaker neighbors of each router (source addresses, sorted), once per plan. */
export function speakerNeighbors(model: TopologyModel): (router: ModelRouter) => string[] {
    const byRouter = new Map<ModelRouter, Set<string>>();
    for (const session of model.sessions) {
        if (session.source && !session.noPath) {
            const set = byRouter.get(session.router) ?? new Set<string>();
            set.add(session.source.address.text);
            byRouter.set(session.router, set);
        }
    }
    const sorted = new Map([...byRouter].map(([router, set]) => [router, [...set].sort()]));
    return (router) => sorted.get(router) ?? [];
}

/** `vtysh -c 'show bgp AFI unicast neighbors X filtered-routes json'` for each neighbor, one process. */
export function refusedProbe(family: 4 | 6, neighbors: readonly string[]): Probe {
    const afi = family === 4 ? 'ipv4' : 'ipv6';
    return { id: `bgp-refused-${afi}`, argv: ['vtysh', ...neighbors.flatMap((neighbor) => ['-c', `show bgp ${afi} unicast neighbors ${neighbor} filtered-routes json`])] };
}

export function planRefused(session: BgpSession, neighborsOf: (router: ModelRouter) => string[], want: (kind: VerifyCheckKind) => boolean, { probe, checks }: PlanSink): void {
    if (!want('bgp-refused') || !session.source) {
        return;
    }
    const neighbors = neighborsOf(session.router);
    const families = [...new Set([session.family, ...session.announcements.map((a) => a.prefix.family)])].sort() as Array<4 | 6>;
    checks.push({
        id: `bgp-refused:${session.id}`,
        kind: 'bgp-refused',
        subject: `routes refused from ${session.node.name} on ${session.router.name} (${session.speaker.kind})`,
        location: locateSession(session),
        rule: {
            rule: 'bgp-refused',
            router: session.router.name,
            node: session.node.name,
            source: session.source.address.text,
            family: session.family === 6 ? 'ipv6' : 'ipv4',
            speakerAsn: session.speakerAsn,
            probes: families.map((family) => ({ id: probe(session.router, refusedProbe(family, neighbors)), neighbors }))
        }
    });
}

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);

/** The top-level JSON objects of concatenated output, in order (text between them, such as `% …` lines, is skipped). */
export function jsonObjects(text: string): unknown[] {
    const objects: unknown[] = [];
    let depth = 0;
    let start = -1;
    let inString = false;
    for (let i = 0; i < text.length; i++) {
        const c = text[i];
        if (inString) {
            if (c === '\\') {
                i++;
            } else if (c === '"') {
                inString = false;
            }
        } else if (c === '"' && depth > 0) {
            inString = true;
        } else if (c === '{') {
            if (depth++ === 0) {
                start = i;
            }
        } else if (c === '}' && depth > 0 && --depth === 0) {
            objects.push(JSON.parse(text.slice(start, i + 1)));
        }
    }
    return objects;
}

/**
 * Each neighbor's refused prefixes (`receivedRoutes` of `filtered-routes json`), or the warning FRR gave instead
 * (no such neighbor in this family, inbound soft reconfiguration not enabled).
 */
export function parseRefused(stdout: string): Array<{ prefixes: string[] } | { warning: string }> {
    return jsonObjects(stdout).map((object) => {
        if (!isObject(object) || !isObject(object.receivedRoutes)) {
            return { warning: isObject(object) && typeof object.warning === 'string' ? object.warning : 'no receivedRoutes' };
        }
        return { prefixes: Object.keys(object.receivedRoutes).map((key) => parsePrefix(key)?.text ?? key) };
    });
}

export function refusedRoutes(rule: BgpRefusedRule, context: EvaluationContext): Evaluation {
    const unhealthy = unlessSessionHealthy(rule, context);
    if (unhealthy) {
        return unhealthy;
    }
    const source = parseAddress(rule.source!)?.text ?? rule.source!;
    const refused: string[] = [];
    for (const { id, neighbors } of rule.probes) {
        const answers = context.parsed(rule.router, id, parseRefused);
        if (answers.length !== neighbors.length) {
            return { status: 'unknown', message: `${rule.router}: ${id} answered for ${answers.length} of ${neighbors.length} neighbors` };
        }
        const answer = answers[neighbors.indexOf(source)];
        if (answer && 'prefixes' in answer) {
            refused.push(...answer.prefixes);
        } else if (answer && rule.probes.length === 1) {
            return { status: 'unknown', message: `FRR keeps no refused routes for ${source}: ${answer.warning}` };
        }
    }
    if (refused.length > 0) {
        return { status: 'fail', message: `${refused.join(', ')} announced by ${rule.node} but outside what the file permits (refused by the router's import policy)` };
    }
    return { status: 'pass', message: 'nothing refused' };
}
