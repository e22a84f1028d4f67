/* Filled in by issue 11. */
export {};
