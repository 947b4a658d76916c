export * from './recommender-data';
export * from './recommender-engine';
export * from './recommender-queries';
export * from './recommender-jobs';
export * from './import-ratings';
export * from './import-catalogue';
