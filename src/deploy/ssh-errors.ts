/** Errors of the SSH layer, normalised into stable codes the CLI maps to exit codes and the editor to messages. */
export type SshErrorCode =
    | 'host-key-unknown'
    | 'host-key-changed'
    | 'host-key-revoked'
    | 'auth-failed'
    | 'unreachable'
    | 'connect-timeout'
    | 'command-timeout'
    | 'connection-lost'
    | 'identity-unreadable';

export class SshError extends Error {
    constructor(
        readonly code: SshErrorCode,
        readonly host: string,
        message: string
    ) {
        super(message);
        this.name = 'SshError';
    }
}

/** Map a low-level ssh2 / socket error onto an {@link SshError}. */
export function normaliseSshError(error: unknown, host: string): SshError {
    if (error instanceof SshError) {
        return error;
    }
    const err = error as { code?: string; level?: string; message?: string };
    const message = err?.message ?? String(error);
    if (err?.level === 'client-authentication' || /authentication methods failed/i.test(message)) {
        return new SshError('auth-failed', host, `${host}: authentication failed (no accepted key)`);
    }
    if (/cannot parse privatekey|passphrase|encrypted private/i.test(message)) {
        return new SshError(
            'identity-unreadable',
            host,
            `${host}: the SSH private key cannot be used (${message}); give its passphrase, or load it into ssh-agent`
        );
    }
    if (err?.level === 'client-timeout' || /timed out while waiting for handshake/i.test(message)) {
        return new SshError('connect-timeout', host, `${host}: no SSH handshake within the connect timeout`);
    }
    if (['ECONNREFUSED', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT'].includes(err?.code ?? '')) {
        return new SshError('unreachable', host, `${host}: unreachable (${err.code})`);
    }
    if (err?.code === 'ECONNRESET' || /connection lost|socket closed|not connected/i.test(message)) {
        return new SshError('connection-lost', host, `${host}: connection lost (${message})`);
    }
    return new SshError('connection-lost', host, `${host}: ${message}`);
}
