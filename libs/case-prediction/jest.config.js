module.exports = { ...require('../../jest.preset.js'), displayName: 'case-prediction', rootDir: __dirname };
