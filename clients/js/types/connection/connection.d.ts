export class Connection extends EventTarget {
    /**
     * @param {{ url: string, credentials: import('./credentials.js').Credentials, policy?: ReconnectPolicy,
     *           connectTimeoutMs?: number, requestTimeoutMs?: number, latestPerTalk?: number,
     *           env?: import('../platform.js').PageEnvironment, WebSocket?: typeof WebSocket }} options
     *   env: the page's window, document and navigator (found by itself in a browser, none in Node);
     *   WebSocket: the class to open sockets with (the global one by default)
     */
    constructor({ url, credentials, policy, connectTimeoutMs, requestTimeoutMs, latestPerTalk, env, WebSocket }: {
        url: string;
        credentials: import("./credentials.js").Credentials;
        policy?: ReconnectPolicy;
        connectTimeoutMs?: number;
        requestTimeoutMs?: number;
        latestPerTalk?: number;
        env?: import("../platform.js").PageEnvironment;
        WebSocket?: typeof globalThis.WebSocket;
    });
    /** The current state: { name, ...details } (see the list at the top of this file). */
    get state(): {
        name: string;
    };
    get isOnline(): boolean;
    /**
     * Signs in from the login form (registering first when asked). Resolves once the session is up (after the
     * 'session' event); rejects with a RelinkError (wrong password, user exists, server unreachable) and leaves the
     * connection signed out. No retries: the person at the form decides.
     */
    signIn(userId: any, password: any, { register }?: {
        register?: any;
    }): Promise<void>;
    /**
     * Signs in with an access token (a JWT) from the app that hosts the chat; the user is the token's subject.
     * getAccessToken is asked again whenever the session must be logged into afresh (a rejected resume), so it may
     * hand out a new token each time. Interactive (an SDK's connect): rejects with a RelinkError and stays signed out
     * when the first attempt fails. Not interactive (a page handed a token, with no form to fall back to): keeps
     * trying through link failures, and only a refused token ends it ('signed-out' event).
     * @param {() => string | Promise<string>} getAccessToken
     * @param {{ interactive?: boolean }} [options]
     */
    signInWithToken(getAccessToken: () => string | Promise<string>, { interactive }?: {
        interactive?: boolean;
    }): Promise<void>;
    /**
     * Signs in as the user the hosting app signed in: for a page of an app that hosts Relink with its own
     * authentication (MapRelink with UseHostAuthentication), whose cookie goes with the WebSocket upgrade. The login
     * carries no credentials ("login {}"), and so does every later login, when a resume is rejected. Interactive and
     * not interactive as for signInWithToken; a refused login ends it ('signed-out' event).
     * @param {{ interactive?: boolean }} [options]
     */
    signInWithHost({ interactive }?: {
        interactive?: boolean;
    }): Promise<void>;
    /** Continues the session stored in this tab (a reload). False when there is none. */
    resumeStored(): boolean;
    /** Skips the wait before the next attempt (the banner's button, the network coming back). */
    reconnectNow(): void;
    /** Gives up reconnecting until reconnectNow (the banner's Stop button). */
    stop(): void;
    /** Ends the session on the server (its resume token stops working) and forgets it here. */
    signOut(): Promise<void>;
    /** Sends a request on the live session; rejects with CLIENT_OFFLINE when there is none. */
    request(name: any, body?: {}): any;
    /** Sends a fire-and-forget frame (ack) on the live session; false when offline. */
    post(name: any, body: any): any;
    #private;
}
import { ReconnectPolicy } from './reconnect-policy.js';
