/**
 * A real import() of an ES module (a plugin's entry). One function for it so the bundle can replace
 * it: code run from V8's code cache has no import() of its own, and the startup loader passes one in.
 */
export const importModule = (specifier: string): Promise<unknown> => import(specifier);
