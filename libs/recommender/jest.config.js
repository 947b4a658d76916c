module.exports = { ...require('../../jest.preset.js'), displayName: 'recommender', rootDir: __dirname };
