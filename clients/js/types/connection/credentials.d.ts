/** A device id and the stored session of the device: what a reconnect needs to resume. */
export class Credentials {
    /**
     * @param {{ deviceId?: string, storage?: Storage }} [options] deviceId: a random one when not given (a new device
     *   each run); storage: where the resume token is kept (in memory by default: it lasts as long as the client)
     */
    constructor({ deviceId, storage }?: {
        deviceId?: string;
        storage?: Storage;
    });
    /** This device's id (delivery cursors are kept per device on the server). */
    deviceId: string;
    /** The stored session, or null. */
    loadResume(): any;
    saveResume(userId: any, resumeToken: any): void;
    clearResume(): void;
    #private;
}
/** A browser tab's credentials: a device per tab, the session kept in the tab's sessionStorage. */
export class SessionCredentials extends Credentials {
    constructor(local?: Storage, session?: Storage);
    /**
     * Settles this tab's device id. "Duplicate tab" copies sessionStorage, so a tab id can already be in use by a
     * live tab: a Web Lock held for the tab's life detects that, and the copy takes a fresh id. (Web Locks exist
     * only in secure contexts, which includes http://localhost; elsewhere the check is skipped.)
     */
    claimDevice(): Promise<void>;
    #private;
}
