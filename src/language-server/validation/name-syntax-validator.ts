/**
 * Names and interface names against the grammar of the files they end up in: declaration names (host names,
 * FRR / keepalived / HAProxy identifiers, Kubernetes names and label values), cluster nodes' Kubernetes node
 * names, interface names (Linux's rule, in keepalived, kube-vip and Cilium), WireGuard mesh names (the
 * interface wg-quick creates) and secret names (Kubernetes Secret names). A value is checked as the model
 * will carry it, after the string's escapes are undone, so `"eth0\nvirtual_server …"` is the line break it
 * means. The rules live in the model (value-syntax.ts), shared with the renderers' own refusal.
 */
import type { AstNode, ValidationAcceptor, ValidationChecks } from 'langium';
import * as ast from '../../language/generated/ast.js';
import { unquote } from '../../model/lowering-values.js';
import {
    declarationNameProblem,
    describeValue,
    interfaceNameProblem,
    kubernetesNameForm,
    kubernetesNodeNameProblem,
    secretNameProblem
} from '../../model/value-syntax.js';
import { DiagnosticCode } from './diagnostic-codes.js';
import { namedDeclarations } from './declaration-validator.js';
import { describeKind, lineOf, report } from './validation-report.js';

type Named = ast.Topology | ast.NamedDeclaration;

export class NameSyntaxValidator {
    checks(): ValidationChecks<ast.BgptopoAstType> {
        return {
            Topology: [(node, accept) => this.checkName(node, accept), (node, accept) => this.checkKubernetesForms(node, accept)],
            Network: [(node, accept) => this.checkName(node, accept), (node, accept) => this.checkInterface(node, 'interface', node.interface, accept)],
            Router: (node, accept) => this.checkName(node, accept),
            LoadBalancer: (node, accept) => this.checkName(node, accept),
            Vip: [(node, accept) => this.checkName(node, accept), (node, accept) => this.checkInterface(node, 'interface', node.interface, accept)],
            Cluster: (node, accept) => this.checkName(node, accept),
            Node: (node, accept) => this.checkName(node, accept),
            WireGuard: (node, accept) => this.checkWireGuardName(node, accept),
            Defaults: (node, accept) => this.checkInterface(node, 'interface', node.interface, accept),
            SourceSelector: (node, accept) => this.checkInterface(node, 'interface', node.interface, accept),
            // BGP unnumbered: the interface FRR peers on (LANGUAGE-V2 §4).
            Neighbor: (node, accept) => this.checkInterface(node, 'unnumbered', node.unnumbered, accept),
            Password: (node, accept) => this.checkSecretName(node, accept)
        };
    }

    checkName(node: Named, accept: ValidationAcceptor): void {
        if (node.name === undefined) {
            return; // a syntax error already
        }
        const problem = ast.isNode(node) ? kubernetesNodeNameProblem(node.name) : declarationNameProblem(node.name);
        if (problem) {
            const what = ast.isTopology(node) ? 'topology' : describeKind(node.$type);
            report(accept, 'error', DiagnosticCode.NameInvalid, `The ${what} name ${describeValue(node.name)} is not valid: ${problem}.`, { node, property: 'name' });
        }
    }

    /** Names become parts of Kubernetes object names in lower case with '-' for '_': two must not meet there. */
    checkKubernetesForms(root: ast.Topology, accept: ValidationAcceptor): void {
        const seen = new Map<string, ast.NamedDeclaration>();
        for (const node of namedDeclarations(root)) {
            if (!node.name) {
                continue;
            }
            const form = kubernetesNameForm(node.name);
            const earlier = seen.get(form);
            if (!earlier) {
                seen.set(form, node);
            } else if (earlier.name !== node.name) {
                report(
                    accept,
                    'error',
                    DiagnosticCode.NameInvalid,
                    `The name ${node.name} and ${describeKind(earlier.$type)} ${earlier.name} (line ${lineOf(earlier)}) both become "${form}" in Kubernetes object names (lower case, "-" for "_"); one object would replace the other. Rename one.`,
                    { node, property: 'name' }
                );
            }
        }
    }

    /** A mesh's name is the interface wg-quick creates (and its config file's name). */
    checkWireGuardName(node: ast.WireGuard, accept: ValidationAcceptor): void {
        if (node.name === undefined) {
            return;
        }
        const problem = interfaceNameProblem(node.name);
        if (problem) {
            report(
                accept,
                'error',
                DiagnosticCode.InterfaceInvalid,
                `The WireGuard mesh ${describeValue(node.name)} names the interface wg-quick creates on every member, which is not valid: ${problem}.`,
                { node, property: 'name' }
            );
            return;
        }
        this.checkName(node, accept);
    }

    checkInterface(node: AstNode, property: string, text: string | undefined, accept: ValidationAcceptor): void {
        if (text === undefined) {
            return;
        }
        const value = unquote(text);
        const problem = interfaceNameProblem(value);
        if (problem) {
            report(accept, 'error', DiagnosticCode.InterfaceInvalid, `Interface name ${describeValue(value)} is not valid: ${problem}.`, { node, property });
        }
    }

    checkSecretName(node: ast.Password, accept: ValidationAcceptor): void {
        if (!node.secret || node.value === undefined) {
            return;
        }
        const value = unquote(node.value);
        const problem = secretNameProblem(value);
        if (problem) {
            report(accept, 'error', DiagnosticCode.SecretNameInvalid, `Secret name ${describeValue(value)} is not valid: ${problem}.`, { node, property: 'value' });
        }
    }
}
