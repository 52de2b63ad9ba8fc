/** Pure functions from formulation data to view models, in three parts. */
export * from './presenter/common.ts';
export * from './presenter/draft-pages.ts';
export * from './presenter/record-pages.ts';
