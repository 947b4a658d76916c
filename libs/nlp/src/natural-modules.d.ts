// natural ships no types for this file; its index (which has them) cannot be loaded under jest.
declare module 'natural/lib/natural/util/stopwords' {
  export const words: string[];
}
