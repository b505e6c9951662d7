/**
 * One way to report a diagnostic: on `{node, property, index}`, with its stable code in `code` and `data`.
 * `property` is typed with Langium's `Properties<N>`, so the compiler checks it is a property of the node's
 * type (a node typed only as `AstNode` accepts any name).
 */
import type { AstNode, Properties, ValidationAcceptor } from 'langium';
import type { BgptopoDiagnosticData, DiagnosticCode } from './diagnostic-codes.js';

export type Severity = 'error' | 'warning' | 'info' | 'hint';

export interface ReportTarget<N extends AstNode = AstNode> {
    readonly node: N;
    readonly property?: Properties<N>;
    readonly index?: number;
}

/**
 * A target whose property is checked against its node's type, widened for a caller that picks among
 * targets on different node types.
 */
export function reportTarget<N extends AstNode>(node: N, property: Properties<N>, index?: number): ReportTarget {
    return { node, property, index };
}

export function report<N extends AstNode>(
    accept: ValidationAcceptor,
    severity: Severity,
    code: DiagnosticCode,
    message: string,
    target: ReportTarget<N>,
    extra: Record<string, unknown> = {}
): void {
    const data: BgptopoDiagnosticData = { ...extra, code };
    accept(severity, message, {
        node: target.node,
        property: target.property,
        index: target.index,
        code,
        data
    });
}

/** Short human names for hosts and blocks in messages. */
export function describeKind(type: string): string {
    switch (type) {
        case 'Router':
            return 'router';
        case 'LoadBalancer':
            return 'load balancer';
        case 'Node':
            return 'node';
        case 'Vip':
            return 'VIP';
        case 'Network':
            return 'network';
        case 'Cluster':
            return 'cluster';
        case 'WireGuard':
            return 'WireGuard mesh';
        default:
            return type.toLowerCase();
    }
}

/** Line number (1-based) of a node, for messages that name an earlier declaration. */
export function lineOf(node: AstNode): number {
    return (node.$cstNode?.range.start.line ?? 0) + 1;
}
