// The logging interface the pure client modules write to, so they can be tested without VS Code.

/** A sink for step-by-step messages; in the extension it is the "Code Node" log channel. */
export interface Log {
    info(message: string): void;
    warn(message: string): void;
    error(message: string): void;
}

/** A log that keeps its lines, used by unit tests and by code that wants to echo a decision later. */
export class MemoryLog implements Log {
    readonly lines: string[] = [];

    info(message: string): void {
        this.lines.push(`info: ${message}`);
    }

    warn(message: string): void {
        this.lines.push(`warn: ${message}`);
    }

    error(message: string): void {
        this.lines.push(`error: ${message}`);
    }
}
