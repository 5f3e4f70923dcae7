/**
 * Workers refuse to compile WebAssembly from bytes at run time ("Wasm code generation disallowed by embedder"),
 * which is how hash-wasm loads its Argon2 and BLAKE2b code. scripts/extract-wasm.ts writes those binaries out at
 * build time; the bundler turns these imports into precompiled modules, and hash-wasm's compile call is answered
 * from them. Matching on exact size and content keeps any other compile call untouched.
 */
import argon2 from "./generated/argon2.wasm";
import blake2b from "./generated/blake2b.wasm";
import { WASM_SIZES } from "./generated/wasm-sizes.ts";

const precompiled = new Map<number, WebAssembly.Module>([
  [WASM_SIZES.argon2, argon2],
  [WASM_SIZES.blake2b, blake2b],
]);
const compile = WebAssembly.compile.bind(WebAssembly);

WebAssembly.compile = async (bytes: BufferSource): Promise<WebAssembly.Module> => {
  const length = bytes.byteLength;
  return precompiled.get(length) ?? compile(bytes);
};
