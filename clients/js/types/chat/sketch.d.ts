export function sketchOf({ type, text, senderNickname, recalled }: {
    type: any;
    text: any;
    senderNickname: any;
    recalled?: boolean;
}, kind: any): any;
export const SKETCH_LENGTH: 30;
