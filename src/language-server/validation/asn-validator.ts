/** ASN checks: malformed or out of range, reserved, documentation, and public ASNs on Kubernetes speakers. */
import type { AstNode, ValidationAcceptor } from 'langium';
import * as ast from '../../language/generated/ast.js';
import { classifyAsn, parseAsn } from '../../model/asn.js';
import { DiagnosticCode } from './diagnostic-codes.js';
import { report } from './validation-report.js';

export class AsnValidator {
    checkRouter(node: ast.Router, accept: ValidationAcceptor): void {
        this.checkAsn(node, asText(node.asn), accept, false);
    }

    checkSpeaker(node: ast.Speaker, accept: ValidationAcceptor): void {
        this.checkAsn(node, asText(node.asn), accept, true);
    }

    checkNeighbor(node: ast.Neighbor, accept: ValidationAcceptor): void {
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
