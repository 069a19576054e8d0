/** Time between syncs when the page does not say otherwise (the SDK's default too). */
export const DEFAULT_SYNC_INTERVAL_MS: 60000;
export class StoreSync {
    /**
     * @param {{ intervalMs: number, sync: () => Promise<void> }} options sync sends one `sync` and takes its answer;
     *   a rejection (link gone, refused) is swallowed: the next sync, or the next session's talk list, catches up
     */
    constructor({ intervalMs, sync }: {
        intervalMs: number;
        sync: () => Promise<void>;
    });
    /** A session began: the first periodic sync is one interval away (the login answer is fresh). */
    sessionStarted(): void;
    /** The session's link is gone: nothing is due until the next session. */
    sessionEnded(): void;
    /** A sync is wanted now (runs after the one out, if any). */
    syncNow(): void;
    #private;
}
