export class ReconnectPolicy {
    constructor({ baseMs, maxMs, jitter, healthyAfterMs, random }?: {
        baseMs?: number;
        maxMs?: number;
        jitter?: number;
        healthyAfterMs?: number;
        random?: () => number;
    });
    /** How long a session must stay up before the backoff starts from the beginning again. */
    healthyAfterMs: number;
    /** Attempts made since the last reset. */
    get attempt(): number;
    /** Counts the next attempt and says how long to wait before it. */
    next(): {
        attempt: number;
        delayMs: number;
    };
    /** Starts over (a session stayed up for healthyAfterMs, or a new sign-in). */
    reset(): void;
    #private;
}
