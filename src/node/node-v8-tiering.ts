/**
 * V8's tiering for bgptopo's own processes, the language server and the CLI: each imports this module first,
 * so it is set before any other module of theirs is evaluated.
 *
 * A cold process builds its first document — the parser's recording phase, a first parse, linking and
 * validation — with code that runs briefly and in many shapes. With V8's default interrupt budget, TurboFan
 * optimises much of it at once, on background threads that compete with the editor for the cores, and
 * deoptimises part of it again at the next shape. With four times the budget the cold build runs in the
 * interpreter and Sparkplug. Code that stays hot, such as the edits of a large file, is still optimised a
 * few edits later.
 *
 * Measured with `node bench/run-all.mjs cold` and `racks`. The figures are in the README's performance
 * section.
 *
 * The flag is set at run time rather than on the command line. A V8 that no longer knows the flag prints a
 * warning and ignores it, whereas an unknown `execArgv` flag would stop the server from starting.
 */
import { setFlagsFromString } from 'node:v8';

/** Four times V8 11.3's default (Node 20), which is 67,584 bytes of bytecode executed. */
const INTERRUPT_BUDGET = 4 * 67_584;

setFlagsFromString(`--interrupt-budget=${INTERRUPT_BUDGET}`);
