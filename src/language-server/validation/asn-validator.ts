/** ASN checks: malformed or out of range, reserved, documentation, and public ASNs on Kubernetes speakers. */
import type { AstNode, ValidationAcceptor } from 'langium';
import * as ast from '../../language/generated/ast.js';
import { classifyAsn, parseAsn } from '../../model/asn.js';
import { DiagnosticCode } from './diagnostic-codes.js';
import { report } from './validation-report.js';

export class AsnValidator {
    checkRouter(node: ast.Router, accept: ValidationAcceptor): void {
        if (node.asn === undefined) {
            // `asn ASN` is part of a router's syntax (LANGUAGE.md): FRR's `router bgp` cannot be written without it.
            report(accept, 'error', DiagnosticCode.Syntax, `Router ${node.name} needs \`asn ASN\`: its BGP configuration starts with it.`, { node, property: 'name' });
        }
        this.checkAsn(node, asText(node.asn), accept, false);
    }

    checkSpeaker(node: ast.Speaker, accept: ValidationAcceptor): void {
        if (node.asn === undefined) {
            this.checkSpeakerHasAsn(node, accept);
        }
        this.checkAsn(node, asText(node.asn), accept, true);
    }

    /**
     * A block without `asn` is complete only when each of its peer groups gives one (an AS per group, LANGUAGE-V2
     * §2); v1's `peers` line, and a block with no session at all, take the block's.
     */
    private checkSpeakerHasAsn(node: ast.Speaker, accept: ValidationAcceptor): void {
        const groups = node.groups ?? [];
        if ((node.peers ?? []).length > 0 || groups.length === 0) {
            report(accept, 'error', DiagnosticCode.Syntax, `The ${node.kind} block needs \`asn ASN\`: the local AS of its nodes.`, { node, property: 'kind' });
            return;
        }
        for (const group of groups.filter((entry) => entry.asn === undefined)) {
            report(accept, 'error', DiagnosticCode.Syntax, `This group needs \`asn ASN\`, or its ${node.kind} block one: the local AS of its nodes.`, { node: group, property: 'routers', index: 0 });
        }
    }

    checkNeighbor(node: ast.Neighbor, accept: ValidationAcceptor): void {
        this.checkAsn(node, asText(node.asn), accept, false);
    }

    checkUpstream(node: ast.Upstream, accept: ValidationAcceptor): void {
        this.checkAsn(node, asText(node.asn), accept, false);
    }

    private checkAsn(node: AstNode, text: string | undefined, accept: ValidationAcceptor, kubernetesSpeaker: boolean): void {
        if (text === undefined) {
            return;
        }
        const target = { node, property: 'asn' };
        const value = parseAsn(text);
        if (value === undefined) {
            const why = text.includes('.')
                ? 'asdot is HIGH.LOW with both parts in 0–65535'
                : 'an ASN is a whole number in 1–4294967295';
            report(accept, 'error', DiagnosticCode.AsnInvalid, `ASN ${text} is not valid: ${why}.`, target);
            return;
        }
        const info = classifyAsn(value);
        const shown = text === String(value) ? text : `${text} (= ${value})`;
        switch (info.asnClass) {
            case 'reserved':
            case 'as-trans':
                report(accept, 'error', DiagnosticCode.AsnReserved, `ASN ${shown} is ${info.description}; use a private ASN (64512–65534).`, target, {
                    value
                });
                break;
            case 'documentation':
                report(
                    accept,
                    'warning',
                    DiagnosticCode.AsnDocumentation,
                    `ASN ${shown} is in the ${info.description}: fine in examples, never on a real network.`,
                    target,
                    { value }
                );
                break;
            case 'public':
                if (kubernetesSpeaker) {
                    report(
                        accept,
                        'info',
                        DiagnosticCode.AsnPublic,
                        `ASN ${shown} is a public ASN (${info.description}); Kubernetes speakers normally use a private ASN (64512–65534 or 4200000000–4294967294).`,
                        target,
                        { value }
                    );
                }
                break;
            default:
                break;
        }
    }
}

/** Data-type rule values arrive as text; the union type the generator infers includes number. */
function asText(value: string | number | undefined): string | undefined {
    return value === undefined ? undefined : String(value);
}
