export function sketchOf({ type, text, senderNickname }: {
    type: any;
    text: any;
    senderNickname: any;
}, kind: any): any;
export const SKETCH_LENGTH: 30;
