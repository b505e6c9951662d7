/**
 * A load-balancer pool's own options, on its `network` (LANGUAGE-V2 §7): pool options only on a `role loadbalancer`
 * network (`network-role`), each range two addresses of one family in order (`value-range`), inside the prefix
 * (`address-outside-network`) and disjoint from the others (`cidr-overlap`), namespaces valid Kubernetes names
 * (`value-range`). What a consumer can express of a pool is checked with its advertisements (advertisement-validator.ts).
 */
import type { ValidationAcceptor } from 'langium';
import type * as ast from '../../language/generated/ast.js';
import { prefixContains } from '../../model/ip-address.js';
import type { ModelNetwork } from '../../model/topology-model.js';
import { kubernetesNamespaceProblem } from '../../model/value-syntax.js';
import type { BgptopoTopologyCache } from '../bgptopo-topology-cache.js';
import { DiagnosticCode } from './diagnostic-codes.js';
import { lineOf, report } from './validation-report.js';

/** A pool option's keyword in messages. */
export const POOL_KEYWORD: Record<'ranges' | 'services' | 'namespaces' | 'autoAssignOff', string> = {
    ranges: 'range',
    services: 'services',
    namespaces: 'namespaces',
    autoAssignOff: 'auto-assign off'
};

export class PoolValidator {
    constructor(private readonly cache: BgptopoTopologyCache) {}

    /** A pool's own options: ranges inside the prefix and disjoint, namespaces valid, only on loadbalancer networks. */
    checkNetwork(node: ast.Network, accept: ValidationAcceptor): void {
        const network = this.cache.get(node.$container).networks.find((entry) => entry.ast === node);
        if (!network) {
            return;
        }
        const poolOptions = (['ranges', 'services', 'namespaces', 'autoAssignOff'] as const).filter((property) =>
            Array.isArray(node[property]) ? (node[property] as unknown[]).length > 0 : node[property] === true
        );
        if (network.role !== 'loadbalancer') {
            for (const property of poolOptions) {
                report(
                    accept,
                    'error',
                    DiagnosticCode.NetworkRole,
                    `\`${POOL_KEYWORD[property]}\` belongs to a pool: network ${network.name} needs \`role loadbalancer\` (it is ${network.role === 'underlay' && !node.role ? 'an underlay, the default role' : `a ${network.role} network`}).`,
                    { node, property },
                    { network: network.name, role: 'loadbalancer' }
                );
            }
        }
        this.checkRanges(network, accept);
        (node.namespaces ?? []).forEach((text, index) => {
            const namespace = network.namespaces[index];
            const problem = kubernetesNamespaceProblem(namespace);
            if (problem) {
                report(accept, 'error', DiagnosticCode.ValueRange, `${JSON.stringify(namespace ?? text)} is not a Kubernetes namespace: ${problem}.`, { node, property: 'namespaces', index });
            }
        });
    }

    private checkRanges(network: ModelNetwork, accept: ValidationAcceptor): void {
        const seen: Array<{ start: bigint; end: bigint; text: string; line: number }> = [];
        for (const range of network.ranges) {
            const node = range.ast;
            if (!range.start || !range.end) {
                report(accept, 'error', DiagnosticCode.ValueRange, 'A range is two addresses `A-B`; one of these is not a valid address.', { node, property: range.start ? 'end' : 'start' });
                continue;
            }
            if (range.start.family !== range.end.family || range.start.value > range.end.value) {
                report(
                    accept,
                    'error',
                    DiagnosticCode.ValueRange,
                    range.start.family !== range.end.family
                        ? `The range ${range.start.text}-${range.end.text} mixes IPv4 and IPv6.`
                        : `The range starts at ${range.start.text}, after its end ${range.end.text}: write the lower address first.`,
                    { node, property: 'end' }
                );
                continue;
            }
            const prefix = network.prefix;
            const outside = prefix ? (['start', 'end'] as const).find((property) => !prefixContains(prefix, range[property]!)) : undefined;
            if (prefix && outside) {
                report(
                    accept,
                    'error',
                    DiagnosticCode.AddressOutsideNetwork,
                    `${range[outside]!.text} lies outside ${network.name} (${prefix.text}): a pool hands out only addresses of its own prefix.`,
                    { node, property: outside },
                    { network: network.name }
                );
            }
            const earlier = seen.find((entry) => entry.start <= range.end!.value && range.start!.value <= entry.end);
            if (earlier) {
                report(
                    accept,
                    'error',
                    DiagnosticCode.CidrOverlap,
                    `The range ${range.start.text}-${range.end.text} overlaps ${earlier.text} (line ${earlier.line}): each address is in one range.`,
                    { node }
                );
            }
            seen.push({ start: range.start.value, end: range.end.value, text: `${range.start.text}-${range.end.text}`, line: lineOf(node) });
        }
    }
}
