/** Flags of the one kernel build. */
export const KERNEL_FLAGS: readonly string[];
/** Compiles the AssemblyScript kernel; resolves to the .wasm bytes. */
export function compileKernel(): Promise<Buffer>;
/** The generated TypeScript module's text for `wasm`. */
export function renderKernelModule(wasm: Buffer): string;
/** The generated layout modules (AssemblyScript and TypeScript): absolute path -> text. */
export function renderLayoutFiles(): Record<string, string>;
