/**
 * The values a topology gives the SSH client: login users (POSIX's portable user-name set), hosts (an
 * address or an RFC 1123 host name) and the local files `identity` and `known-hosts` name (no control
 * characters). Checked as the model carries them, after a string's escapes are undone.
 */
import type { ValidationAcceptor, ValidationChecks } from 'langium';
import type * as ast from '../../language/generated/ast.js';
import { unquote } from '../../model/lowering-values.js';
import { describeValue, filePathProblem, sshHostProblem, userNameProblem } from '../../model/value-syntax.js';
import { DiagnosticCode } from './diagnostic-codes.js';
import { report } from './validation-report.js';

export class SshValueValidator {
    checks(): ValidationChecks<ast.BgptopoAstType> {
        return {
            SshTarget: (node, accept) => this.checkTarget(node, accept),
            DefaultSsh: (node, accept) => this.checkDefaults(node, accept)
        };
    }

    checkTarget(node: ast.SshTarget, accept: ValidationAcceptor): void {
        this.checkUser(node, node.user, accept);
        if (node.host === undefined) {
            return;
        }
        const quoted = unquote(node.host);
        const host = quoted.startsWith('[') && quoted.endsWith(']') ? quoted.slice(1, -1) : quoted;
        const problem = sshHostProblem(host);
        if (problem) {
            report(accept, 'error', DiagnosticCode.SshHostInvalid, `SSH host ${describeValue(host)} is not valid: ${problem}.`, { node, property: 'host' });
        }
    }

    checkDefaults(node: ast.DefaultSsh, accept: ValidationAcceptor): void {
        this.checkUser(node, node.user, accept);
        for (const property of ['identity', 'knownHosts'] as const) {
            const text = node[property];
            if (text === undefined) {
                continue;
            }
            const path = unquote(text);
            const problem = filePathProblem(path);
            if (problem) {
                const what = property === 'identity' ? 'SSH identity file' : 'known_hosts file';
                report(accept, 'error', DiagnosticCode.PathInvalid, `The ${what} path ${describeValue(path)} is not valid: ${problem}.`, { node, property });
            }
        }
    }

    private checkUser(node: ast.SshTarget | ast.DefaultSsh, text: string | undefined, accept: ValidationAcceptor): void {
        if (text === undefined) {
            return;
        }
        const user = unquote(text);
        const problem = userNameProblem(user);
        if (problem) {
            report(accept, 'error', DiagnosticCode.SshUserInvalid, `SSH user ${describeValue(user)} is not valid: ${problem}.`, { node, property: 'user' });
        }
    }
}
