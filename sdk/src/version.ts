// Kept equal to package.json's version (a test checks); reading package.json at runtime would cost
// a file read on every import.
export const SDK_VERSION = '0.1.0';
