/**
 * Router-id checks: a router or speaker node without one (no IPv4 address, no `router-id`), one router-id per router
 * across the file, and one per BGP identifier within each AS (RFC 6286) among speaker nodes and routers. Each is
 * reported on the later declaration, naming the earlier, at its `router-id` (else its first IPv4 address, else name).
 */
import type { AstNode, ValidationAcceptor } from 'langium';
import type * as ast from '../../language/generated/ast.js';
import { parseAddress } from '../../model/ip-address.js';
import { offset } from '../../model/lowering-values.js';
import type { TopologyModel } from '../../model/topology-model.js';
import type { BgptopoTopologyCache } from '../bgptopo-topology-cache.js';
import { DiagnosticCode } from './diagnostic-codes.js';
import { lineOf, report, reportTarget, type ReportTarget } from './validation-report.js';

export class RouterIdValidator {
    constructor(private readonly cache: BgptopoTopologyCache) {}

    /** Unique router-ids: every router its own, and within each AS (RFC 6286) speaker nodes and routers too. */
    checkTopology(root: ast.Topology, accept: ValidationAcceptor): void {
        const model = this.cache.get(root);
        const routerIds = new Map<string, AstNode & { name?: string }>();
        for (const router of model.routers) {
            if (!router.routerId) {
                if (!router.ast.routerId) {
                    report(
                        accept,
                        'error',
                        DiagnosticCode.RouterIdMissing,
                        `Router ${router.name} has no IPv4 address and no router-id; BGP needs a 32-bit router-id.`,
                        { node: router.ast, property: 'name' }
                    );
                }
                continue;
            }
            const earlier = routerIds.get(router.routerId.text);
            if (earlier) {
                report(
                    accept,
                    'error',
                    DiagnosticCode.RouterIdDuplicate,
                    `Router ${router.name} has router-id ${router.routerId.text}, already used by router ${earlier.name} (line ${lineOf(earlier)}); every router needs its own.`,
                    routerIdTarget(router.ast),
                    { other: earlier.name }
                );
            } else {
                routerIds.set(router.routerId.text, router.ast);
            }
        }
        this.checkRouterIdsPerAs(model, accept);
    }

    /**
     * Unique router-id within each AS (RFC 6286): speaker nodes, and the routers of that AS. Claims are
     * visited in file order so the later declaration is reported, naming the earlier; a node is reported
     * once however many of its speakers share the AS. Router against router is checked above, for all ASes.
     */
    private checkRouterIdsPerAs(model: TopologyModel, accept: ValidationAcceptor): void {
        type Claim = { readonly kind: 'router' | 'node'; readonly name: string; readonly ast: ast.Router | ast.Node; readonly asn: number; readonly id: string };
        const claims: Claim[] = [];
        for (const router of model.routers) {
            if (router.asn !== undefined && router.routerId) {
                claims.push({ kind: 'router', name: router.name, ast: router.ast, asn: router.asn, id: router.routerId.text });
            }
        }
        const missing = new Set<ast.Node>();
        for (const speaker of model.speakers) {
            for (const node of speaker.nodes) {
                if (!node.routerId) {
                    if (!node.ast.routerId && !missing.has(node.ast)) {
                        missing.add(node.ast);
                        // LANGUAGE-V2 §13 (Changed): Cilium derives a router-id itself (cilium_host MAC or its ID pool).
                        const ciliumOnly = node.cluster.speakers.every((other) => other.kind === 'cilium-bgp' || !other.nodes.includes(node));
                        report(
                            accept,
                            ciliumOnly ? 'info' : 'error',
                            DiagnosticCode.RouterIdMissing,
                            ciliumOnly
                                ? `Node ${node.name} has no IPv4 address and no router-id: Cilium derives one itself, so its uniqueness in AS ${speaker.asn ?? '?'} cannot be checked here. Give \`router-id\` to check it.`
                                : `Node ${node.name} runs a ${speaker.kind} speaker but has no IPv4 address and no router-id; BGP needs a 32-bit router-id.`,
                            { node: node.ast, property: 'name' }
                        );
                    }
                } else if (speaker.asn !== undefined) {
                    claims.push({ kind: 'node', name: node.name, ast: node.ast, asn: speaker.asn, id: node.routerId.text });
                }
            }
        }
        claims.sort((a, b) => offset(a.ast) - offset(b.ast));
        const owners = new Map<string, Claim>();
        const reported = new Set<AstNode>();
        for (const claim of claims) {
            const key = `${claim.asn}\u0000${claim.id}`;
            const earlier = owners.get(key);
            if (!earlier) {
                owners.set(key, claim);
                continue;
            }
            if (earlier.ast === claim.ast || (earlier.kind === 'router' && claim.kind === 'router') || reported.has(claim.ast)) {
                continue;
            }
            reported.add(claim.ast);
            report(
                accept,
                'error',
                DiagnosticCode.RouterIdDuplicate,
                `${claim.kind === 'node' ? 'Node' : 'Router'} ${claim.name} has router-id ${claim.id}, already used by ${earlier.kind} ${earlier.name} (line ${lineOf(earlier.ast)}) in AS ${claim.asn}; a BGP identifier must be unique within an AS (RFC 6286).`,
                routerIdTarget(claim.ast),
                { other: earlier.name }
            );
        }
    }
}

function routerIdTarget(node: ast.Router | ast.Node): ReportTarget {
    if (node.routerId) {
        return reportTarget(node, 'routerId');
    }
    const first = node.addresses?.find((entry) => entry.value && parseAddress(entry.value)?.family === 4);
    return first ? reportTarget(first, 'value') : reportTarget(node, 'name');
}
