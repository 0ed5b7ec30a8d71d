export declare const LOST_ANSWER_MESSAGE: string;
export declare function answerComplete(sent: Uint8Array, messages: { name?: string }[]): boolean;
export declare function guardLostAnswers<T extends object>(pglite: T): T;
