/**
 * One SSH session per host for the length of a command (key collection, plan, apply, manifests share it),
 * all closed together at the end. A failed connection is kept too: an unreachable host costs one timeout,
 * not one per step.
 */
import type { HostTarget } from './host-target.js';
import type { SshSession } from './ssh-session.js';

export interface SessionPool {
    connect(host: HostTarget): Promise<SshSession>;
    closeAll(): void;
}

export function sessionPool(connect: (host: HostTarget) => Promise<SshSession>): SessionPool {
    const sessions = new Map<string, Promise<SshSession>>();
    return {
        connect(host) {
            let session = sessions.get(host.name);
            if (!session) {
                session = connect(host);
                sessions.set(host.name, session);
            }
            return session;
        },
        closeAll() {
            for (const session of sessions.values()) {
                session.then((s) => s.close(), () => undefined);
            }
            sessions.clear();
        }
    };
}
