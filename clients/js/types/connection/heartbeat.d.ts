export class HeartbeatMonitor {
    /**
     * @param {{ intervalMs: number, timeoutMs: number, sendPing: () => void, onDead: (silentMs: number) => void,
     *           now?: () => number }} options
     */
    constructor({ intervalMs, timeoutMs, sendPing, onDead, now }: {
        intervalMs: number;
        timeoutMs: number;
        sendPing: () => void;
        onDead: (silentMs: number) => void;
        now?: () => number;
    });
    start(): void;
    stop(): void;
    noteRead(): void;
    noteWrite(): void;
    /** Applies the rules now (the timer calls this; so does the page becoming visible again). */
    check(): void;
    #private;
}
