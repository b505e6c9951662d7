// Runs inside `ip netns exec NS unshare --mount --propagation private node keepalived-sandbox.mjs SPEC`
// (started by keepalived-checker.ts). It makes the script paths a keepalived config references exist
// as executable stubs *only inside this private mount namespace*, then runs the given command.
//
// How: a tmpfs is mounted on SPEC.scratch; for each script, the nearest existing ancestor directory
// of the script gets an overlayfs whose upper layer lives in that tmpfs, so the directory keeps its
// real contents and gains the stub. Nothing is written to the host filesystem; the mounts vanish
// when this process (the namespace's last member) exits.
//
// SPEC (argv[2], JSON): { "stubs": ["/abs/path/script.sh", ...], "scratch": "/tmp/...", "command": ["keepalived", ...] }
// Exit status: the command's status; 70 when the sandbox itself failed (message on stderr).
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import { dirname, isAbsolute, sep } from 'node:path';

const SANDBOX_FAILURE = 70;

function fail(message) {
    process.stderr.write(`sandbox: ${message}\n`);
    process.exit(SANDBOX_FAILURE);
}

function nearestExistingDir(path) {
    let dir = path;
    while (!(existsSync(dir) && statSync(dir).isDirectory())) {
        dir = dirname(dir);
    }
    return dir;
}

function isInside(child, parent) {
    return child === parent || child.startsWith(parent.endsWith(sep) ? parent : parent + sep);
}

const spec = JSON.parse(process.argv[2] ?? '{}');
const stubs = spec.stubs ?? [];
if (!Array.isArray(spec.command) || spec.command.length === 0) {
    fail('no command given');
}
if (stubs.length > 0) {
    for (const stub of stubs) {
        if (!isAbsolute(stub)) {
            fail(`script path must be absolute: ${stub}`);
        }
    }
    // One overlay per top-most ancestor (overlaying a parent already covers its children).
    const ancestors = [...new Set(stubs.map((s) => nearestExistingDir(dirname(s))))].sort((a, b) => a.length - b.length);
    const targets = ancestors.filter((a, i) => !ancestors.slice(0, i).some((p) => isInside(a, p)));
    if (targets.includes('/')) {
        fail('a script path has no existing parent directory other than /; refusing to overlay /');
    }
    try {
        execFileSync('mount', ['-t', 'tmpfs', '-o', 'mode=0700', 'bgptopo-stubs', spec.scratch]);
        targets.forEach((target, i) => {
            const upper = `${spec.scratch}/${i}/upper`;
            const work = `${spec.scratch}/${i}/work`;
            mkdirSync(upper, { recursive: true });
            mkdirSync(work, { recursive: true });
            execFileSync('mount', ['-t', 'overlay', 'bgptopo-stubs', '-o',
                `lowerdir=${target},upperdir=${upper},workdir=${work}`, target]);
        });
        for (const stub of stubs) {
            mkdirSync(dirname(stub), { recursive: true, mode: 0o755 });
            writeFileSync(stub, '#!/bin/sh\n# stub created by bgptopo keepalived checker\nexit 0\n');
            chmodSync(stub, 0o755);
        }
    } catch (err) {
        fail(`could not create script stubs: ${err instanceof Error ? err.message : String(err)}`);
    }
}
const result = spawnSync(spec.command[0], spec.command.slice(1), { stdio: 'inherit' });
if (result.error) {
    fail(`could not run ${spec.command[0]}: ${result.error.message}`);
}
process.exit(result.status ?? SANDBOX_FAILURE);
