export function sketchOf({ type, text, senderNickname, senderId, recalled }: {
    type: any;
    text: any;
    senderNickname: any;
    senderId?: string;
    recalled?: boolean;
}, kind: any): any;
export const SKETCH_LENGTH: 30;
