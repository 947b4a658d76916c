import { PMED_VERSION } from '@pmed/core';
console.log(PMED_VERSION);
