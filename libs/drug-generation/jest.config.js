module.exports = { ...require('../../jest.preset.js'), displayName: 'drug-generation', rootDir: __dirname };
